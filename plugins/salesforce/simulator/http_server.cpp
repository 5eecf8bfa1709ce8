#include "http_server.h"

#include <boost/algorithm/string.hpp>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "simulator.h"

namespace sfsim {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

SimRequest to_sim_request(const http::request<http::string_body>& req, const std::string& remote) {
  SimRequest out;
  out.method = std::string(req.method_string());
  out.set_target(std::string(req.target()));
  for (const auto& field : req) {
    const std::string name = boost::to_lower_copy(std::string(field.name_string()));
    const std::string value(field.value());
    auto it = out.headers.find(name);
    if (it == out.headers.end())
      out.headers[name] = value;
    else
      it->second += (name == "cookie" ? "; " : ", ") + value;
  }
  out.body = req.body();
  out.remote_address = remote;
  return out;
}

namespace {

constexpr std::size_t kBodyLimit = kServerBodyLimit;
constexpr std::size_t kHeaderLimit = kServerHeaderLimit;
constexpr auto kIdleTimeout = std::chrono::seconds(60);

// Shared by the plain and TLS sessions (CRTP: Derived provides stream()).
template <class Derived>
class Session {
 public:
  Session(Simulator& sim, const net::any_io_executor& ex) : sim_(sim), timer_(ex) {}

 protected:
  Derived& derived() { return static_cast<Derived&>(*this); }

  void do_read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(static_cast<std::uint32_t>(kHeaderLimit));
    beast::get_lowest_layer(derived().stream()).expires_after(kIdleTimeout);
    http::async_read(derived().stream(), buffer_, *parser_,
                     [self = derived().shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted)
      return derived().do_close();
    if (ec == http::error::body_limit)
      return send_error(
          413,
          "[{\"message\":\"The request body exceeds the 10 MB limit\",\"errorCode\":\"REQUEST_ENTITY_TOO_LARGE\"}]");
    if (ec == http::error::header_limit)
      return send_error(
          431, "[{\"message\":\"Request header fields too large\",\"errorCode\":\"REQUEST_HEADER_FIELDS_TOO_LARGE\"}]");
    if (ec) {
      if (ec.category() == beast::error_code(http::error::bad_target).category())
        return send_error(400, "[{\"message\":\"Bad Request\",\"errorCode\":\"BAD_REQUEST\"}]");
      return derived().do_close();
    }
    const auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    head_ = req.method() == http::verb::head;
    version_ = req.version();
    std::string remote;
    beast::error_code rec;
    const auto ep = beast::get_lowest_layer(derived().stream()).socket().remote_endpoint(rec);
    if (!rec) remote = ep.address().to_string();
    const SimRequest sim_req = to_sim_request(req, remote);
    started_ = std::chrono::steady_clock::now();
    counted_ = sim_req.path.rfind("/__sim", 0) != 0;  // the control API is not the org's work
    SimResponse res = sim_.handle(sim_req);
    // Path only: query strings can carry codes and tokens.
    std::cerr << "sfsim: " << sim_req.method << " " << sim_req.path << " -> "
              << (res.drop_connection ? std::string("dropped") : std::to_string(res.status)) << "\n";
    if (res.delay_ms > 0) {
      timer_.expires_after(std::chrono::milliseconds(res.delay_ms));
      timer_.async_wait([self = derived().shared_from_this(), res = std::move(res)](beast::error_code) mutable {
        self->deliver(std::move(res));
      });
      return;
    }
    deliver(std::move(res));
  }

  void deliver(SimResponse res) {
    if (res.drop_connection) {
      beast::error_code ignored;
      beast::get_lowest_layer(derived().stream()).socket().shutdown(tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(derived().stream()).close();
      return;
    }
    auto out = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(res.status), version_);
    out->set(http::field::server, "sfsim");
    for (const auto& h : res.headers) out->set(h.first, h.second);
    out->body() = std::move(res.body);
    out->keep_alive(keep_alive_);
    out->prepare_payload();
    if (head_) out->body().clear();
    write(out, !keep_alive_);
  }

  void send_error(int status, const std::string& body) {
    auto out = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
    out->set(http::field::server, "sfsim");
    out->set(http::field::content_type, kJsonContentType);
    out->body() = body;
    out->keep_alive(false);
    out->prepare_payload();
    write(out, true);
  }

  void write(std::shared_ptr<http::response<http::string_body>> out, bool close_after) {
    // Counted before the answer leaves: a client that has it may read the
    // counters at once.
    count_busy_time();
    beast::get_lowest_layer(derived().stream()).expires_after(kIdleTimeout);
    auto& response = *out;  // before `out` moves into the handler that keeps it alive
    http::async_write(
        derived().stream(), response,
        [self = derived().shared_from_this(), out = std::move(out), close_after](beast::error_code ec, std::size_t) {
          if (ec) return self->do_close();
          if (close_after) return self->do_close();
          self->do_read();
        });
  }

