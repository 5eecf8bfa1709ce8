#include "host_error.hpp"

#include "host_services.hpp"

namespace console_host {

ExitCode exit_code_for_plugin_error(const std::string& error_code) {
  if (error_code == "invalid_input") return ExitCode::kInvalidInput;
  if (error_code == "auth_required" || error_code == "auth_denied") return ExitCode::kAuthorization;
  // A plugin that stopped because the admin pressed Ctrl-C reports what is in
  // place (as a conflict); the exit code says why it stopped.
  if (error_code == "conflict") return cancel_requested() ? ExitCode::kCancelled : ExitCode::kConflict;
  if (error_code == "permission_missing" || error_code == "rate_limited" || error_code == "remote_error" ||
      error_code == "network")
    return ExitCode::kRemote;
  if (error_code == "unsupported") return ExitCode::kUsage;
  return ExitCode::kFailure;
}

}  // namespace console_host
