#include "wizard/prompter.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace console_host {

std::optional<std::string> TerminalPrompter::ask(const std::string& prompt, bool secret) {
  std::cout << prompt << std::flush;
  termios saved{};
  bool echo_off = false;
  if (secret && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    echo_off = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (echo_off) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cout << "\n";
  }
  if (!got) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace console_host
