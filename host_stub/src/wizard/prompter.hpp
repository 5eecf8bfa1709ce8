// prompter.hpp -- the conversation with an admin at a terminal.
//
// Prompter is an interface so the wizard can be driven by a script in
// tests; TerminalPrompter reads stdin and writes stdout, and turns echo off
// for secret fields.
#ifndef CONSOLE_HOST_WIZARD_PROMPTER_HPP
#define CONSOLE_HOST_WIZARD_PROMPTER_HPP

#include <optional>
#include <string>

namespace console_host {

class Prompter {
 public:
  virtual ~Prompter() = default;
  // Shows `prompt` and reads one line; nullopt at end of input.
  virtual std::optional<std::string> ask(const std::string& prompt, bool secret) = 0;
};

class TerminalPrompter : public Prompter {
 public:
  std::optional<std::string> ask(const std::string& prompt, bool secret) override;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_PROMPTER_HPP
