#include "wizard/display_text.hpp"

#include <cstdio>

#include "host_error.hpp"

namespace console_host {
namespace {

// The control character starting at `i` (C0, DEL, or a UTF-8 encoded C1),
// written visibly, and its length in bytes; 0 when there is none.
size_t control_at(const std::string& s, size_t i, std::string& shown) {
  const auto c = static_cast<unsigned char>(s[i]);
  char buf[12];
  if (c < 0x20 || c == 0x7f) {
    if (c == '\t')
      shown = "\\t";
    else if (c == '\n')
      shown = "\\n";
    else if (c == '\r')
      shown = "\\r";
    else {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      shown = buf;
    }
    return 1;
  }
  if (c == 0xC2 && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    if (d >= 0x80 && d <= 0x9F) {
      std::snprintf(buf, sizeof buf, "\\u%04x", d);
      shown = buf;
      return 2;
    }
  }
  return 0;
}

size_t utf8_characters(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::optional<std::string> first_control_character(const std::string& text, bool allow_newlines) {
  std::string shown;
  for (size_t i = 0; i < text.size(); ++i) {
    if (allow_newlines && (text[i] == '\n' || text[i] == '\r')) continue;
    if (control_at(text, i, shown) > 0) return shown;
  }
  return std::nullopt;
}

std::string visible(const std::string& text) {
  std::string out;
  std::string shown;
  for (size_t i = 0; i < text.size();) {
    const size_t n = control_at(text, i, shown);
    if (n > 0) {
      out += shown;
      i += n;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string checked_name(const std::string& what, const std::string& raw, size_t max_length) {
  const size_t b = raw.find_first_not_of(' ');
  std::string name = b == std::string::npos ? std::string() : raw.substr(b, raw.find_last_not_of(' ') - b + 1);
  if (name.empty()) throw HostError(ExitCode::kInvalidInput, "the " + what + " must not be empty");
  if (auto c = first_control_character(name)) {
    throw HostError(
        ExitCode::kInvalidInput,
        "the " + what + " \"" + visible(name.substr(0, 100)) + "\" contains a control character (" + *c + ")",
        "use letters, digits, spaces and punctuation only");
  }
  if (utf8_characters(name) > max_length) {
    throw HostError(ExitCode::kInvalidInput, "the " + what + " is longer than " + std::to_string(max_length) +
                                                 " characters (" + std::to_string(utf8_characters(name)) + ")");
  }
  return name;
}

}  // namespace console_host
