#include "serve/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "host_error.hpp"

namespace console_host {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIoTimeout = std::chrono::seconds(30);
constexpr size_t kBodyLimit = size_t{64} * 1024;

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection over plain TCP (Stream = tcp_stream) or TLS (TlsStream).
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Connection(tcp::socket socket, asio::thread_pool& handlers, const HttpHandler& handler, const AccessLog& log)
      : stream_(std::move(socket)), handlers_(handlers), handler_(handler), log_(log) {}
  Connection(tcp::socket socket, asio::ssl::context& ctx, asio::thread_pool& handlers, const HttpHandler& handler,
             const AccessLog& log)
      : stream_(std::move(socket), ctx), handlers_(handlers), handler_(handler), log_(log) {}

  void start() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(kIoTimeout);
      stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (!ec) self->read();
      });
    } else {
      read();
    }
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    beast::get_lowest_layer(stream_).expires_after(kIoTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset) {
      close();
      return;
    }
    if (ec) {
      HttpResponse res{ec == http::error::body_limit ? http::status::payload_too_large : http::status::bad_request, 11};
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      res.body() = ec == http::error::body_limit ? "request body too large\n" : "bad request\n";
      res.keep_alive(false);
      write(std::move(res));
      return;
    }
    // The handler may block on a plugin call: it runs on the handler pool,
    // and the answer is written back on the connection's I/O thread.
    asio::post(handlers_, [self = this->shared_from_this(), req = parser_->release()]() mutable {
      HttpResponse res = self->respond(req);
      asio::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    });
  }

  HttpResponse respond(const HttpRequest& req) {
    const auto started = std::chrono::steady_clock::now();
    HttpResponse res;
    try {
      res = handler_(req);
    } catch (const std::exception&) {
      // The handler answers its own errors; this is the last line of defence.
      res = HttpResponse{http::status::internal_server_error, req.version()};
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      res.body() = "internal error\n";
    }
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (log_)
      log_(std::string(req.method_string()) + " " + target_path(std::string(req.target())) + " " +
           std::to_string(res.result_int()) + " " + std::to_string(ms) + " ms");
    return res;
  }

  void write(HttpResponse res) {
    res.prepare_payload();
    auto sp = std::make_shared<HttpResponse>(std::move(res));
    beast::get_lowest_layer(stream_).expires_after(kIoTimeout);
    http::async_write(stream_, *sp, [self = this->shared_from_this(), sp](beast::error_code ec, size_t) {
      if (ec || !sp->keep_alive()) {
        self->close();
        return;
      }
      self->read();
    });
  }

  void close() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  asio::thread_pool& handlers_;
  const HttpHandler& handler_;
  const AccessLog& log_;
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  // The sockets, timers and the acceptor run on one thread (run()'s); the
  // handlers, which may block, on a pool of `threads`. With the pool running
  // the io_context, every timeout re-armed and every strand hand-off woke an
  // idle pool thread: 350 to 450 futex calls per create in all.
  asio::io_context io{1};
  std::unique_ptr<asio::thread_pool> handlers;
  // stop() is called from other threads: the acceptor's close and the
  // timers' cancels are posted to their strands (a close racing the accept
  // a handler was starting crashed serve after SIGTERM).
  tcp::acceptor acceptor{asio::make_strand(io)};
  HttpHandler handler;
  AccessLog log;
  std::unique_ptr<asio::ssl::context> tls;
  std::vector<std::unique_ptr<asio::steady_timer>> timers;
  std::vector<std::shared_ptr<std::function<void()>>> ticks;

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (!ec) {
        if (self->tls)
          std::make_shared<Connection<TlsStream>>(std::move(s), *self->tls, *self->handlers, self->handler, self->log)
              ->start();
        else
          std::make_shared<Connection<beast::tcp_stream>>(std::move(s), *self->handlers, self->handler, self->log)
              ->start();
      }
      if (self->acceptor.is_open()) self->accept();
    });
  }
};

HttpServer::HttpServer(const std::string& address, int port, int threads, HttpHandler handler, AccessLog log,
                       const TlsFiles& tls)
    : impl_(std::make_shared<Impl>()) {
  if (tls.enabled()) {
    impl_->tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    impl_->tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1);
    beast::error_code tec;
    impl_->tls->use_certificate_chain_file(tls.cert, tec);
    if (tec) throw HostError(ExitCode::kInvalidInput, "tls_cert \"" + tls.cert + "\" cannot be used: " + tec.message());
    impl_->tls->use_private_key_file(tls.key, asio::ssl::context::pem, tec);
    if (tec) throw HostError(ExitCode::kInvalidInput, "tls_key \"" + tls.key + "\" cannot be used: " + tec.message());
  }
  impl_->handler = std::move(handler);
  impl_->log = std::move(log);
  impl_->handlers = std::make_unique<asio::thread_pool>(static_cast<std::size_t>(threads < 1 ? 1 : threads));
  beast::error_code ec;
  auto addr = asio::ip::make_address(address, ec);
  if (ec) throw HostError(ExitCode::kUsage, "--listen: \"" + address + "\" is not an IP address");
  tcp::endpoint ep(addr, static_cast<unsigned short>(port));
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw HostError(ExitCode::kCallbackPortBusy,
                    "cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message(),
                    "choose another port with --listen ADDRESS:PORT");
  }
}

HttpServer::~HttpServer() {
  stop();
  // The posted close and cancels, and the accept and timer handlers they
  // abort, hold the Impl: with run() returned (or never called), run them
  // out, so the Impl and its io_context go with the server instead of
  // staying in a cycle with their own handlers.
  impl_->io.restart();
  impl_->io.poll();
}

int HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run() {
  impl_->accept();
  impl_->io.run();
  // Handlers still running finish (their answers are not written); those
  // not started are dropped.
  impl_->handlers->stop();
  impl_->handlers->join();
}

void HttpServer::stop() {
  asio::post(impl_->acceptor.get_executor(), [impl = impl_] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
  for (auto& t : impl_->timers) asio::post(t->get_executor(), [impl = impl_, timer = t.get()] { timer->cancel(); });
  // Thread-safe, and run() returns at once; the close and cancels above run
  // before that or in the destructor.
  impl_->io.stop();
  impl_->handlers->stop();
}

void HttpServer::every(int period_seconds, std::function<void()> fn) {
  auto timer = std::make_unique<asio::steady_timer>(asio::make_strand(impl_->io));
  asio::steady_timer* t = timer.get();
  impl_->timers.push_back(std::move(timer));
  auto tick = std::make_shared<std::function<void()>>();
  asio::thread_pool* handlers = impl_->handlers.get();
  *tick = [t, handlers, period_seconds, fn = std::move(fn), tick_weak = std::weak_ptr<std::function<void()>>(tick)]() {
    t->expires_after(std::chrono::seconds(period_seconds));
    t->async_wait([fn, tick_weak, handlers, t](beast::error_code ec) {
      if (ec) return;
      // fn may wait on the store: on the handler pool, then re-armed on the timer's strand.
      asio::post(*handlers, [fn, tick_weak, t] {
        fn();
        asio::post(t->get_executor(), [tick_weak] {
          if (auto next = tick_weak.lock()) (*next)();
        });
      });
    });
  };
  impl_->ticks.push_back(tick);
  (*tick)();
}

std::string target_path(const std::string& target) {
  auto q = target.find('?');
  return q == std::string::npos ? target : target.substr(0, q);
}

}  // namespace console_host
