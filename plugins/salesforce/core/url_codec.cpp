#include "url_codec.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>

#include "console_plugin/console_plugin.hpp"

namespace salesforce {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

UrlHandle parse_url(const std::string& url) {
  // libcurl reads a C string: an embedded NUL would silently cut the URL
  // short (and drop the query the plugin is about to trust).
  if (url.find('\0') != std::string::npos) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, "not an absolute URL (it contains a NUL byte)");
  }
  UrlHandle h(curl_url());
  if (!h || curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, "not an absolute URL");
  }
  return h;
}

std::string get_part(CURLU* h, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(h, part, &value, 0) != CURLUE_OK || !value) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_encode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(const std::string& value, bool plus_is_space) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '%' && i + 2 < value.size()) {
      const int hi = hex_value(value[i + 1]);
      const int lo = hex_value(value[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::string form_encode(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += percent_encode(name);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

std::map<std::string, std::string> parse_query(const std::string& query) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= query.size()) {
    const size_t amp = query.find('&', pos);
    const std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      const std::string name = percent_decode(pair.substr(0, eq), true);
      const std::string value = eq == std::string::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
      out.emplace(name, value);
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

std::string query_of(const std::string& url) { return get_part(parse_url(url).get(), CURLUPART_QUERY); }

std::string origin_of(const std::string& url) {
  UrlHandle h = parse_url(url);
  std::string out = get_part(h.get(), CURLUPART_SCHEME) + "://" + get_part(h.get(), CURLUPART_HOST);
  const std::string port = get_part(h.get(), CURLUPART_PORT);
  if (!port.empty()) out += ":" + port;
  return out;
}

std::string path_of(const std::string& url) { return get_part(parse_url(url).get(), CURLUPART_PATH); }

}  // namespace salesforce
