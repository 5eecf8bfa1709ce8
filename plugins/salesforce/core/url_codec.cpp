#include "url_codec.h"

#include <curl/curl.h>

#include <climits>
#include <memory>

#include "console_plugin/console_plugin.hpp"

namespace salesforce {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlFree {
  void operator()(char* p) const { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlFree>;

// libcurl reads a C string: an embedded NUL would silently cut the URL short
// (and drop the query the plugin is about to trust).
UrlHandle curl_parse(const std::string& url, unsigned int flags) {
  if (url.find('\0') != std::string::npos) return nullptr;
  UrlHandle h(curl_url());
  if (!h || curl_url_set(h.get(), CURLUPART_URL, url.c_str(), flags) != CURLUE_OK) return nullptr;
  return h;
}

UrlHandle parse_url(const std::string& url) {
  UrlHandle h = curl_parse(url, 0);
  if (!h) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, url.find('\0') != std::string::npos
                                                        ? "not an absolute URL (it contains a NUL byte)"
                                                        : "not an absolute URL");
  }
  return h;
}

std::optional<std::string> get_part(CURLU* h, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(h, part, &value, 0) != CURLUE_OK || !value) return std::nullopt;
  return std::string(CurlString(value).get());
}

std::string part_or_empty(CURLU* h, CURLUPart part) { return get_part(h, part).value_or(std::string()); }

// curl_easy_escape and curl_easy_unescape take an int length, and 0 means
// "use strlen": the empty string needs no call at all.
int curl_length(const std::string& value) {
  if (value.size() > static_cast<size_t>(INT_MAX)) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, "a URL component longer than 2 GB");
  }
  return static_cast<int>(value.size());
}

[[noreturn]] void out_of_memory() { throw console::Error(CONSOLE_ERR_INTERNAL, "libcurl ran out of memory"); }

}  // namespace

// What curl_easy_escape writes (unreserved characters kept, every other
// byte as %XX in capitals), without its formatted print per byte: a token
// request encodes a refresh token and a client secret every time.
std::string percent_encode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() + value.size() / 2);
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string percent_decode(const std::string& value, bool plus_is_space) {
  if (value.empty()) return {};
  std::string input = value;
  // '+' first: a %2B it decodes stays a '+'.
  if (plus_is_space) {
    for (char& c : input)
      if (c == '+') c = ' ';
  }
  int length = 0;
  CurlString out(curl_easy_unescape(nullptr, input.data(), curl_length(input), &length));
  if (!out) out_of_memory();
  return std::string(out.get(), static_cast<size_t>(length));
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

std::string query_of(const std::string& url) { return part_or_empty(parse_url(url).get(), CURLUPART_QUERY); }

std::string origin_of(const std::string& url) {
  UrlHandle h = parse_url(url);
  std::string out = part_or_empty(h.get(), CURLUPART_SCHEME) + "://" + part_or_empty(h.get(), CURLUPART_HOST);
  const std::string port = part_or_empty(h.get(), CURLUPART_PORT);
  if (!port.empty()) out += ":" + port;
  return out;
}

std::string path_of(const std::string& url) { return part_or_empty(parse_url(url).get(), CURLUPART_PATH); }

std::optional<UrlParts> parse_url_parts(const std::string& url, bool https_by_default) {
  const unsigned int flags = CURLU_NON_SUPPORT_SCHEME | (https_by_default ? CURLU_DEFAULT_SCHEME : 0U);
  const UrlHandle h = curl_parse(url, flags);
  if (!h) return std::nullopt;
  UrlParts p;
  p.scheme = part_or_empty(h.get(), CURLUPART_SCHEME);
  p.has_userinfo = get_part(h.get(), CURLUPART_USER).has_value() || get_part(h.get(), CURLUPART_PASSWORD).has_value();
  p.host = part_or_empty(h.get(), CURLUPART_HOST);
  p.port = part_or_empty(h.get(), CURLUPART_PORT);
  p.path = part_or_empty(h.get(), CURLUPART_PATH);
  return p;
}

}  // namespace salesforce
