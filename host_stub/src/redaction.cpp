#include "redaction.hpp"

#include <array>
#include <cctype>
#include <cstring>

namespace console_host {
namespace {

// Hand-written scanners rather than patterns: they run in one pass with
// constant stack whatever the input (std::regex recurses once per character
// and crashes on a long token).

constexpr std::array<const char*, 10> kSecretNames = {
    "code",          "code_verifier", "access_token", "refresh_token", "id_token",
    "client_secret", "password",      "assertion",    "token",         "sid"};
constexpr size_t kLongestSecretName = 13;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_secret_name(const std::string& text, size_t begin, size_t end) {
  const size_t n = end - begin;
  for (const char* name : kSecretNames) {
    if (std::strlen(name) != n) continue;
    bool same = true;
    for (size_t i = 0; i < n && same; ++i) same = std::tolower(static_cast<unsigned char>(text[begin + i])) == name[i];
    if (same) return true;
  }
  return false;
}

bool is_name_char(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }

bool ends_param_value(char c) { return c == '&' || c == '"' || c == '\'' || c == '<' || c == '>' || is_space(c); }

// name=value after the start, '?', '&', ';', ',' or white space, for the
// secret names: the value becomes [redacted].
std::string redact_parameters(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    const bool boundary =
        i == 0 || in[i - 1] == '?' || in[i - 1] == '&' || in[i - 1] == ';' || in[i - 1] == ',' || is_space(in[i - 1]);
    if (boundary && is_name_char(in[i])) {
      size_t name_end = i;
      while (name_end < in.size() && is_name_char(in[name_end]) && name_end - i <= kLongestSecretName) ++name_end;
      if (name_end < in.size() && in[name_end] == '=' && is_secret_name(in, i, name_end)) {
        size_t value_end = name_end + 1;
        while (value_end < in.size() && !ends_param_value(in[value_end])) ++value_end;
        if (value_end > name_end + 1) {
          out.append(in, i, name_end - i);
          out += "=[redacted]";
          i = value_end;
          continue;
        }
      }
    }
    out += in[i++];
  }
  return out;
}

// "name" : "value" for the secret names: becomes "name":"[redacted]".
std::string redact_json_members(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    if (in[i] == '"') {
      const size_t name_begin = i + 1;
      size_t name_end = name_begin;
      while (name_end < in.size() && in[name_end] != '"' && name_end - name_begin <= kLongestSecretName) ++name_end;
      if (name_end < in.size() && in[name_end] == '"' && is_secret_name(in, name_begin, name_end)) {
        size_t j = name_end + 1;
        while (j < in.size() && is_space(in[j])) ++j;
        if (j < in.size() && in[j] == ':') {
          ++j;
          while (j < in.size() && is_space(in[j])) ++j;
          if (j < in.size() && in[j] == '"') {
            size_t k = j + 1;
            while (k < in.size() && in[k] != '"') k += in[k] == '\\' ? 2 : 1;
            if (k < in.size()) {
              out += '"';
              out.append(in, name_begin, name_end - name_begin);
              out += "\":\"[redacted]\"";
              i = k + 1;
              continue;
            }
          }
        }
      }
    }
    out += in[i++];
  }
  return out;
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("._~+/!=-", c) != nullptr;
}

bool starts_with_nocase(const std::string& text, size_t at, const char* word) {
  const size_t n = std::strlen(word);
  if (text.size() - at < n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
  }
  return true;
}

// "Bearer <token>" and "OAuth <token>": the token becomes [redacted].
std::string redact_bearer_tokens(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    size_t word = 0;
    if (starts_with_nocase(in, i, "bearer")) word = 6;
    if (starts_with_nocase(in, i, "oauth")) word = 5;
    if (word > 0) {
      size_t j = i + word;
      while (j < in.size() && is_space(in[j])) ++j;
      size_t k = j;
      while (k < in.size() && is_token_char(in[k])) ++k;
      if (j > i + word && k > j) {
        out.append(in, i, word);
        out += " [redacted]";
        i = k;
        continue;
      }
    }
    out += in[i++];
  }
  return out;
}

}  // namespace

void Redactor::add_secret(const std::string& value) {
  if (value.size() < 4) return;
  std::lock_guard<std::mutex> lock(mutex_);
  secrets_.push_back(value);
}

std::string Redactor::redact(const std::string& text) const {
  std::string out = redact_bearer_tokens(redact_json_members(redact_parameters(text)));
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
