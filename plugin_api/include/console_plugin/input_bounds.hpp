// input_bounds.hpp -- linear pre-checks for documents that come from outside.
//
// RapidJSON's default parser, rapidxml (behind Boost.PropertyTree's read_xml)
// and every recursive walk over the trees they build use one stack frame per
// level of nesting: a document nested a million levels deep crashes the
// process before any validation code runs. These scanners measure nesting in
// one pass with constant stack, so a reader can refuse such a document first:
//
//   if (console::bounds::json_depth_exceeds(body, console::bounds::kMaxJsonDepth))
//     throw console::Error(CONSOLE_ERR_REMOTE_ERROR, "the response is nested too deeply");
//   d.Parse<rapidjson::kParseIterativeFlag>(body.c_str(), body.size());
//
// The scanners are not validators: they only count. Malformed text passes
// through to the real parser, which reports it.
#ifndef CONSOLE_PLUGIN_INPUT_BOUNDS_HPP
#define CONSOLE_PLUGIN_INPUT_BOUNDS_HPP

#include <cstddef>
#include <cstring>
#include <string>

namespace console {
namespace bounds {

// Deeper than any document of the wizard protocol or any Salesforce response
// (a SOAP envelope around a page layout is about 10 levels).
constexpr std::size_t kMaxJsonDepth = 64;
constexpr std::size_t kMaxXmlDepth = 128;

// True when the arrays and objects of `text` nest deeper than `limit`.
// Brackets inside JSON strings (with their escapes) are not counted.
inline bool json_depth_exceeds(const char* text, std::size_t size, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < size; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

inline bool json_depth_exceeds(const std::string& text, std::size_t limit) {
  return json_depth_exceeds(text.data(), text.size(), limit);
}

// True when the elements of `text` nest deeper than `limit`. Comments,
// CDATA sections, processing instructions and declarations are skipped;
// quoted attribute values may hold '>'; "<a/>" opens nothing.
inline bool xml_depth_exceeds(const char* text, std::size_t size, std::size_t limit) {
  const auto skip_past = [&](std::size_t from, const char* end) {
    const std::size_t n = std::strlen(end);
    for (std::size_t j = from; j + n <= size; ++j) {
      if (std::memcmp(text + j, end, n) == 0) return j + n;
    }
    return size;
  };
  std::size_t depth = 0;
  std::size_t i = 0;
  while (i < size) {
    if (text[i] != '<') {
      ++i;
      continue;
    }
    if (i + 1 >= size) break;
    const char next = text[i + 1];
    if (size - i >= 4 && std::memcmp(text + i, "<!--", 4) == 0) {
      i = skip_past(i + 4, "-->");
    } else if (size - i >= 9 && std::memcmp(text + i, "<![CDATA[", 9) == 0) {
      i = skip_past(i + 9, "]]>");
    } else if (next == '?') {
      i = skip_past(i + 2, "?>");
    } else if (next == '!') {
      i = skip_past(i + 2, ">");
    } else if (next == '/') {
      if (depth > 0) --depth;
      i = skip_past(i + 2, ">");
    } else {
      // A start tag: find its end outside quoted attribute values.
      char quote = 0;
      std::size_t j = i + 1;
      for (; j < size; ++j) {
        const char c = text[j];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          break;
        }
      }
      const bool self_closing = j < size && text[j - 1] == '/';
      if (!self_closing && ++depth > limit) return true;
      i = j + 1;
    }
  }
  return false;
}

inline bool xml_depth_exceeds(const std::string& text, std::size_t limit) {
  return xml_depth_exceeds(text.data(), text.size(), limit);
}

// `text` cut to at most `max_bytes` (on a UTF-8 character boundary) with a
// note saying how much was left out, for remote text that is shown to a user.
inline std::string truncate_for_display(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "... [" + std::to_string(text.size() - cut) + " more bytes not shown]";
}

}  // namespace bounds
}  // namespace console

#endif  // CONSOLE_PLUGIN_INPUT_BOUNDS_HPP
