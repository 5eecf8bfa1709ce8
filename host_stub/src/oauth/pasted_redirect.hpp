// pasted_redirect.hpp -- headless sign-in: the admin signs in with a browser
// on another machine (the CLI runs over SSH), the browser ends on the
// loopback redirect it cannot reach, and the admin pastes that address back
// into the terminal, as `gh auth login` and `sf org login web` users do.
//
// While the listener waits, a PastedRedirect reads standard input; a pasted
// line that is the listener's callback (its path, any host) is handed to the
// listener itself over loopback, exactly as the browser would have sent it,
// so the listener's wait() returns it by the one path it already has. Other
// lines are answered with what was expected. Stops when destroyed.
//
//   CallbackListener listener(1717);
//   PastedRedirect paste(listener, std::cerr);     // reads stdin meanwhile
//   std::string redirect = listener.wait(timeout);
#ifndef CONSOLE_HOST_OAUTH_PASTED_REDIRECT_HPP
#define CONSOLE_HOST_OAUTH_PASTED_REDIRECT_HPP

#include <atomic>
#include <ostream>
#include <string>
#include <thread>

#include "oauth/callback_listener.hpp"

namespace console_host {

// The path and query of a pasted redirect when its path is `callback_path`
// ("/OauthRedirect?code=..&state=.."), else "". Surrounding blanks and
// quotes are ignored.
std::string pasted_redirect_target(const std::string& line, const std::string& callback_path);

class PastedRedirect {
 public:
  PastedRedirect(const CallbackListener& listener, std::ostream& out, int fd = 0);
  ~PastedRedirect();
  PastedRedirect(const PastedRedirect&) = delete;
  PastedRedirect& operator=(const PastedRedirect&) = delete;

 private:
  void run();

  std::string callback_path_;
  int port_;
  std::ostream& out_;
  int fd_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_OAUTH_PASTED_REDIRECT_HPP
