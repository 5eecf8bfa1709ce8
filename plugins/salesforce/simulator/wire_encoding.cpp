#include "wire_encoding.h"

#include <boost/algorithm/string.hpp>
#include <cctype>

namespace sfsim {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool percent_decode(const std::string& in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool decode_form(const std::string& body, ParamMap& out) {
  bool ok = true;
  std::vector<std::string> pairs;
  boost::split(pairs, body, boost::is_any_of("&"));
  for (const auto& pair : pairs) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string key, value;
    const bool k_ok = percent_decode(pair.substr(0, eq), key, true);
    const bool v_ok = eq == std::string::npos || percent_decode(pair.substr(eq + 1), value, true);
    if (!k_ok || !v_ok) {
      ok = false;
      continue;
    }
    out.emplace(key, value);
  }
  return ok;
}

void percent_encode(const std::string& in, bool (*kept)(unsigned char), std::string& out) {
  static const char* hex = "0123456789ABCDEF";
  for (const unsigned char c : in) {
    if (kept(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
}

std::string url_encode(const std::string& in) {
  std::string out;
  percent_encode(
      in, [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~'; }, out);
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& f : fields) {
    if (!out.empty()) out.push_back('&');
    out += url_encode(f.first) + "=" + url_encode(f.second);
  }
  return out;
}

std::string first_param(const ParamMap& params, const std::string& name) {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

bool has_param(const ParamMap& params, const std::string& name) { return params.find(name) != params.end(); }

std::string html_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// The same five escapes serve XML text and attributes (&#39; is valid XML).
std::string xml_escape(const std::string& s) { return html_escape(s); }

}  // namespace sfsim
