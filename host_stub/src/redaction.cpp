#include "redaction.hpp"

#include <regex>

namespace console_host {
namespace {

constexpr const char* kSecretNames =
    "code|code_verifier|access_token|refresh_token|id_token|client_secret|password|assertion|token|sid";

const std::regex& param_regex() {
  static const std::regex re(std::string("(^|[?&\\s;,])(") + kSecretNames + ")=([^&\\s\"'<>]+)",
                             std::regex::ECMAScript | std::regex::icase);
  return re;
}

const std::regex& json_regex() {
  static const std::regex re(std::string("\"(") + kSecretNames + ")\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"",
                             std::regex::ECMAScript | std::regex::icase);
  return re;
}

const std::regex& bearer_regex() {
  static const std::regex re("(Bearer|OAuth)\\s+[A-Za-z0-9._~+/!=-]+", std::regex::ECMAScript | std::regex::icase);
  return re;
}

}  // namespace

void Redactor::add_secret(const std::string& value) {
  if (value.size() < 4) return;
  std::lock_guard<std::mutex> lock(mutex_);
  secrets_.push_back(value);
}

std::string Redactor::redact(const std::string& text) const {
  std::string out = std::regex_replace(text, param_regex(), "$1$2=[redacted]");
  out = std::regex_replace(out, json_regex(), "\"$1\":\"[redacted]\"");
  out = std::regex_replace(out, bearer_regex(), "$1 [redacted]");
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& s : secrets_) {
    for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos)) {
      out.replace(pos, s.size(), "[redacted]");
      pos += 10;
    }
  }
  return out;
}

}  // namespace console_host
