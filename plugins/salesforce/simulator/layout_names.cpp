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
  std::string out = decoded_full_name.substr(0, dash + 1);
  percent_encode(decoded_full_name.substr(dash + 1), kept, out);
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