  void count_busy_time() {
    if (!counted_) return;
    counted_ = false;
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_).count();
    sim_.with_org([us](Org& org) { org.calls.busy_us += us; });
  }

  Simulator& sim_;
  std::chrono::steady_clock::time_point started_;
  bool counted_ = false;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  net::steady_timer timer_;
  bool keep_alive_ = true;
  bool head_ = false;
  unsigned version_ = 11;
};

class PlainSession : public Session<PlainSession>, public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(Simulator& sim, tcp::socket&& socket)
      : Session(sim, socket.get_executor()), stream_(std::move(socket)) {}
  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  }
  beast::tcp_stream& stream() { return stream_; }
  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    // Lingering briefly lets a client that is still sending (e.g. an
    // oversized body) read our answer instead of a reset.
    drain();
  }

 private:
  friend class Session<PlainSession>;
  void drain() {
    stream_.expires_after(std::chrono::seconds(2));
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        beast::error_code ignored;
        self->stream_.socket().close(ignored);
        return;
      }
      self->drain();
    });
  }
  beast::tcp_stream stream_;
  char scratch_[16384];
};

class TlsSession : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(Simulator& sim, tcp::socket&& socket, net::ssl::context& ctx)
      : Session(sim, socket.get_executor()), stream_(std::move(socket), ctx) {}
  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      beast::get_lowest_layer(self->stream_).expires_after(std::chrono::seconds(30));
      self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
        if (ec) return;  // not TLS, or the client gave up
        self->do_read();
      });
    });
  }
  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }
  void do_close() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
  }

 private:
  beast::ssl_stream<beast::tcp_stream> stream_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(Simulator& s, const ServerOptions& o)
      : sim(s),
        options(o),
        ioc(std::max(1, o.threads)),
        acceptor(net::make_strand(ioc)),
        signals(net::make_strand(ioc)),
        ssl_ctx(net::ssl::context::tls_server) {}

  // The accept handlers run on the acceptor's strand (its executor), as
  // does stop()'s close: an acceptor must not be used from two threads at
  // once, and the pool runs handlers on any thread, so a close racing the
  // accept a handler was starting could crash in the reactor.
  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (tls)
          std::make_shared<TlsSession>(sim, std::move(socket), ssl_ctx)->start();
        else
          std::make_shared<PlainSession>(sim, std::move(socket))->start();
      }
      accept();
    });
  }

  Simulator& sim;
  ServerOptions options;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::ssl::context ssl_ctx;
  bool tls = false;
  uint16_t port = 0;
};

HttpServer::HttpServer(Simulator& simulator, const ServerOptions& options)
    : impl_(std::make_unique<Impl>(simulator, options)) {
  beast::error_code ec;
  const auto address = net::ip::make_address(options.bind_address, ec);
  if (ec) throw std::runtime_error("invalid bind address " + options.bind_address);
  if (!address.is_loopback()) throw std::runtime_error("refusing to bind " + options.bind_address + ": loopback only");
  if (!options.tls_cert.empty() || !options.tls_key.empty()) {
    if (options.tls_cert.empty() || options.tls_key.empty())
      throw std::runtime_error("--tls-cert and --tls-key must be given together");
    impl_->ssl_ctx.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                               net::ssl::context::no_sslv3);
    impl_->ssl_ctx.use_certificate_chain_file(options.tls_cert, ec);
    if (ec) throw std::runtime_error("cannot load TLS certificate " + options.tls_cert + ": " + ec.message());
    impl_->ssl_ctx.use_private_key_file(options.tls_key, net::ssl::context::pem, ec);
    if (ec) throw std::runtime_error("cannot load TLS key " + options.tls_key + ": " + ec.message());
    impl_->tls = true;
  }
  const tcp::endpoint endpoint(address, options.port);
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + options.bind_address + ":" + std::to_string(options.port) + ": " +
                             ec.message());
  impl_->port = acc.local_endpoint().port();
  impl_->accept();
  if (options.handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
  }
}

HttpServer::~HttpServer() { stop(); }

uint16_t HttpServer::port() const { return impl_->port; }

std::string HttpServer::base_url() const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl_->port);
}

void HttpServer::run() {
  std::vector<std::thread> extra;
  for (int i = 1; i < std::max(1, impl_->options.threads); ++i) extra.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : extra) t.join();
}

void HttpServer::stop() {
  // Each object is closed on its own strand, never beside its handlers; if
  // run() returns first, the destructors close them instead.
  Impl* impl = impl_.get();
  net::post(impl->acceptor.get_executor(), [impl] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  net::post(impl->signals.get_executor(), [impl] {
    beast::error_code ignored;
    impl->signals.cancel(ignored);
  });
  impl->ioc.stop();
}

}  // namespace sfsim
