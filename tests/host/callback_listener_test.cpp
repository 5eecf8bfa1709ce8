// The loopback callback listener: loopback only, any port, busy port message,
// timeout, the redirect URL handed over unchanged.
#include "oauth/callback_listener.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include "browser_launcher.hpp"
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
    EXPECT_EQ(e.hint(),
              "stop that program, or choose another port with --callback-port N and register "
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

// A connection that sends nothing (a browser's speculative pre-connect):
// open until the test ends.
int idle_connection(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

TEST(CallbackListenerTest, AnIdleConnectionDoesNotDelayTheRedirect) {
  CallbackListener l(0);
  const int idle = idle_connection(l.port());
  const auto start = std::chrono::steady_clock::now();
  auto page = std::async(std::launch::async, [&] { return http_get(l.port(), "/OauthRedirect?code=c1"); });
  const std::string url = l.wait(std::chrono::seconds(30));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(url, "http://localhost:" + std::to_string(l.port()) + "/OauthRedirect?code=c1");
  EXPECT_NE(page.get().find("You can close this window"), std::string::npos);
  // Served beside the idle connection, not after its 10-second deadline.
  EXPECT_LT(waited, std::chrono::seconds(8));
  ::close(idle);
}

TEST(CallbackListenerTest, AWrongStateIsAnswered400AndTheWaitGoesOn) {
  CallbackListener l(0);
  auto pages = std::async(std::launch::async, [&] {
    const std::string missing = http_get(l.port(), "/OauthRedirect?code=c0");
    const std::string wrong = http_get(l.port(), "/OauthRedirect?code=c1&state=somebody-else");
    const std::string right = http_get(l.port(), "/OauthRedirect?code=c2&state=st%2D1");
    return missing + "\n----\n" + wrong + "\n----\n" + right;
  });
  const std::string url = l.wait(std::chrono::seconds(10), "st-1");
  EXPECT_EQ(url, "http://localhost:" + std::to_string(l.port()) + "/OauthRedirect?code=c2&state=st%2D1");
  const std::string responses = pages.get();
  const auto first_ok = responses.find("200 OK");
  ASSERT_NE(first_ok, std::string::npos) << responses;
  const std::string before_ok = responses.substr(0, first_ok);
  EXPECT_EQ(before_ok.rfind("HTTP/1.1 400 Bad Request", 0), 0u) << responses;
  EXPECT_NE(before_ok.find("----\nHTTP/1.1 400 Bad Request"), std::string::npos) << responses;
  EXPECT_NE(before_ok.find("This sign-in answer is not for this wizard"), std::string::npos) << responses;
  EXPECT_EQ(before_ok.find("You can close this window"), std::string::npos) << responses;
}

TEST(CallbackListenerTest, ABrowserChildThatOutlivesTheWizardDoesNotHoldThePort) {
  int port = 0;
  const char* saved = std::getenv("BROWSER");
  const std::string saved_browser = saved ? saved : "";
  {
    CallbackListener l(0);
    port = l.port();
    // The browser outlives the wizard by seconds (it keeps running after
    // the redirect): it must not inherit the listening socket.
    ::setenv("BROWSER", "sh -c 'sleep 5' %s", 1);
    ASSERT_TRUE(launch_browser("http://example.invalid/"));
  }
  if (saved)
    ::setenv("BROWSER", saved_browser.c_str(), 1);
  else
    ::unsetenv("BROWSER");
  // The child lets go of inherited descriptors as it starts; give it up to
  // 2 s to start, far less than the 5 s it lives.
  std::string busy;
  for (int attempt = 0; attempt < 40; ++attempt) {
    try {
      CallbackListener again(port);
      EXPECT_EQ(again.port(), port);
      busy.clear();
      break;
    } catch (const HostError& e) {
      busy = e.what();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  EXPECT_EQ(busy, "") << "the next wizard found the port busy";
}

TEST(BrowserLauncherTest, ABrowserProgramThatDoesNotExistIsReportedNotLaunched) {
  const char* saved = std::getenv("BROWSER");
  const std::string saved_browser = saved ? saved : "";
  ::setenv("BROWSER", "/nonexistent", 1);
  EXPECT_FALSE(launch_browser("http://example.invalid/"));
  ::setenv("BROWSER", "no-such-browser-program %s", 1);
  EXPECT_FALSE(launch_browser("http://example.invalid/"));
  ::setenv("BROWSER", "true", 1);
  EXPECT_TRUE(launch_browser("http://example.invalid/"));
  if (saved)
    ::setenv("BROWSER", saved_browser.c_str(), 1);
  else
    ::unsetenv("BROWSER");
}

}  // namespace
}  // namespace console_host
