// Loopback HTTP/1.1 (or HTTPS) server in front of a Simulator, on
// Boost.Beast/Asio with a small thread pool. Keep-alive, 10 MB body limit
// (413), 16 KB header limit (431), malformed requests answered with 400 and
// the connection closed; injected delays wait on a timer, never a thread.
//
//   sfsim::HttpServer server(sim, {"127.0.0.1", 0, "", ""});
//   sim.set_base_url(server.base_url());
//   std::thread t([&] { server.run(); });
//   ...
//   server.stop();
//   t.join();
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "sim_http.h"

namespace sfsim {

class Simulator;

// The limits every connection reads requests with: larger bodies get 413,
// larger headers 431.
constexpr std::size_t kServerBodyLimit = std::size_t{10} * 1024 * 1024;
constexpr std::size_t kServerHeaderLimit = std::size_t{16} * 1024;

// A parsed HTTP request as the simulator sees it (header names lower-case,
// repeated headers joined), from the peer `remote`.
SimRequest to_sim_request(const boost::beast::http::request<boost::beast::http::string_body>& req,
                          const std::string& remote);

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;     // 0 = any free port
  std::string tls_cert;  // PEM file; both set = HTTPS
  std::string tls_key;
  int threads = 4;
  bool handle_signals = false;  // stop on SIGINT/SIGTERM
};

class HttpServer {
 public:
  // Binds and listens immediately; throws std::runtime_error on failure.
  HttpServer(Simulator& simulator, const ServerOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;
  std::string base_url() const;  // http(s)://127.0.0.1:PORT
  // Serves until stop() (or a signal when handle_signals). Blocks.
  void run();
  // Thread-safe; makes run() return.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sfsim
