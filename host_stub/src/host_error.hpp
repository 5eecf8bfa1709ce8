// host_error.hpp -- the one way host code reports a failure.
//
// Host code throws HostError; main() catches it and report_error() prints it,
// once: the message (and the hint, when there is one) on stderr and, with
// --json, one error object on stdout; then main exits with its ExitCode.
// Nothing else prints an error or decides an exit code, so docs/host.md can
// list them all from this file.
//
//   throw HostError(ExitCode::kConflict, "project \"Sales\" already has a Salesforce connector",
//                   "reconfigure the existing one with `connector reconfigure`");
#ifndef CONSOLE_HOST_HOST_ERROR_HPP
#define CONSOLE_HOST_HOST_ERROR_HPP

#include <exception>
#include <stdexcept>
#include <string>

#include "vocabulary.hpp"

namespace console_host {

// Process exit codes of console-host (documented in docs/host.md).
enum class ExitCode : int {
  kOk = 0,
  kFailure = 1,           // an unexpected failure (a bug, or the plugin said "internal")
  kUsage = 2,             // bad command line
  kInvalidInput = 3,      // answers refused (non-interactive), or bad answers file/config
  kNotFound = 4,          // no such project, connector or connector type
  kConflict = 5,          // duplicate name, second connector of a singleton type, concurrent change
  kAuthorization = 6,     // authorization denied or not enough (missing permissions), or re-authorization needed
  kTimeout = 7,           // the browser never came back to the callback
  kCallbackPortBusy = 8,  // the loopback callback port is taken
  kRemote = 9,            // the connector's remote system failed or could not be reached (network, 5xx, limits)
  kPartial = 10,          // a bulk operation (refresh --all) failed for some connectors
  kCancelled = 11,        // the admin cancelled the wizard
  kStore = 12,            // the store or its key file cannot be used
};

class HostError : public std::runtime_error {
 public:
  HostError(ExitCode code, const std::string& message, std::string hint = {})
      : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

  ExitCode code() const { return code_; }
  // An actionable next step for the admin, or "".
  const std::string& hint() const { return hint_; }

  // What --json adds to the message: the error's word (a plugin error
  // code such as "remote_error", else the exit code's name such as
  // "not_found"), the field at fault ("step.field", or ""), and what is in
  // place in the remote system when the error says so (a JSON object, or "").
  std::string word() const { return word_.empty() ? exit_code_name(code_) : word_; }
  const std::string& field() const { return field_; }
  const std::string& in_place_json() const { return in_place_json_; }
  HostError& with_word(std::string w) {
    word_ = std::move(w);
    return *this;
  }
  HostError& with_field(std::string f) {
    field_ = std::move(f);
    return *this;
  }
  HostError& with_in_place(std::string json) {
    in_place_json_ = std::move(json);
    return *this;
  }

  // "usage", "not_found", "remote", ...: the name --json gives an exit code.
  static std::string exit_code_name(ExitCode code);

 private:
  ExitCode code_;
  std::string hint_;
  std::string word_;
  std::string field_;
  std::string in_place_json_;
};

// The exit code for a plugin error document's "code" (wizard-protocol.md 6).
ExitCode exit_code_for_plugin_error(ErrorCode error_code);
inline ExitCode exit_code_for_plugin_error(const std::string& error_code) {
  return exit_code_for_plugin_error(parse_error_code(error_code));
}

// Prints a failure once: "error: MESSAGE" (and "hint: HINT") on stderr and,
// when `json`, one error object on stdout:
//   {"error": {"code": "remote_error", "message": "...", "exit_code": 9,
//              "field": "authorize.authorize", "hint": "...", "in_place": {...}}}
// (field, hint and in_place only when known). Returns the exit code.
int report_error(const std::exception& e, bool json);

}  // namespace console_host

#endif  // CONSOLE_HOST_HOST_ERROR_HPP
