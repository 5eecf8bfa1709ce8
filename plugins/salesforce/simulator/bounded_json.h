// Parsing JSON that arrives from clients or files with bounded stack: the
// nesting is checked first (RapidJSON's default parser and every Accept()
// recurse once per level) and the parse itself is iterative.
#pragma once

#include <rapidjson/document.h>

#include <string>

#include "console_plugin/input_bounds.hpp"

namespace sfsim {

// Parses `text` into `d`; false when it is not JSON or nests deeper than
// console::bounds::kMaxJsonDepth.
inline bool parse_bounded_json(rapidjson::Document& d, const std::string& text) {
  if (console::bounds::json_depth_exceeds(text, console::bounds::kMaxJsonDepth)) {
    d.SetNull();
    return false;
  }
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  return !d.HasParseError();
}

}  // namespace sfsim
