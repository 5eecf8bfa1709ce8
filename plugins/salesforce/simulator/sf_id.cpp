#include "sf_id.h"

#include <cstdio>

namespace sfsim {

std::string to_id18(const std::string& id15) {
  if (id15.size() != 15) return id15;
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  std::string suffix;
  for (int chunk = 0; chunk < 3; ++chunk) {
    int bits = 0;
    for (int i = 0; i < 5; ++i) {
      const char c = id15[static_cast<std::size_t>(chunk) * 5 + static_cast<std::size_t>(i)];
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix.push_back(alphabet[bits]);
  }
  return id15 + suffix;
}

std::string to_id15(const std::string& id) { return id.size() > 15 ? id.substr(0, 15) : id; }

std::string make_id(const std::string& key_prefix, int sequence) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%09d", sequence);
  return to_id18(key_prefix + "SIM" + digits);
}

bool same_id(const std::string& a, const std::string& b) {
  if (a.size() < 15 || b.size() < 15) return a == b;
  return to_id15(a) == to_id15(b);
}

}  // namespace sfsim
