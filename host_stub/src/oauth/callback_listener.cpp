#include "oauth/callback_listener.hpp"

#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "host_error.hpp"

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

std::string CallbackListener::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<std::string> result;
  auto& io = impl_->io;

  while (!result) {
    if (std::chrono::steady_clock::now() >= deadline) break;
    io.restart();
    tcp::socket socket(io);
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    bool accepted = false;
    bool read_done = false;
    boost::system::error_code read_ec;
    asio::steady_timer timer(io);
    timer.expires_at(deadline);
    timer.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) {
        boost::system::error_code ignored;
        impl_->acceptor.cancel(ignored);
        socket.close(ignored);
      }
    });
    impl_->acceptor.async_accept(socket, [&](const boost::system::error_code& ec) {
      if (ec) {
        timer.cancel();
        return;
      }
      accepted = true;
      http::async_read(socket, buffer, req, [&](const boost::system::error_code& rec, std::size_t) {
        read_ec = rec;
        read_done = true;
        timer.cancel();
      });
    });
    io.run();
    if (!accepted || !read_done) continue;  // timed out, or a connection that never finished
    if (read_ec) continue;

    std::string target(req.target());
    std::string path = target.substr(0, target.find('?'));
    http::response<http::string_body> res;
    res.version(req.version());
    res.keep_alive(false);
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    if (path == kCallbackPath) {
      res.result(http::status::ok);
      res.body() = kDonePage;
      result = std::string("http://") + kCallbackHost + ":" + std::to_string(impl_->port) + target;
    } else {
      res.result(http::status::not_found);
      res.body() = "<!doctype html><p>Not found.</p>";
    }
    res.prepare_payload();
    boost::system::error_code wec;
    http::write(socket, res, wec);
    socket.shutdown(tcp::socket::shutdown_both, wec);
  }
  if (!result) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
    throw HostError(ExitCode::kTimeout,
                    "the browser did not come back to " + redirect_uri() + " within " + std::to_string(secs) +
                        " seconds",
                    "run the command again and finish signing in within the time (--timeout SECONDS "
                    "gives more), or open the printed URL yourself");
  }
  return *result;
}

}  // namespace console_host
