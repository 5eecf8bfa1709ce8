// PKCE, state, the authorize URL, redirects and token responses, without a
// network.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <initializer_list>
#include <set>

#include "base64url.h"
#include "console_plugin/console_plugin.hpp"
#include "oauth_flow.h"
#include "oauth_state.h"
#include "pkce.h"
#include "url_codec.h"

namespace {

TEST(Pkce, TheChallengeIsTheRfc7636S256OfTheVerifier) {
  // RFC 7636, appendix B.
  EXPECT_EQ(salesforce::pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, VerifiersAreLongRandomAndBase64Url) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const auto p = salesforce::make_pkce_pair();
    EXPECT_EQ(p.verifier.size(), 86u);
    EXPECT_EQ(p.verifier.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_TRUE(seen.insert(p.verifier).second);
  }
}

TEST(OAuthState, HasAtLeast128RandomBitsAndNeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const auto s = salesforce::make_oauth_state();
    EXPECT_EQ(s.size(), 43u);  // 32 bytes = 256 bits
    EXPECT_TRUE(seen.insert(s).second);
  }
}

TEST(OAuthState, MatchesOnlyTheSameValue) {
  const std::string s = salesforce::make_oauth_state();
  EXPECT_TRUE(salesforce::oauth_state_matches(s, s));
  EXPECT_FALSE(salesforce::oauth_state_matches(s.substr(1), s));
  EXPECT_FALSE(salesforce::oauth_state_matches(s + "x", s));
  std::string other = s;
  other.back() = other.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(salesforce::oauth_state_matches(other, s));
  EXPECT_FALSE(salesforce::oauth_state_matches("", ""));
}

TEST(Base64Url, EncodesWithoutPadding) {
  const unsigned char f[] = {'f', 'o', 'o', 'b', 'a'};
  EXPECT_EQ(salesforce::base64url_encode(f, 1), "Zg");
  EXPECT_EQ(salesforce::base64url_encode(f, 2), "Zm8");
  EXPECT_EQ(salesforce::base64url_encode(f, 3), "Zm9v");
  EXPECT_EQ(salesforce::base64url_encode(f, 5), "Zm9vYmE");
  const unsigned char hi[] = {0xfb, 0xff};
  EXPECT_EQ(salesforce::base64url_encode(hi, 2), "-_8");
}

