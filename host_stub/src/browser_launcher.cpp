#include "browser_launcher.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace console_host {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

// Quotes for /bin/sh.
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

bool on_path(const std::string& program) {
  std::string path = env("PATH");
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string candidate = path.substr(start, end - start);
    if (!candidate.empty()) {
      candidate.append("/").append(program);
      if (::access(candidate.c_str(), X_OK) == 0) return true;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

std::string browser_command_for(const std::string& url) {
  std::string browser = env("BROWSER");
  if (!browser.empty()) {
    // Only the first entry of a colon-separated list is used.
    std::string cmd = browser.substr(0, browser.find(':'));
    size_t pct = cmd.find("%s");
    if (pct != std::string::npos) return cmd.replace(pct, 2, shell_quote(url));
    return cmd + " " + shell_quote(url);
  }
  if ((!env("DISPLAY").empty() || !env("WAYLAND_DISPLAY").empty()) && on_path("xdg-open"))
    return "xdg-open " + shell_quote(url);
  return {};
}

bool launch_browser(const std::string& url) {
  std::string cmd = browser_command_for(url);
  if (cmd.empty()) return false;
  // The browser runs detached, so its failure to start is never seen once
  // it is launched: check the program is there first (BROWSER=/nonexistent
  // must not be reported as "Opened your browser").
  const std::string program = cmd.substr(0, cmd.find(' '));
  const bool found = program.find('/') != std::string::npos ? ::access(program.c_str(), X_OK) == 0 : on_path(program);
  if (!found) return false;
  // Double fork: the browser is re-parented to init, so it never becomes a
  // zombie of ours and may outlive us.
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    ::setsid();
    pid_t grandchild = ::fork();
    if (grandchild != 0) ::_exit(grandchild < 0 ? 1 : 0);
    int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, STDIN_FILENO);
      ::dup2(devnull, STDOUT_FILENO);  // browsers chatter; keep our output for the admin
    }
    // The browser may outlive us: it must not inherit the callback
    // listener's socket (or any other descriptor), or it would hold the
    // fixed callback port after we exit and the next wizard could not bind it.
    ::closefrom(STDERR_FILENO + 1);
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace console_host
