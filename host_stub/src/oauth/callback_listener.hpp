// callback_listener.hpp -- the loopback end of an OAuth redirect.
//
// Listens on 127.0.0.1 only (never on other interfaces), at a configured
// port or, with port 0, at any free one. wait() serves HTTP until a request
// for the callback path arrives, answers it with a friendly page telling the
// admin to return to the terminal, and returns the full redirect URL
// (scheme, host, port, path and query exactly as the browser sent them), to
// be handed to the plugin unchanged. Other paths (favicon.ico...) get 404.
//
// The redirect URI is http://localhost:<port>/OauthRedirect, the URL the
// Salesforce CLI registers: with the default port 1717 it is one fixed URL
// an admin registers on the External Client App, and Salesforce matches it
// exactly (scheme, host, port and path). Browsers resolve localhost to the
// loopback interface, where the listener is bound.
//
//   CallbackListener listener(0);                      // throws HostError(kCallbackPortBusy)
//   std::string redirect_uri = listener.redirect_uri();  // http://localhost:PORT/OauthRedirect
//   std::string url = listener.wait(std::chrono::seconds(300));  // throws HostError(kTimeout)
#ifndef CONSOLE_HOST_OAUTH_CALLBACK_LISTENER_HPP
#define CONSOLE_HOST_OAUTH_CALLBACK_LISTENER_HPP

#include <chrono>
#include <memory>
#include <string>

namespace console_host {

class CallbackListener {
 public:
  static constexpr const char* kCallbackPath = "/OauthRedirect";
  static constexpr const char* kCallbackHost = "localhost";

  // Binds 127.0.0.1:port. Throws HostError(kCallbackPortBusy) with an
  // actionable message when the port is taken.
  explicit CallbackListener(int port);
  ~CallbackListener();
  CallbackListener(const CallbackListener&) = delete;
  CallbackListener& operator=(const CallbackListener&) = delete;

  int port() const;
  std::string redirect_uri() const;

  // Waits for the browser. Throws HostError(kTimeout) after `timeout`.
  std::string wait(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_OAUTH_CALLBACK_LISTENER_HPP
