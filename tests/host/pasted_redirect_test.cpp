// Headless sign-in: a redirect pasted on standard input reaches the
// loopback listener's wait() as if the browser had come back.
#include "oauth/pasted_redirect.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>

#include "oauth/callback_listener.hpp"

namespace console_host {
namespace {

TEST(PastedRedirectTarget, TakesTheCallbackPathAndQueryFromAnyHost) {
  EXPECT_EQ(pasted_redirect_target("http://localhost:1717/OauthRedirect?code=abc&state=xyz", "/OauthRedirect"),
            "/OauthRedirect?code=abc&state=xyz");
  EXPECT_EQ(pasted_redirect_target("  'http://127.0.0.1:9/OauthRedirect?error=access_denied#x'\r", "/OauthRedirect"),
            "/OauthRedirect?error=access_denied");
  EXPECT_EQ(pasted_redirect_target("http://localhost:1717/other?code=abc", "/OauthRedirect"), "");
  EXPECT_EQ(pasted_redirect_target("http://localhost:1717/OauthRedirect", "/OauthRedirect"), "");
  EXPECT_EQ(pasted_redirect_target("code=abc&state=xyz", "/OauthRedirect"), "");
  EXPECT_EQ(pasted_redirect_target("ftp://localhost/OauthRedirect?code=1", "/OauthRedirect"), "");
}

TEST(PastedRedirect, APastedAddressEndsTheListenersWait) {
  CallbackListener listener(0);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::ostringstream out;
  const std::string path = listener.redirect_uri().substr(listener.redirect_uri().find('/', 8));
  {
    PastedRedirect paste(listener, out, fds[0]);
    const std::string wrong = "not a URL\n";
    const std::string right = "http://localhost:1/" + path.substr(1) + "?code=aPrx123&state=s1\n";
    ASSERT_EQ(::write(fds[1], wrong.data(), wrong.size()), static_cast<ssize_t>(wrong.size()));
    ASSERT_EQ(::write(fds[1], right.data(), right.size()), static_cast<ssize_t>(right.size()));
    const std::string got = listener.wait(std::chrono::seconds(10));
    EXPECT_EQ(got, "http://localhost:" + std::to_string(listener.port()) + path + "?code=aPrx123&state=s1");
  }
  EXPECT_NE(out.str().find("That is not the address the sign-in ended on; paste the whole address"), std::string::npos)
      << out.str();
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace console_host
