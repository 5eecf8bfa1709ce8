// HttpServer (serve's HTTP server) stopped from another thread while
// clients keep connecting, as SIGTERM does: serve's pool threads run the
// acceptor's handlers, and stop() used to close the acceptor from whichever
// thread ran it, racing an accept a handler was starting; serve then died
// of SIGSEGV in epoll_reactor::start_op after SIGTERM (and, with the browser
// harness not expecting a signal, concurrency.test.js hung).
#include "serve/http_server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "loopback_client.h"

namespace console_host {
namespace {

// What each client sends before it closes, without waiting for the answer.
constexpr char kRequest[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

TEST(HttpServer, StopsCleanlyWhileClientsKeepConnecting) {
  const auto handler = [](const HttpRequest& req) {
    HttpResponse res{boost::beast::http::status::ok, req.version()};
    res.body() = "ok";
    return res;
  };
  // Each round stops the server a little later, so the stop lands at every
  // point of the accept loop; a crash ends the test binary (CTest reports it).
  for (int round = 0; round < 300; ++round) {
    HttpServer server("127.0.0.1", 0, 4, handler, nullptr);
    server.every(1, [] {});
    const int port = server.port();
    test_support::ClientsConnecting clients(port, kRequest, 3);
    std::thread runner([&] { server.run(); });
    std::this_thread::sleep_for(std::chrono::microseconds(200 * (round % 10)));
    server.stop();
    runner.join();
  }
}

}  // namespace
}  // namespace console_host
