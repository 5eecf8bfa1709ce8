#include "oauth/callback_listener.hpp"

#include <fcntl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "host_error.hpp"
#include "oauth/callback_request.hpp"

namespace console_host {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr const char* kDonePage =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Smart Flows console</title>"
    "<style>body{font-family:sans-serif;margin:4em auto;max-width:32em;color:#222}"
    "h1{font-size:1.4em}</style></head><body>"
    "<h1>You can close this window</h1>"
    "<p>The Project Console received the answer from the sign-in page. "
    "Return to the terminal to see the result and continue the wizard.</p></body></html>";

constexpr const char* kWrongStatePage =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Smart Flows console</title>"
    "<style>body{font-family:sans-serif;margin:4em auto;max-width:32em;color:#222}"
    "h1{font-size:1.4em}</style></head><body>"
    "<h1>This sign-in answer is not for this wizard</h1>"
    "<p>It does not carry the state of the sign-in the console started (it comes from an older tab or "
    "from a link made elsewhere), so it was ignored. Return to the terminal: the wizard is still waiting "
    "for the sign-in it opened.</p></body></html>";

// A browser gets this long to send its request on a connection; an idle
// connection (a browser's speculative pre-connect) is then closed and never
// holds up the others.
constexpr auto kConnectionDeadline = std::chrono::seconds(10);

// Sockets must not leak into the $BROWSER child: one that outlives the
// wizard would hold the port and the next wizard would find it busy.
void set_close_on_exec(int fd) {
  const int flags = ::fcntl(fd, F_GETFD);
  if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

class Session;

// What one wait() shares between its connections.
struct Wait {
  tcp::acceptor& acceptor;
  asio::steady_timer deadline;
  int port;
  std::string expected_state;
  std::optional<std::string> result;
  std::vector<std::weak_ptr<Session>> sessions;
  bool finished = false;

  Wait(tcp::acceptor& a, int p, std::string state)
      : acceptor(a), deadline(a.get_executor()), port(p), expected_state(std::move(state)) {}
  void finish();
};

// One connection: reads one request within kConnectionDeadline, answers it
// and closes. Many run at once (the model of sfsim's http_server.cpp).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Wait& wait) : stream_(std::move(socket)), wait_(wait) {}

  void start() {
    stream_.expires_after(kConnectionDeadline);
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  void on_read(beast::error_code ec) {
    if (ec) return;  // idle past the deadline, closed, or not HTTP: only this connection ends
    const std::string target(request_.target());
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(request_.version());
    res->keep_alive(false);
    res->set(http::field::content_type, "text/html; charset=utf-8");
    res->set(http::field::cache_control, "no-store");
    bool delivers = false;
    switch (classify_callback_target(target, CallbackListener::kCallbackPath, wait_.expected_state)) {
      case CallbackTarget::kRedirect:
        res->result(http::status::ok);
        res->body() = kDonePage;
        delivers = !wait_.result.has_value();
        if (delivers)
          wait_.result =
              std::string("http://") + CallbackListener::kCallbackHost + ":" + std::to_string(wait_.port) + target;
        break;
      case CallbackTarget::kWrongState:
        res->result(http::status::bad_request);
        res->body() = kWrongStatePage;
        break;
      case CallbackTarget::kNotFound:
        res->result(http::status::not_found);
        res->body() = "<!doctype html><p>Not found.</p>";
        break;
    }
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res, delivers](beast::error_code, std::size_t) {
      self->close();
      if (delivers) self->wait_.finish();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  Wait& wait_;
};

void Wait::finish() {
  if (finished) return;
  finished = true;
  deadline.cancel();
  beast::error_code ignored;
  acceptor.cancel(ignored);
  for (auto& weak : sessions)
    if (auto s = weak.lock()) s->close();
}

void accept_next(Wait& wait) {
  wait.acceptor.async_accept([&wait](beast::error_code ec, tcp::socket socket) {
    if (ec || wait.finished) return;
    set_close_on_exec(socket.native_handle());
    auto session = std::make_shared<Session>(std::move(socket), wait);
    wait.sessions.push_back(session);
    session->start();
    accept_next(wait);
  });
}

}  // namespace

struct CallbackListener::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  int port = 0;
};

CallbackListener::CallbackListener(int port) : impl_(std::make_unique<Impl>()) {
  boost::system::error_code ec;
  tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), static_cast<unsigned short>(port));
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) set_close_on_exec(impl_->acceptor.native_handle());
  if (!ec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec == asio::error::address_in_use) {
    throw HostError(ExitCode::kCallbackPortBusy,
                    "the OAuth callback port " + std::to_string(port) +
                        " on 127.0.0.1 is already in use by another program (perhaps another console-host "
                        "wizard, or the Salesforce CLI, which also uses 1717)",
                    "stop that program, or choose another port with --callback-port N and register "
                    "http://localhost:N/OauthRedirect as a callback URL of the External Client App");
  }
  if (ec) {
    throw HostError(ExitCode::kCallbackPortBusy,
                    "cannot listen for the OAuth callback on 127.0.0.1:" + std::to_string(port) + ": " + ec.message(),
                    "choose another port with --callback-port N");
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
}

CallbackListener::~CallbackListener() = default;

int CallbackListener::port() const { return impl_->port; }

std::string CallbackListener::redirect_uri() const {
  return std::string("http://") + kCallbackHost + ":" + std::to_string(impl_->port) + kCallbackPath;
}

std::string CallbackListener::wait(std::chrono::milliseconds timeout, const std::string& expected_state) {
  auto& io = impl_->io;
  io.restart();
  Wait wait(impl_->acceptor, impl_->port, expected_state);
  wait.deadline.expires_after(timeout);
  wait.deadline.async_wait([&wait](beast::error_code ec) {
    if (!ec) wait.finish();
  });
  accept_next(wait);
  io.run();
  const std::optional<std::string>& result = wait.result;
  if (!result) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
    throw HostError(
        ExitCode::kTimeout,
        "the browser did not come back to " + redirect_uri() + " within " + std::to_string(secs) + " seconds",
        "run the command again and finish signing in within the time (--timeout SECONDS "
        "gives more), or open the printed URL yourself");
  }
  return *result;
}

}  // namespace console_host
