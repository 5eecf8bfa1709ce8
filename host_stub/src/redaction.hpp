// redaction.hpp -- scrubs secrets out of text before the host prints it.
//
// Plugins must never pass secrets to the host's log (console_plugin.h says
// so); this is defence in depth for plugin messages, error documents and
// URLs the host shows. It masks the values of OAuth parameters and JSON
// members that carry secrets (code, code_verifier, access_token,
// refresh_token, client_secret, password, ...), bearer tokens, and any
// value registered with add_secret() (e.g. the client secret from the config).
//
//   Redactor r;  r.add_secret(client_secret);
//   std::cerr << r.redact(message);
#ifndef CONSOLE_HOST_REDACTION_HPP
#define CONSOLE_HOST_REDACTION_HPP

#include <mutex>
#include <string>
#include <vector>

namespace console_host {

class Redactor {
 public:
  // Registers a literal value to mask wherever it appears (ignored when shorter than 4).
  void add_secret(const std::string& value);
  std::string redact(const std::string& text) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> secrets_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_REDACTION_HPP
