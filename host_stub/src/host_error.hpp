// host_error.hpp -- the one way host code reports a failure.
//
// Host code throws HostError; main() catches it, prints the message (and the
// hint, when there is one) and exits with its ExitCode. Nothing else decides
// exit codes, so docs/host.md can list them all from this file.
//
//   throw HostError(ExitCode::kConflict, "project \"Sales\" already has a Salesforce connector",
//                   "reconfigure the existing one with `connector reconfigure`");
#ifndef CONSOLE_HOST_HOST_ERROR_HPP
#define CONSOLE_HOST_HOST_ERROR_HPP

#include <stdexcept>
#include <string>

namespace console_host {

// Process exit codes of console-host (documented in docs/host.md).
enum class ExitCode : int {
  kOk = 0,
  kFailure = 1,          // an unexpected failure (a bug, or the plugin said "internal")
  kUsage = 2,            // bad command line
  kInvalidInput = 3,     // answers refused (non-interactive), or bad answers file/config
  kNotFound = 4,         // no such project, connector or connector type
  kConflict = 5,         // duplicate name, second connector of a singleton type, concurrent change
  kAuthorization = 6,    // authorization denied, or re-authorization needed
  kTimeout = 7,          // the browser never came back to the callback
  kCallbackPortBusy = 8, // the loopback callback port is taken
  kRemote = 9,           // the connector's remote system failed (network, remote error, permissions, limits)
  kPartial = 10,         // a bulk operation (refresh --all) failed for some connectors
  kCancelled = 11,       // the admin cancelled the wizard
  kStore = 12,           // the store or its key file cannot be used
};

class HostError : public std::runtime_error {
 public:
  HostError(ExitCode code, const std::string& message, std::string hint = {})
      : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

  ExitCode code() const { return code_; }
  // An actionable next step for the admin, or "".
  const std::string& hint() const { return hint_; }

 private:
  ExitCode code_;
  std::string hint_;
};

// The exit code for a plugin error document's "code" (wizard-protocol.md 6).
ExitCode exit_code_for_plugin_error(const std::string& error_code);

}  // namespace console_host

#endif  // CONSOLE_HOST_HOST_ERROR_HPP
