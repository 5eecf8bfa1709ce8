// loopback_client.h -- a client that connects to 127.0.0.1, sends some
// bytes and closes without reading: for tests that keep a server busy
// accepting while they stop it.
//
//   while (going) send_and_close(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
#ifndef TESTS_SUPPORT_LOOPBACK_CLIENT_H
#define TESTS_SUPPORT_LOOPBACK_CLIENT_H

#include <string_view>

namespace test_support {

// connect() and send() are bounded by 50 ms: a stopped server's backlog
// fills, and a connect would otherwise wait for SYN retries. Failures are
// ignored (the server may be gone).
void send_and_close(int port, std::string_view bytes);

}  // namespace test_support

#endif  // TESTS_SUPPORT_LOOPBACK_CLIENT_H
