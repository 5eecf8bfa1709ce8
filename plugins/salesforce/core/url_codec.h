// URL pieces: percent-encoding, form bodies, query strings and the parts of
// an absolute URL, all read and written by libcurl (curl_easy_escape,
// curl_easy_unescape, CURLU); this file only adds the
// application/x-www-form-urlencoded rules on top ('+' is a space when
// reading; a space is written %20, which Salesforce reads as a space too).
//
//   std::string body = form_encode({{"grant_type", "authorization_code"}, {"code", code}});
//   auto params = parse_query(query_of("http://127.0.0.1:1717/cb?code=a%2Bb&state=x"));
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace salesforce {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// RFC 3986 percent-encoding of everything but unreserved characters
// (byte for byte what curl_easy_escape gives).
std::string percent_encode(const std::string& value);
// Decodes %XX (curl_easy_unescape; a malformed escape stays as it is), and
// '+' as a space when `plus_is_space`.
std::string percent_decode(const std::string& value, bool plus_is_space);

// "a=1&b=2" with each name and value percent-encoded.
std::string form_encode(const FormFields& fields);

// Decoded name -> value pairs of a query string (first value wins).
std::map<std::string, std::string> parse_query(const std::string& query);

// The query of an absolute URL ("" when none); throws console::Error
// (invalid_input) when `url` is not an absolute URL.
std::string query_of(const std::string& url);

// "scheme://host[:port]" and the path of an absolute URL, both via libcurl.
std::string origin_of(const std::string& url);
std::string path_of(const std::string& url);

// An absolute URL as libcurl reads it (and so as libcurl would connect to
// it): the scheme lower-case, the host percent-decoded (IPv6 literals in
// brackets), the port only when the URL names one.
struct UrlParts {
  std::string scheme;
  bool has_userinfo = false;  // "user@" or "user:password@" before the host
  std::string host;
  std::string port;
  std::string path;
};

// libcurl's reading of `url`, or nullopt when libcurl refuses it (or it holds
// a NUL byte). Any scheme is read; with `https_by_default` a URL without
// one ("acme.my.salesforce.com:443") is read as https.
std::optional<UrlParts> parse_url_parts(const std::string& url, bool https_by_default = false);

}  // namespace salesforce
