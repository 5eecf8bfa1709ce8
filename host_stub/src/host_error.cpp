#include "host_error.hpp"

#include <rapidjson/document.h>

#include <iostream>

#include "host_services.hpp"
#include "json_document.hpp"

namespace console_host {

ExitCode exit_code_for_plugin_error(ErrorCode error_code) {
  switch (error_code) {
    case ErrorCode::kInvalidInput:
      return ExitCode::kInvalidInput;
    // Missing permissions are an authorization that is not enough: the fix is
    // granting them (or signing in as another user), never retrying later.
    case ErrorCode::kAuthRequired:
    case ErrorCode::kAuthDenied:
    case ErrorCode::kPermissionMissing:
      return ExitCode::kAuthorization;
    case ErrorCode::kConflict:
      return ExitCode::kConflict;
    case ErrorCode::kCancelled:
      return ExitCode::kCancelled;
    case ErrorCode::kRateLimited:
    case ErrorCode::kRemoteError:
    case ErrorCode::kNetwork:
      return ExitCode::kRemote;
    case ErrorCode::kUnsupported:
      return ExitCode::kUsage;
    case ErrorCode::kNotFound:
      return ExitCode::kNotFound;
    case ErrorCode::kInternal:
      break;
  }
  return ExitCode::kFailure;
}

std::string HostError::exit_code_name(ExitCode code) {
  switch (code) {
    case ExitCode::kOk:
      return "ok";
    case ExitCode::kFailure:
      return "failure";
    case ExitCode::kUsage:
      return "usage";
    case ExitCode::kInvalidInput:
      return "invalid_input";
    case ExitCode::kNotFound:
      return "not_found";
    case ExitCode::kConflict:
      return "conflict";
    case ExitCode::kAuthorization:
      return "authorization";
    case ExitCode::kTimeout:
      return "timeout";
    case ExitCode::kCallbackPortBusy:
      return "callback_port_busy";
    case ExitCode::kRemote:
      return "remote";
    case ExitCode::kPartial:
      return "partial";
    case ExitCode::kCancelled:
      return "cancelled";
    case ExitCode::kStore:
      return "store";
  }
  return "internal";
}

int report_error(const std::exception& e, bool json) {
  const auto* host = dynamic_cast<const HostError*>(&e);
  const ExitCode code = host != nullptr ? host->code() : ExitCode::kFailure;
  std::cerr << "error: " << e.what() << "\n";
  if (host != nullptr && !host->hint().empty()) std::cerr << "hint: " << host->hint() << "\n";
  if (json) {
    rapidjson::Document d(rapidjson::kObjectType);
    auto& a = d.GetAllocator();
    rapidjson::Value err(rapidjson::kObjectType);
    const std::string word = host != nullptr ? host->word() : "internal";
    err.AddMember("code", rapidjson::Value(word.c_str(), a), a);
    err.AddMember("message", rapidjson::Value(e.what(), a), a);
    err.AddMember("exit_code", static_cast<int>(code), a);
    if (host != nullptr && !host->field().empty())
      err.AddMember("field", rapidjson::Value(host->field().c_str(), a), a);
    if (host != nullptr && !host->hint().empty()) err.AddMember("hint", rapidjson::Value(host->hint().c_str(), a), a);
    rapidjson::Document in_place;
    if (host != nullptr && !host->in_place_json().empty() && try_parse_json(in_place, host->in_place_json()) &&
        in_place.IsObject())
      err.AddMember("in_place", rapidjson::Value(in_place, a), a);
    d.AddMember("error", err, a);
    std::cout << to_pretty_json(d) << "\n" << std::flush;
  }
  return static_cast<int>(code);
}

}  // namespace console_host
