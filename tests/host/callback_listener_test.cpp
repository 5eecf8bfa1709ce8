// The loopback callback listener: loopback only, any port, busy port message,
// timeout, the redirect URL handed over unchanged.
#include "oauth/callback_listener.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

#include <gtest/gtest.h>

#include "host_error.hpp"

namespace console_host {
namespace {

// A minimal HTTP GET; returns the whole response.
std::string http_get(int port, const std::string& target) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "connect failed";
  }
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  (void)::write(fd, req.data(), req.size());
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) resp.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return resp;
}

TEST(CallbackListenerTest, PortZeroPicksAFreeLoopbackPort) {
  CallbackListener l(0);
  EXPECT_GT(l.port(), 0);
  EXPECT_EQ(l.redirect_uri(), "http://localhost:" + std::to_string(l.port()) + "/OauthRedirect");
}

TEST(CallbackListenerTest, ReturnsTheRedirectUnchangedAndShowsAFriendlyPage) {
  CallbackListener l(0);
  const std::string query = "/OauthRedirect?code=aPrx%2Babc%3D%3D&state=s-1_2.3";
  auto page = std::async(std::launch::async, [&] {
    std::string favicon = http_get(l.port(), "/favicon.ico");
    return favicon + "\n----\n" + http_get(l.port(), query);
  });
  std::string url = l.wait(std::chrono::seconds(10));
  EXPECT_EQ(url, "http://localhost:" + std::to_string(l.port()) + query);
  std::string responses = page.get();
  EXPECT_NE(responses.find("404 Not Found"), std::string::npos);
  EXPECT_NE(responses.find("200 OK"), std::string::npos);
  EXPECT_NE(responses.find("You can close this window"), std::string::npos);
}

TEST(CallbackListenerTest, BusyPortGivesAnActionableMessage) {
  CallbackListener first(0);
  try {
    CallbackListener second(first.port());
    FAIL();
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kCallbackPortBusy);
    EXPECT_EQ(std::string(e.what()), "the OAuth callback port " + std::to_string(first.port()) +
                                         " on 127.0.0.1 is already in use by another program (perhaps another "
                                         "console-host wizard, or the Salesforce CLI, which also uses 1717)");
    EXPECT_EQ(e.hint(), "stop that program, or choose another port with --callback-port N and register "
                        "http://localhost:N/OauthRedirect as a callback URL of the External Client App");
  }
}

TEST(CallbackListenerTest, TimesOutWithAClearMessage) {
  CallbackListener l(0);
  auto start = std::chrono::steady_clock::now();
  try {
    l.wait(std::chrono::milliseconds(300));
    FAIL();
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kTimeout);
    EXPECT_EQ(std::string(e.what()), "the browser did not come back to " + l.redirect_uri() + " within 0 seconds");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace console_host
