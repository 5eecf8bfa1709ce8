// vocabulary.hpp -- the words of the wizard protocol the host acts on, as
// enums: read once where a document (or a store row) is read, compared as
// enums everywhere after, and written back with to_string.
//
//   StepStatus s = parse_step_status(json_string(doc, "status", "ok"));
//   if (s == StepStatus::kBrowser) ...
//   ErrorCode c = parse_error_code(json_string(doc, "code"));   // unknown words: kInternal
//   std::string word = to_string(c);                              // "remote_error"
#ifndef CONSOLE_HOST_VOCABULARY_HPP
#define CONSOLE_HOST_VOCABULARY_HPP

#include <string>

namespace console_host {

// A step result's "status" (wizard-protocol.md, section 3).
enum class StepStatus { kOk, kInvalid, kBrowser, kUnknown };
StepStatus parse_step_status(const std::string& word);
std::string to_string(StepStatus s);

// A connector's status as the plugin reports it ("connected",
// "reauthorization_needed") and the store keeps it (also "creating" for a
// reservation; `connector list` shows a dead one as "abandoned"); anything
// else is kOther.
enum class ConnectorStatus { kConnected, kReauthorizationNeeded, kCreating, kAbandoned, kOther };
ConnectorStatus parse_connector_status(const std::string& word);
std::string to_string(ConnectorStatus s);

// An error document's "code" (wizard-protocol.md, section 6), plus the
// host's own kNotFound (the connector went away while a command waited).
// A word the host does not know reads as kInternal.
enum class ErrorCode {
  kInvalidInput,
  kAuthRequired,
  kAuthDenied,
  kPermissionMissing,
  kRateLimited,
  kRemoteError,
  kNetwork,
  kConflict,
  kCancelled,  // ABI 1.2: the call stopped because the admin asked (Ctrl-C)
  kUnsupported,
  kInternal,
  kNotFound,
};
ErrorCode parse_error_code(const std::string& word);
std::string to_string(ErrorCode c);

}  // namespace console_host

#endif  // CONSOLE_HOST_VOCABULARY_HPP
