#include "vocabulary.hpp"

#include <utility>

namespace console_host {
namespace {

template <typename Enum, size_t N>
Enum parse_word(const std::pair<Enum, const char*> (&table)[N], const std::string& word, Enum fallback) {
  for (const auto& entry : table)
    if (word == entry.second) return entry.first;
  return fallback;
}

template <typename Enum, size_t N>
std::string word_of(const std::pair<Enum, const char*> (&table)[N], Enum value, const char* fallback) {
  for (const auto& entry : table)
    if (entry.first == value) return entry.second;
  return fallback;
}

const std::pair<StepStatus, const char*> kStepStatuses[] = {
    {StepStatus::kOk, "ok"}, {StepStatus::kInvalid, "invalid"}, {StepStatus::kBrowser, "browser"}};

const std::pair<ConnectorStatus, const char*> kConnectorStatuses[] = {
    {ConnectorStatus::kConnected, "connected"},
    {ConnectorStatus::kReauthorizationNeeded, "reauthorization_needed"},
    {ConnectorStatus::kCreating, "creating"},
    {ConnectorStatus::kAbandoned, "abandoned"}};

const std::pair<ErrorCode, const char*> kErrorCodes[] = {
    {ErrorCode::kInvalidInput, "invalid_input"},
    {ErrorCode::kAuthRequired, "auth_required"},
    {ErrorCode::kAuthDenied, "auth_denied"},
    {ErrorCode::kPermissionMissing, "permission_missing"},
    {ErrorCode::kRateLimited, "rate_limited"},
    {ErrorCode::kRemoteError, "remote_error"},
    {ErrorCode::kNetwork, "network"},
    {ErrorCode::kConflict, "conflict"},
    {ErrorCode::kCancelled, "cancelled"},
    {ErrorCode::kUnsupported, "unsupported"},
    {ErrorCode::kInternal, "internal"},
    {ErrorCode::kNotFound, "not_found"},
};

}  // namespace

StepStatus parse_step_status(const std::string& word) { return parse_word(kStepStatuses, word, StepStatus::kUnknown); }
std::string to_string(StepStatus s) { return word_of(kStepStatuses, s, "unknown"); }

ConnectorStatus parse_connector_status(const std::string& word) {
  return parse_word(kConnectorStatuses, word, ConnectorStatus::kOther);
}
std::string to_string(ConnectorStatus s) { return word_of(kConnectorStatuses, s, "other"); }

ErrorCode parse_error_code(const std::string& word) { return parse_word(kErrorCodes, word, ErrorCode::kInternal); }
std::string to_string(ErrorCode c) { return word_of(kErrorCodes, c, "internal"); }

}  // namespace console_host
