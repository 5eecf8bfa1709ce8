// sfsim's HttpServer in-process, stopped while clients keep connecting, as
// SIGTERM does to a busy sfsim: the pool threads run the acceptor's
// handlers, and a close from another thread racing the accept a handler is
// starting crashed in epoll_reactor::start_op (as console-host's server of
// the same shape did). stop() stops the io_context right after posting the
// close, so the close seldom runs in the pool and the race is rare here;
// with a 1 ms sleep between the two, this test crashed within seconds.
#include "http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "loopback_client.h"
#include "org_loader.h"
#include "simulator.h"

namespace {

// Half a request, so a session starts reading; the client then closes and
// the session ends on EOF without answering (or logging).
constexpr char kRequest[] = "GET /services/data HTTP/1.1\r\nHost: x\r\n";

TEST(SimHttpServer, StopsCleanlyWhileClientsKeepConnecting) {
  sfsim::Simulator sim(sfsim::builtin_org_definition());
  sfsim::ServerOptions options;
  options.threads = 4;
  options.handle_signals = true;
  // Each round stops a little later, so the stop lands at every point of the
  // accept loop; odd rounds stop by SIGTERM, as sfsim is stopped in use. A
  // crash ends the test binary (CTest reports it).
  for (int round = 0; round < 200; ++round) {
    sfsim::HttpServer server(sim, options);
    const int port = server.port();
    test_support::ClientsConnecting clients(port, kRequest, 3);
    std::thread runner([&] { server.run(); });
    std::this_thread::sleep_for(std::chrono::microseconds(200 * (round % 10)));
    if (round % 2)
      std::raise(SIGTERM);
    else
      server.stop();
    runner.join();
  }
}

}  // namespace
