#include "terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace console_host {

Terminal::Terminal() {
  stdin_tty_ = ::isatty(STDIN_FILENO) == 1;
  stdout_tty_ = ::isatty(STDOUT_FILENO) == 1;
  stderr_tty_ = ::isatty(STDERR_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  colour_ = stdout_tty_ && (no_color == nullptr || no_color[0] == '\0') &&
            !(term != nullptr && std::strcmp(term, "dumb") == 0);
}

std::string Terminal::wrap(const char* code, const std::string& s) const {
  if (!colour_) return s;
  return std::string("\x1b[") + code + "m" + s + "\x1b[0m";
}

}  // namespace console_host
