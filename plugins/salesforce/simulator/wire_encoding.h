// Text encodings of the wire: percent and form encoding (RFC 3986,
// application/x-www-form-urlencoded) and HTML/XML escaping. The generic
// string algorithms (case, prefixes, splitting, trimming) come from
// Boost.Algorithm; these are the ones it does not have.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sfsim {

// Decoded query or form parameters, in the order received per name.
using ParamMap = std::multimap<std::string, std::string>;

// Form and URL encoding helpers. decode_form returns false on malformed
// percent escapes so callers can answer 400 instead of guessing.
bool percent_decode(const std::string& in, std::string& out, bool plus_is_space);
bool decode_form(const std::string& body, ParamMap& out);
// Appends in to out with every byte kept() refuses written as %XX.
void percent_encode(const std::string& in, bool (*kept)(unsigned char), std::string& out);
std::string url_encode(const std::string& in);  // RFC 3986 unreserved kept
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
std::string first_param(const ParamMap& params, const std::string& name);
bool has_param(const ParamMap& params, const std::string& name);

std::string html_escape(const std::string& s);
std::string xml_escape(const std::string& s);

}  // namespace sfsim
