// loopback_client.h -- a client that connects to 127.0.0.1, sends some
// bytes and closes without reading: for tests that keep a server busy
// accepting while they stop it.
//
//   while (going) send_and_close(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
//   {
//     ClientsConnecting clients(port, request, 3);   // 3 threads doing that
//     ... stop the server ...
//   }                                               // the threads stop here
#ifndef TESTS_SUPPORT_LOOPBACK_CLIENT_H
#define TESTS_SUPPORT_LOOPBACK_CLIENT_H

#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace test_support {

// connect() and send() are bounded by 50 ms: a stopped server's backlog
// fills, and a connect would otherwise wait for SYN retries. Failures are
// ignored (the server may be gone).
void send_and_close(int port, std::string_view bytes);

// `threads` threads calling send_and_close(port, bytes) over and over
// until destroyed.
class ClientsConnecting {
 public:
  ClientsConnecting(int port, std::string bytes, int threads);
  ~ClientsConnecting();
  ClientsConnecting(const ClientsConnecting&) = delete;
  ClientsConnecting& operator=(const ClientsConnecting&) = delete;

 private:
  std::atomic<bool> going_{true};
  std::string bytes_;
  std::vector<std::thread> threads_;
};

}  // namespace test_support

#endif  // TESTS_SUPPORT_LOOPBACK_CLIENT_H
