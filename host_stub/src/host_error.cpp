#include "host_error.hpp"

namespace console_host {

ExitCode exit_code_for_plugin_error(const std::string& error_code) {
  if (error_code == "invalid_input") return ExitCode::kInvalidInput;
  if (error_code == "auth_required" || error_code == "auth_denied") return ExitCode::kAuthorization;
  if (error_code == "cancelled") return ExitCode::kCancelled;
  if (error_code == "conflict") return ExitCode::kConflict;
  if (error_code == "permission_missing" || error_code == "rate_limited" || error_code == "remote_error" ||
      error_code == "network")
    return ExitCode::kRemote;
  if (error_code == "unsupported") return ExitCode::kUsage;
  return ExitCode::kFailure;
}

}  // namespace console_host
