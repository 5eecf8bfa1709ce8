// URL pieces: percent-encoding, form bodies and query strings.
//
// Parsing of absolute URLs is libcurl's (CURLU); this file only adds the
// application/x-www-form-urlencoded rules on top.
//
//   std::string body = form_encode({{"grant_type", "authorization_code"}, {"code", code}});
//   auto params = parse_query(query_of("http://127.0.0.1:1717/cb?code=a%2Bb&state=x"));
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace salesforce {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string percent_encode(const std::string& value);
// Decodes %XX, and '+' as a space when `plus_is_space`.
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

}  // namespace salesforce
