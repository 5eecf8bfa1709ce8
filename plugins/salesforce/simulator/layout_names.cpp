#include "layout_names.h"

#include <cctype>

#include "sim_http.h"

namespace sfsim {

namespace {
bool kept(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == ' ' || c == '-' || c == '_'; }
}  // namespace

std::string encode_layout_full_name(const std::string& decoded_full_name) {
  const auto dash = decoded_full_name.find('-');
  if (dash == std::string::npos) return decoded_full_name;
  static const char* hex = "0123456789ABCDEF";
  std::string out = decoded_full_name.substr(0, dash + 1);
  for (const unsigned char c : decoded_full_name.substr(dash + 1)) {
    if (kept(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string decode_layout_full_name(const std::string& full_name) {
  std::string out;
  return percent_decode(full_name, out, false) ? out : full_name;
}

bool is_encoded_layout_full_name(const std::string& full_name) {
  return encode_layout_full_name(decode_layout_full_name(full_name)) == full_name;
}

std::string layout_display_name(const std::string& full_name) {
  const std::string decoded = decode_layout_full_name(full_name);
  const auto dash = decoded.find('-');
  return dash == std::string::npos ? decoded : decoded.substr(dash + 1);
}

}  // namespace sfsim
