// json_document.hpp -- small RapidJSON conveniences for the documents of
// docs/wizard-protocol.md, so host code reads members without repeating
// type checks.
//
//   rapidjson::Document d = parse_json(text, "step result");   // throws HostError
//   std::string step = json_string(d, "step");                 // "" when absent
#ifndef CONSOLE_HOST_JSON_DOCUMENT_HPP
#define CONSOLE_HOST_JSON_DOCUMENT_HPP

#include <rapidjson/document.h>

#include <string>

namespace console_host {

// Parses `text` into `d` with constant stack; false when it is not JSON or
// nests deeper than console::bounds::kMaxJsonDepth (so later recursive walks
// over `d` stay bounded). For every document from outside the host: a
// plugin's answers, the store, configuration.
bool try_parse_json(rapidjson::Document& d, const std::string& text);

// Parses `text`; throws HostError(kFailure) naming `what` when it is not JSON,
// nests too deeply or is not an object.
rapidjson::Document parse_json_object(const std::string& text, const std::string& what);

// Serialises a value compactly / indented.
std::string to_json(const rapidjson::Value& v);
std::string to_pretty_json(const rapidjson::Value& v);

// Member accessors that tolerate absence and wrong types.
std::string json_string(const rapidjson::Value& obj, const char* member, const std::string& fallback = {});
bool json_bool(const rapidjson::Value& obj, const char* member, bool fallback = false);
const rapidjson::Value* json_member(const rapidjson::Value& obj, const char* member);

// A scalar rendered as the text an admin would type ("true", "42", "abc").
std::string json_scalar_text(const rapidjson::Value& v);

// Quotes a string as a JSON string literal.
std::string json_quote(const std::string& s);

}  // namespace console_host

#endif  // CONSOLE_HOST_JSON_DOCUMENT_HPP
