// http_server.hpp -- the HTTP/1.1 server under `console-host serve`, on
// Boost.Beast and Asio.
//
// The sockets run on one I/O thread (run()'s); each connection reads a
// request, hands it to the handler on a pool of `threads` threads, and
// writes the answer back on the I/O thread (keep-alive honoured). Handlers
// may block (a plugin call waits on the remote system), which is why there
// is a pool; keeping the I/O off it means no pool thread is woken for a
// timer or a socket. Reads and writes
// time out, so a silent client holds no thread. Bodies over 64 KiB are
// refused with 413. The access log names method, path (never the query:
// it may carry an authorization code) and status.
//
//   HttpServer server("127.0.0.1", 8080, 8, handler, log);   // throws HostError(kCallbackPortBusy)
//   HttpServer tls_server("0.0.0.0", 8443, 8, handler, log, {"cert.pem", "key.pem"});   // HTTPS
//   server.port();        // the bound port (for 0)
//   server.run();         // until stop()
#ifndef CONSOLE_HOST_SERVE_HTTP_SERVER_HPP
#define CONSOLE_HOST_SERVE_HTTP_SERVER_HPP

#include <boost/beast/http.hpp>
#include <functional>
#include <memory>
#include <string>

namespace console_host {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
using AccessLog = std::function<void(const std::string& line)>;

// PEM files for HTTPS; both empty: plain HTTP.
struct TlsFiles {
  std::string cert;
  std::string key;
  bool enabled() const { return !cert.empty() || !key.empty(); }
};

class HttpServer {
 public:
  // Throws HostError(kCallbackPortBusy) when the address cannot be bound,
  // HostError(kInvalidInput) when the TLS files cannot be used.
  HttpServer(const std::string& address, int port, int threads, HttpHandler handler, AccessLog log,
             const TlsFiles& tls = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;
  // Serves until stop() (from any thread or a signal handler's thread).
  void run();
  void stop();
  // Runs `fn` every `period` seconds on the pool until stop().
  void every(int period_seconds, std::function<void()> fn);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// The path of a request target without its query ("/wizard/abc?x=1" -> "/wizard/abc").
std::string target_path(const std::string& target);

}  // namespace console_host

#endif  // CONSOLE_HOST_SERVE_HTTP_SERVER_HPP
