// HttpServer (serve's HTTP server) stopped from another thread while
// clients keep connecting, as SIGTERM does: serve's pool threads run the
// acceptor's handlers, and stop() used to close the acceptor from whichever
// thread ran it, racing an accept a handler was starting; serve then died
// of SIGSEGV in epoll_reactor::start_op after SIGTERM (and, with the browser
// harness not expecting a signal, concurrency.test.js hung).
#include "serve/http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "loopback_client.h"

namespace console_host {
namespace {

// Connects, sends one request and closes without waiting for the answer.
void connect_once(int port) { test_support::send_and_close(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); }

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
    std::atomic<bool> going{true};
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c)
      clients.emplace_back([&] {
        while (going.load()) connect_once(port);
      });
    std::thread runner([&] { server.run(); });
    std::this_thread::sleep_for(std::chrono::microseconds(200 * (round % 10)));
    server.stop();
    runner.join();
    going = false;
    for (auto& t : clients) t.join();
  }
}

}  // namespace
}  // namespace console_host
