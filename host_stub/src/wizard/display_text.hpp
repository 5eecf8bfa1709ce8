// display_text.hpp -- rules for text that people type and the terminal shows
// again: project names, connector names, answers.
//
// Control characters (tabs, escape sequences, C1 controls) are refused:
// echoed to a terminal they could rewrite what the admin sees. Names are
// trimmed ("Sales Ops " is "Sales Ops") and bounded in length.
//
//   std::string p = checked_name("project name", raw);  // throws HostError(kInvalidInput)
#ifndef CONSOLE_HOST_WIZARD_DISPLAY_TEXT_HPP
#define CONSOLE_HOST_WIZARD_DISPLAY_TEXT_HPP

#include <cstddef>
#include <optional>
#include <string>

namespace console_host {

// Longest project name, in characters.
constexpr std::size_t kMaxProjectNameLength = 80;

// The first control character of `text` written visibly ("\t", "\x1b",
// "\u009b"), or nullopt when there is none. New lines count unless
// `allow_newlines`.
std::optional<std::string> first_control_character(const std::string& text, bool allow_newlines = false);

// `text` with every control character written visibly, for messages.
std::string visible(const std::string& text);

// `raw` trimmed; throws HostError(kInvalidInput) naming `what` when it is
// empty, holds a control character or is longer than `max_length` characters.
std::string checked_name(const std::string& what, const std::string& raw,
                         std::size_t max_length = kMaxProjectNameLength);

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_DISPLAY_TEXT_HPP
