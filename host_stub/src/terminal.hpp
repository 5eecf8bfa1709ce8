// terminal.hpp -- how console-host writes for people: colour only on a
// terminal and never when NO_COLOR is set (https://no-color.org) or
// TERM=dumb.
//
//   Terminal term;                        // decides once, from stdout
//   std::cout << term.green("✓") << " authorized\n";
#ifndef CONSOLE_HOST_TERMINAL_HPP
#define CONSOLE_HOST_TERMINAL_HPP

#include <string>

namespace console_host {

class Terminal {
 public:
  Terminal();
  bool colour() const { return colour_; }
  bool stdin_is_tty() const { return stdin_tty_; }
  bool stdout_is_tty() const { return stdout_tty_; }
  bool stderr_is_tty() const { return stderr_tty_; }
  std::string green(const std::string& s) const { return wrap("32", s); }
  std::string red(const std::string& s) const { return wrap("31", s); }
  std::string yellow(const std::string& s) const { return wrap("33", s); }
  std::string bold(const std::string& s) const { return wrap("1", s); }
  std::string dim(const std::string& s) const { return wrap("2", s); }

 private:
  std::string wrap(const char* code, const std::string& s) const;
  bool colour_ = false;
  bool stdin_tty_ = false;
  bool stdout_tty_ = false;
  bool stderr_tty_ = false;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_TERMINAL_HPP