TEST(AuthorizeUrl, CarriesEveryParameterEncoded) {
  salesforce::AuthorizationAttempt a;
  a.state = "st";
  a.verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  a.login_url = "https://login.salesforce.com";
  a.redirect_uri = "http://localhost:1717/OauthRedirect";
  EXPECT_EQ(salesforce::authorize_url(a, "CID"),
            "https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=CID&redirect_uri="
            "http%3A%2F%2Flocalhost%3A1717%2FOauthRedirect&scope=api%20refresh_token&state=st&code_challenge="
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&prompt=login%20consent");
}

TEST(Redirect, ReadsCodeStateAndErrorsDecoded) {
  const auto r = salesforce::parse_redirect("http://127.0.0.1:1717/oauth/callback?code=aPrx%2Bb%3D%3D&state=xyz",
                                            "http://127.0.0.1:1717/oauth/callback");
  EXPECT_EQ(r.code, "aPrx+b==");
  EXPECT_EQ(r.state, "xyz");
  const auto e = salesforce::parse_redirect(
      "http://127.0.0.1:1717/oauth/callback?error=access_denied&error_description=end-user+denied+authorization&"
      "state=xyz",
      "http://127.0.0.1:1717/oauth/callback");
  EXPECT_EQ(e.error, "access_denied");
  EXPECT_EQ(e.error_description, "end-user denied authorization");
}

// parse_redirect refuses each of `urls` with `message`, on the authorize field.
void expect_redirects_refused(std::initializer_list<const char*> urls, const std::string& message) {
  for (const char* url : urls) {
    try {
      salesforce::parse_redirect(url, "http://127.0.0.1:1717/oauth/callback");
      ADD_FAILURE() << url;
    } catch (const console::Error& e) {
      EXPECT_EQ(std::string(e.what()), message) << url;
      EXPECT_EQ(e.field(), "authorize") << url;
    }
  }
}

TEST(Redirect, ARedirectToAnotherAddressIsRefused) {
  expect_redirects_refused({"http://127.0.0.1:1718/oauth/callback?code=a", "http://evil.example/oauth/callback?code=a",
                            "http://127.0.0.1:1717/other?code=a", "not a url"},
                           "The URL handed to the connector is not the Salesforce redirect to this console's callback "
                           "URL. Press Authorize Smart Flows to try again.");
}

TEST(Redirect, ARedirectWithNeitherCodeNorErrorIsRefused) {
  expect_redirects_refused({"http://127.0.0.1:1717/oauth/callback?state=xyz", "http://127.0.0.1:1717/oauth/callback",
                            "http://127.0.0.1:1717/oauth/callback?code]=x&statA=%"},
                           "The Salesforce redirect carries neither an authorization code nor an error. Press "
                           "Authorize Smart Flows to try again.");
}

TEST(Redirect, AUrlWithAnEmbeddedNulIsRefused) {
  using namespace std::string_literals;
  const std::string url = "http://127.0.0.1:1717/oauth/callback?co\0de=x&state=y"s;  // 52 bytes, NUL included
  EXPECT_THROW(salesforce::parse_redirect(url, "http://127.0.0.1:1717/oauth/callback"), console::Error);
}

TEST(TokenResponse, TakesOrgAndUserFromTheIdUrl) {
  const auto t = salesforce::parse_token_response(
      R"({"access_token":"00D!x","refresh_token":"5Aep","instance_url":"https://acme.my.salesforce.com/",)"
      R"("id":"https://login.salesforce.com/id/00DFAKE0000001AAA/005FAKE0000001AAA","token_type":"Bearer"})",
      true);
  EXPECT_EQ(t.org_id, "00DFAKE0000001AAA");
  EXPECT_EQ(t.user_id, "005FAKE0000001AAA");
  EXPECT_EQ(t.instance_url, "https://acme.my.salesforce.com");
}

TEST(TokenResponse, WithoutARefreshTokenExplainsTheMissingScope) {
  try {
    salesforce::parse_token_response(
        R"({"access_token":"a","instance_url":"https://x.my.salesforce.com","id":"https://l/id/00D/005"})", true);
    FAIL();
  } catch (const console::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "Salesforce issued no refresh token. Add the \"Perform requests at any time (refresh_token, "
              "offline_access)\" scope to the Connected App, then authorize again.");
  }
}

TEST(TokenResponse, AMalformedResponseIsARemoteErrorWithoutItsContent) {
  try {
    salesforce::parse_token_response(R"({"access_token":"SECRET"})", false);
    FAIL();
  } catch (const console::Error& e) {
    EXPECT_EQ(e.code(), "remote_error");
    EXPECT_EQ(std::string(e.what()), "Salesforce's token response is not usable (no instance_url).");
  }
}

TEST(FormEncoding, EscapesEverythingButUnreservedCharacters) {
  EXPECT_EQ(salesforce::form_encode({{"code", "a+b/c=="}, {"x y", "~ok-._"}}), "code=a%2Bb%2Fc%3D%3D&x%20y=~ok-._");
  // Every byte: RFC 3986's unreserved characters as they are, every other
  // one (NUL and bytes >= 0x80 included) as %XX with upper-case hex.
  const std::string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  for (int b = 0; b < 256; ++b) {
    const std::string byte(1, static_cast<char>(b));
    char escaped[4];
    std::snprintf(escaped, sizeof escaped, "%%%02X", b);
    const std::string expected = unreserved.find(byte) != std::string::npos ? byte : escaped;
    EXPECT_EQ(salesforce::form_encode({{byte, byte}}), expected + "=" + expected) << "byte " << b;
  }
}

TEST(FormDecoding, DecodesPlusAsASpaceAndKeepsAMalformedEscapeAsItIs) {
  EXPECT_EQ(salesforce::percent_decode("a%2Bb+c%zz", true), "a+b c%zz");
}

TEST(FormEncoding, EncodesBytesAndEmptyValues) {
  EXPECT_EQ(salesforce::percent_encode(""), "");
  EXPECT_EQ(salesforce::percent_encode(std::string("a\0b\xff\xc3\xa9", 6)), "a%00b%FF%C3%A9");
  EXPECT_EQ(salesforce::form_encode({{"a", ""}, {"", "b"}}), "a=&=b");
}

TEST(FormEncoding, EncodesEveryByteAsLibcurlDoes) {
  std::string every;
  for (int c = 0; c < 256; ++c) every += static_cast<char>(c);
  char* curl = curl_easy_escape(nullptr, every.data(), static_cast<int>(every.size()));
  ASSERT_NE(curl, nullptr);
  EXPECT_EQ(salesforce::percent_encode(every), std::string(curl));
  curl_free(curl);
}

TEST(FormEncoding, MalformedEscapesStayAsTheyAre) {
  using salesforce::percent_decode;
  EXPECT_EQ(percent_decode("", true), "");
  EXPECT_EQ(percent_decode("%", false), "%");
  EXPECT_EQ(percent_decode("%4", false), "%4");
  EXPECT_EQ(percent_decode("%4g%g4", false), "%4g%g4");
  EXPECT_EQ(percent_decode("%41%4a%4A", false), "AJJ");
  EXPECT_EQ(percent_decode("100%", false), "100%");
  EXPECT_EQ(percent_decode("%%41", false), "%A");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("%2B+%2b", true), "+ +");
  EXPECT_EQ(percent_decode("%00x", false), std::string("\0x", 2));
}

TEST(FormEncoding, QueryStringsAreDecodedAsForms) {
  const auto q = salesforce::parse_query("code=a%2Bb+c&state=x&state=y&flag&=v&&e=");
  EXPECT_EQ(q.at("code"), "a+b c");
  EXPECT_EQ(q.at("state"), "x");  // the first value wins
  EXPECT_EQ(q.at("flag"), "");
  EXPECT_EQ(q.at(""), "v");
  EXPECT_EQ(q.at("e"), "");
}

}  // namespace
