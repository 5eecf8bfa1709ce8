// OAuth 2.0 on the wire: the authorize pages, the token endpoint for every
// grant and error, refresh-token policies, revoke, identity and userinfo.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <functional>
#include <ostream>
#include <regex>

#include "sim_fixture.h"

namespace sfsim_test {
namespace {

using OAuth = SimTest;

std::string authorize_url(const std::string& base, const std::string& redirect = kCallback,
                          const std::string& extra = "") {
  return base + "/services/oauth2/authorize?" +
         form({{"response_type", "code"}, {"client_id", kClientId}, {"redirect_uri", redirect}, {"state", "xyz 1"}}) +
         extra;
}

std::string hidden_pending(const std::string& html) {
  std::smatch m;
  static const std::regex re("name=\"pending\" value=\"([^\"]+)\"");
  return std::regex_search(html, m, re) ? m[1].str() : std::string();
}

HttpResult browser(const std::string& base, const std::string& authorize, const std::string& user,
                   const std::string& password, const std::string& decision) {
  return post_json(base + "/__sim/browser/authorize", "{\"authorize_url\":\"" + authorize + "\",\"username\":\"" +
                                                          user + "\",\"password\":\"" + password +
                                                          "\",\"decision\":\"" + decision + "\"}");
}

std::string redirect_of(const HttpResult& r) { return parse_json(r.body)["redirect"].GetString(); }

HttpResult token_request(const std::string& base, const std::vector<std::pair<std::string, std::string>>& fields) {
  return post_form(base + "/services/oauth2/token", fields);
}

void expect_oauth_error(const HttpResult& r, const std::string& error, const std::string& description) {
  EXPECT_EQ(r.status, 400) << r.body;
  const auto d = parse_json(r.body);
  EXPECT_EQ(std::string(d["error"].GetString()), error);
  EXPECT_EQ(std::string(d["error_description"].GetString()), description);
}

std::string code_for(const std::string& base, const std::string& user = "admin@simorg.example",
                     const std::string& extra = "") {
  const HttpResult r = browser(base, authorize_url(base, kCallback, extra), user, kPassword, "allow");
  return query_param(redirect_of(r), "code");
}

TEST_F(OAuth, AuthorizeServesAnHtmlLoginFormForAValidRequest) {
  const HttpResult r = get(authorize_url(base()));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"username\""), std::string::npos);
  EXPECT_NE(r.body.find("name=\"pw\""), std::string::npos);
  EXPECT_FALSE(hidden_pending(r.body).empty());
}

TEST_F(OAuth, HtmlFormsLoginThenAllowRedirectToTheCallbackWithCodeAndState) {
  const std::string pending = hidden_pending(get(authorize_url(base())).body);
  const HttpResult approval =
      post_form(url("/services/oauth2/authorize"),
                {{"pending", pending}, {"username", "admin@simorg.example"}, {"pw", kPassword}});
  ASSERT_EQ(approval.status, 200);
  EXPECT_NE(approval.body.find("value=\"allow\""), std::string::npos);
  EXPECT_NE(approval.body.find("value=\"deny\""), std::string::npos);
  const HttpResult done = post_form(url("/services/oauth2/authorize"), {{"pending", pending}, {"decision", "allow"}});
  EXPECT_EQ(done.status, 302);
  const std::string location = done.header("location");
  EXPECT_EQ(location.rfind(std::string(kCallback) + "?code=", 0), 0u) << location;
  EXPECT_EQ(query_param(location, "state"), "xyz 1");
  EXPECT_FALSE(query_param(location, "code").empty());
}

TEST_F(OAuth, HtmlFormsDenyRedirectsWithAccessDenied) {
  const std::string pending = hidden_pending(get(authorize_url(base())).body);
  post_form(url("/services/oauth2/authorize"),
            {{"pending", pending}, {"username", "minimal@simorg.example"}, {"pw", kPassword}});
  const HttpResult done = post_form(url("/services/oauth2/authorize"), {{"pending", pending}, {"decision", "deny"}});
  EXPECT_EQ(done.status, 302);
  EXPECT_EQ(query_param(done.header("location"), "error"), "access_denied");
  EXPECT_EQ(query_param(done.header("location"), "error_description"), "end-user denied authorization");
  EXPECT_EQ(query_param(done.header("location"), "state"), "xyz 1");
}

TEST_F(OAuth, WrongPasswordShowsTheLoginFormAgainWithAnError) {
  const std::string pending = hidden_pending(get(authorize_url(base())).body);
  const HttpResult r = post_form(url("/services/oauth2/authorize"),
                                 {{"pending", pending}, {"username", "admin@simorg.example"}, {"pw", "nope"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Please check your username and password"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"pw\""), std::string::npos);
}

TEST_F(OAuth, BrowserHelperReportsAFailedLogin) {
  const HttpResult r = browser(base(), authorize_url(base()), "admin@simorg.example", "wrong", "allow");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(std::string(parse_json(r.body)["error"].GetString()), "login_failed");
}

TEST_F(OAuth, UnknownClientIdLandsOnTheRemoteAccessErrorPage) {
  const HttpResult r = get(
      base() + "/services/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=" + url_encode(kCallback));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.header("location"), base() +
                                      "/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_client_id"
                                      "&error_description=client%20identifier%20invalid");
  EXPECT_EQ(get(r.header("location")).status, 200);
}

TEST_F(OAuth, UnregisteredRedirectUriLandsOnTheRemoteAccessErrorPage) {
  const HttpResult r = get(authorize_url(base(), "https://evil.example/cb"));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(query_param(r.header("location"), "error"), "redirect_uri_mismatch");
  EXPECT_EQ(query_param(r.header("location"), "error_description"), "redirect_uri must match configuration");
}

// Salesforce compares the callback URL exactly: another port, another path,
// 127.0.0.1 for localhost, https for http, a trailing slash or an extra
// query each land on the error page, and nothing is sent to the URL.
TEST_F(OAuth, CallbackMustMatchExactlyPortPathHostAndScheme) {
  for (const std::string uri : {"http://localhost:50123/OauthRedirect", "http://localhost:1717/oauthredirect",
                                "http://127.0.0.1:1717/OauthRedirect", "https://localhost:1717/OauthRedirect",
                                "http://localhost:1717/OauthRedirect/", "http://localhost:1717/OauthRedirect?x=1",
                                "http://localhost/OauthRedirect", "http://localhost:1717/oauth/callback"}) {
    const HttpResult r = get(authorize_url(base(), uri));
    ASSERT_EQ(r.status, 302) << uri;
    EXPECT_EQ(r.header("location"), base() +
                                        "/setup/secur/RemoteAccessErrorPage.apexp?error=redirect_uri_mismatch"
                                        "&error_description=redirect_uri%20must%20match%20configuration")
        << uri;
  }
  const HttpResult exact =
      browser(base(), authorize_url(base(), kCallback), "admin@simorg.example", kPassword, "allow");
  EXPECT_EQ(redirect_of(exact).rfind(std::string(kCallback) + "?code=", 0), 0u);
}

TEST_F(OAuth, StrictCallbackMatchingIsTheDefault) {
  EXPECT_FALSE(parse_json(get(base() + "/__sim/settings").body)["settings"]["loopback_any_port"].GetBool());
}

// The development leniency (never on in the suite): another loopback port
// with a registered path matches.
TEST_F(OAuth, LoopbackAnyPortLeniencyOnlyWhenSwitchedOn) {
  settings("{\"loopback_any_port\":true}");
  const HttpResult r = browser(base(), authorize_url(base(), "http://127.0.0.1:50123/OauthRedirect"),
                               "admin@simorg.example", kPassword, "allow");
  EXPECT_EQ(redirect_of(r).rfind("http://127.0.0.1:50123/OauthRedirect?code=", 0), 0u) << redirect_of(r);
  const HttpResult other_path = browser(base(), authorize_url(base(), "http://127.0.0.1:50123/other"),
                                        "admin@simorg.example", kPassword, "allow");
  EXPECT_EQ(query_param(redirect_of(other_path), "error"), "redirect_uri_mismatch");
  settings("{\"loopback_any_port\":false}");
}

// A harness registers the exact callback it listens on; it survives
// /__sim/reset and can be removed again.
TEST_F(OAuth, RegisteredCallbackMatchesAndSurvivesReset) {
  const std::string uri = "http://localhost:50123/OauthRedirect";
  const HttpResult added = post_json(base() + "/__sim/callback_urls", "{\"url\":\"" + uri + "\"}");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.body, "{\"3MVG9SIMULATOR0SmartFlowsConsumerKey\":[\"http://localhost:1717/OauthRedirect\",\"" + uri +
                            "\"],\"PlatformCLI\":[\"http://localhost:1717/OauthRedirect\"]}");
  post_json(base() + "/__sim/reset", "{}");
  const HttpResult r = browser(base(), authorize_url(base(), uri), "admin@simorg.example", kPassword, "allow");
  EXPECT_EQ(redirect_of(r).rfind(uri + "?code=", 0), 0u) << redirect_of(r);
  HttpRequest remove;
  remove.method = "DELETE";
  remove.url = base() + "/__sim/callback_urls";
  remove.headers = {"Content-Type: application/json"};
  remove.body = "{\"url\":\"" + uri + "\"}";
  ASSERT_EQ(http(remove).status, 200);
  EXPECT_EQ(query_param(get(authorize_url(base(), uri)).header("location"), "error"), "redirect_uri_mismatch");
}

TEST_F(OAuth, RegisteringACallbackOnAnUnknownAppIsRefused) {
  const HttpResult r =
      post_json(base() + "/__sim/callback_urls", "{\"url\":\"http://localhost:1/x\",\"client_id\":\"nope\"}");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "{\"error\":\"unknown_client\",\"message\":\"no app with client_id nope\"}");
}

TEST_F(OAuth, UninstalledAppIsRefusedAtAuthorizeAndAtTheTokenEndpoint) {
  settings("{\"app_installed\":false}");
  const HttpResult r = get(authorize_url(base()));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(query_param(r.header("location"), "error"), "invalid_client");
  EXPECT_EQ(query_param(r.header("location"), "error_description"), "app must be installed into org");
  expect_oauth_error(token_request(base(), {{"grant_type", "password"},
                                            {"client_id", kClientId},
                                            {"client_secret", kClientSecret},
                                            {"username", "admin@simorg.example"},
                                            {"password", kPassword}}),
                     "invalid_client", "app must be installed into org");
}

TEST_F(OAuth, CodeExchangeReturnsSalesforceTokenFieldsWithAValidSignature) {
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  for (const char* f :
       {"access_token", "refresh_token", "signature", "scope", "instance_url", "id", "token_type", "issued_at"})
    ASSERT_TRUE(t.HasMember(f) && t[f].IsString()) << f;
  EXPECT_EQ(std::string(t["instance_url"].GetString()), base());
  EXPECT_EQ(std::string(t["token_type"].GetString()), "Bearer");
  EXPECT_TRUE(std::regex_match(std::string(t["issued_at"].GetString()), std::regex("\\d{13}")));
  EXPECT_TRUE(std::regex_match(std::string(t["id"].GetString()),
                               std::regex(base() + "/id/00D[A-Za-z0-9]{15}/005[A-Za-z0-9]{15}")));
  EXPECT_EQ(std::string(t["access_token"].GetString()).substr(0, 4), "00D0");
  EXPECT_FALSE(t.HasMember("expires_in"));
  // signature = base64(HMAC-SHA256(client_secret, id + issued_at))
  const std::string msg = std::string(t["id"].GetString()) + t["issued_at"].GetString();
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), kClientSecret, static_cast<int>(strlen(kClientSecret)),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), mac, &len);
  unsigned char b64[64];
  EVP_EncodeBlock(b64, mac, static_cast<int>(len));
  EXPECT_EQ(std::string(t["signature"].GetString()), std::string(reinterpret_cast<char*>(b64)));
}

TEST_F(OAuth, WithoutRefreshScopeNoRefreshTokenIsIssued) {
  const auto t = authorize_and_exchange(base(), "admin@simorg.example", "api");
  EXPECT_FALSE(t.HasMember("refresh_token"));
  EXPECT_EQ(std::string(t["scope"].GetString()), "api");
}

TEST_F(OAuth, CodeChallengeMethodOtherThanS256IsRefused) {
  const HttpResult r =
      browser(base(), authorize_url(base(), kCallback, "&code_challenge=abc&code_challenge_method=plain"),
              "admin@simorg.example", kPassword, "allow");
  EXPECT_EQ(query_param(redirect_of(r), "error"), "invalid_request");
}

TEST_F(OAuth, RequirePkceRefusesAnAuthorizeRequestWithoutChallenge) {
  settings("{\"require_pkce\":true}");
  const HttpResult r = browser(base(), authorize_url(base()), "admin@simorg.example", kPassword, "allow");
  EXPECT_EQ(query_param(redirect_of(r), "error"), "invalid_request");
  EXPECT_EQ(query_param(redirect_of(r), "error_description"), "missing required code challenge");
}

TEST_F(OAuth, PasswordGrantIssuesNoRefreshToken) {
  const HttpResult ok = token_request(base(), {{"grant_type", "password"},
                                               {"client_id", kClientId},
                                               {"client_secret", kClientSecret},
                                               {"username", "minimal@simorg.example"},
                                               {"password", kPassword}});
  ASSERT_EQ(ok.status, 200);
  EXPECT_FALSE(parse_json(ok.body).HasMember("refresh_token"));
}

// The token endpoint's refusals: one row per case, each answered 400 with
// exactly this error and error_description.
struct TokenRefusal {
  const char* name;
  const char* settings;  // applied first through /__sim/settings ("" for none)
  std::function<HttpResult(const std::string& base)> request;
  const char* error;
  const char* description;
};

// A failing row is named by its case.
void PrintTo(const TokenRefusal& row, std::ostream* os) { *os << row.name; }

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields code_exchange(const std::string& code, const std::string& redirect_uri = kCallback,
                     const std::string& client_secret = kClientSecret) {
  return {{"grant_type", "authorization_code"},
          {"code", code},
          {"client_id", kClientId},
          {"client_secret", client_secret},
          {"redirect_uri", redirect_uri}};
}

Fields password_grant(const std::string& client_id, const std::string& client_secret, const std::string& password) {
  return {{"grant_type", "password"},
          {"client_id", client_id},
          {"client_secret", client_secret},
          {"username", "minimal@simorg.example"},
          {"password", password}};
}

const char* const kPkceChallenge = "&code_challenge=9AOqEunWkNpX08YV7svKUTypgMDGzSXhhRhrxnIjbV0";

const TokenRefusal kTokenRefusals[] = {
    {"UnknownAuthorizationCode", "",
     [](const std::string& base) { return token_request(base, code_exchange("aPrxNOPE==")); }, "invalid_grant",
     "invalid authorization code"},
    {"AuthorizationCodeUsedTwice", "",
     [](const std::string& base) {
       const Fields fields = code_exchange(code_for(base));
       EXPECT_EQ(token_request(base, fields).status, 200) << "the first exchange";
       return token_request(base, fields);
     },
     "invalid_grant", "expired authorization code"},
    {"AuthorizationCodeAfterFifteenMinutes", "",
     [](const std::string& base) {
       const std::string code = code_for(base);
       post_json(base + "/__sim/clock/advance", "{\"seconds\":901}");
       return token_request(base, code_exchange(code));
     },
     "invalid_grant", "expired authorization code"},
    {"PkceVerifierMismatch", "",
     [](const std::string& base) {
       Fields fields = code_exchange(code_for(base, "admin@simorg.example", kPkceChallenge));
       fields.emplace_back("code_verifier", "not-the-verifier");
       return token_request(base, fields);
     },
     "invalid_request", "invalid code verifier"},
    {"PkceVerifierMissing", "",
     [](const std::string& base) {
       return token_request(base, code_exchange(code_for(base, "admin@simorg.example", kPkceChallenge)));
     },
     "invalid_grant", "invalid code verifier"},
    {"RedirectUriOtherThanAtAuthorize", "",
     [](const std::string& base) {
       return token_request(base, code_exchange(code_for(base), "http://localhost:1718/OauthRedirect"));
     },
     "redirect_uri_mismatch", "redirect_uri must match configuration"},
    {"WrongClientSecret", "",
     [](const std::string& base) { return token_request(base, code_exchange(code_for(base), kCallback, "wrong")); },
     "invalid_client", "invalid client credentials"},
    {"UnknownClientId", "",
     [](const std::string& base) { return token_request(base, password_grant("nope", "x", kPassword)); },
     "invalid_client_id", "client identifier invalid"},
    {"UnknownGrantType", "",
     [](const std::string& base) {
       return token_request(base, {{"grant_type", "client_credentials"}, {"client_id", kClientId}});
     },
     "unsupported_grant_type", "grant type not supported"},
    {"GetInsteadOfPost", "",
     [](const std::string& base) { return get(base + "/services/oauth2/token?grant_type=password"); },
     "invalid_request", "must use HTTP POST"},
    {"BadPassword", "",
     [](const std::string& base) { return token_request(base, password_grant(kClientId, kClientSecret, "bad")); },
     "invalid_grant", "authentication failure"},
    {"IpRestricted", "{\"ip_restricted\":true}",
     [](const std::string& base) { return token_request(base, password_grant(kClientId, kClientSecret, kPassword)); },
     "invalid_grant", "ip restricted"},
};

class OAuthTokenRefusal : public SimTest, public ::testing::WithParamInterface<TokenRefusal> {};

TEST_P(OAuthTokenRefusal, IsAnsweredWithItsExactErrorAndDescription) {
  const TokenRefusal& row = GetParam();
  if (*row.settings) settings(row.settings);
  expect_oauth_error(row.request(base()), row.error, row.description);
}

INSTANTIATE_TEST_SUITE_P(Rows, OAuthTokenRefusal, ::testing::ValuesIn(kTokenRefusals),
                         [](const ::testing::TestParamInfo<TokenRefusal>& info) { return info.param.name; });

HttpResult refresh(const std::string& base, const std::string& rt) {
  return token_request(base, {{"grant_type", "refresh_token"},
                              {"refresh_token", rt},
                              {"client_id", kClientId},
                              {"client_secret", kClientSecret}});
}

TEST_F(OAuth, RefreshReturnsANewSessionWithIdAndNoRefreshTokenWhenRotationIsOff) {
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  const HttpResult r = refresh(base(), t["refresh_token"].GetString());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto d = parse_json(r.body);
  EXPECT_FALSE(d.HasMember("refresh_token"));
  EXPECT_EQ(std::string(d["id"].GetString()), std::string(t["id"].GetString()));
  EXPECT_NE(std::string(d["access_token"].GetString()), std::string(t["access_token"].GetString()));
  EXPECT_TRUE(d.HasMember("signature") && d.HasMember("instance_url") && d.HasMember("issued_at"));
  EXPECT_EQ(refresh(base(), t["refresh_token"].GetString()).status, 200);
}

TEST_F(OAuth, RefreshWithRotationIssuesANewRefreshTokenAndKillsTheOldOne) {
  settings("{\"refresh_rotation\":true}");
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  const HttpResult r = refresh(base(), t["refresh_token"].GetString());
  ASSERT_EQ(r.status, 200);
  const auto d = parse_json(r.body);
  ASSERT_TRUE(d.HasMember("refresh_token"));
  expect_oauth_error(refresh(base(), t["refresh_token"].GetString()), "invalid_grant", "expired access/refresh token");
  EXPECT_EQ(refresh(base(), d["refresh_token"].GetString()).status, 200);
}

TEST_F(OAuth, RefreshTokenExpiresAfterFourteenIdleDaysButUseKeepsItAlive) {
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  const std::string rt = t["refresh_token"].GetString();
  post_json(url("/__sim/clock/advance"), "{\"days\":13}");
  EXPECT_EQ(refresh(base(), rt).status, 200);
  post_json(url("/__sim/clock/advance"), "{\"days\":13}");
  EXPECT_EQ(refresh(base(), rt).status, 200);
  post_json(url("/__sim/clock/advance"), "{\"days\":15}");
  expect_oauth_error(refresh(base(), rt), "invalid_grant", "expired access/refresh token");
}

TEST_F(OAuth, RefreshTokenValidUntilRevokedSurvivesAYear) {
  settings("{\"refresh_policy\":\"infinite\"}");
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  post_json(url("/__sim/clock/advance"), "{\"days\":400}");
  EXPECT_EQ(refresh(base(), t["refresh_token"].GetString()).status, 200);
}

TEST_F(OAuth, ImmediatelyExpiringRefreshPolicyRefusesEveryRefresh) {
  settings("{\"refresh_policy\":\"zero\"}");
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  expect_oauth_error(refresh(base(), t["refresh_token"].GetString()), "invalid_grant", "expired access/refresh token");
}

TEST_F(OAuth, ASixthRefreshTokenRevokesTheOldestOfTheUser) {
  std::vector<std::string> tokens;
  for (int i = 0; i < 6; ++i)
    tokens.push_back(authorize_and_exchange(base(), "minimal@simorg.example")["refresh_token"].GetString());
  expect_oauth_error(refresh(base(), tokens[0]), "invalid_grant", "expired access/refresh token");
  for (int i = 1; i < 6; ++i) EXPECT_EQ(refresh(base(), tokens[static_cast<size_t>(i)]).status, 200) << i;
  EXPECT_EQ(state()["tokens"]["refresh_by_user"]["minimal@simorg.example"].GetInt(), 5);
}

TEST_F(OAuth, RevokingARefreshTokenEndsItsSessions) {
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  EXPECT_EQ(post_form(url("/services/oauth2/revoke"), {{"token", t["refresh_token"].GetString()}}).status, 200);
  EXPECT_EQ(get(rest("/limits"), {bearer(t["access_token"].GetString())}).status, 401);
  expect_oauth_error(refresh(base(), t["refresh_token"].GetString()), "invalid_grant", "expired access/refresh token");
}

TEST_F(OAuth, RevokingAnAccessTokenEndsOnlyThatSession) {
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  EXPECT_EQ(post_form(url("/services/oauth2/revoke"), {{"token", t["access_token"].GetString()}}).status, 200);
  EXPECT_EQ(get(rest("/limits"), {bearer(t["access_token"].GetString())}).status, 401);
  EXPECT_EQ(refresh(base(), t["refresh_token"].GetString()).status, 200);
}

TEST_F(OAuth, RevokingAnUnknownTokenIsInvalidToken) {
  expect_oauth_error(post_form(url("/services/oauth2/revoke"), {{"token", "nope"}}), "invalid_token", "invalid token");
}

TEST_F(OAuth, IdentityUrlDescribesTheUserWithUrlsOnTheSimulator) {
  const auto t = authorize_and_exchange(base(), "minimal@simorg.example");
  const std::string id = t["id"].GetString();
  const HttpResult r = get(id + "?version=62.0", {bearer(t["access_token"].GetString())});
  ASSERT_EQ(r.status, 200);
  const auto d = parse_json(r.body);
  EXPECT_EQ(std::string(d["username"].GetString()), "minimal@simorg.example");
  EXPECT_EQ(std::string(d["id"].GetString()), id);
  EXPECT_EQ(std::string(d["user_id"].GetString()), id.substr(id.size() - 18));
  EXPECT_EQ(std::string(d["urls"]["rest"].GetString()), base() + "/services/data/v62.0/");
  EXPECT_EQ(std::string(d["urls"]["metadata"].GetString()).rfind(base() + "/services/Soap/m/62.0/00D", 0), 0u);
  // oauth_token query parameter works as well as the header.
  EXPECT_EQ(get(id + "?format=json&oauth_token=" + url_encode(t["access_token"].GetString())).status, 200);
}

TEST_F(OAuth, IdentityWithABadTokenIsPlainBadOAuthToken403) {
  const auto t = authorize_and_exchange(base(), "admin@simorg.example");
  const HttpResult r = get(t["id"].GetString(), {bearer("00Dbogus!token")});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, "Bad_OAuth_Token");
}

TEST_F(OAuth, UserinfoDescribesTheCurrentUser) {
  const std::string at = password_token(base(), "email@simorg.example");
  const HttpResult r = get(url("/services/oauth2/userinfo"), {bearer(at)});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(std::string(parse_json(r.body)["preferred_username"].GetString()), "email@simorg.example");
  EXPECT_EQ(get(url("/services/oauth2/userinfo"), {bearer("x")}).status, 403);
}

TEST_F(OAuth, SessionsTimeOutAfterTwoHoursOfInactivity) {
  const std::string at = password_token(base(), "admin@simorg.example");
  post_json(url("/__sim/clock/advance"), "{\"seconds\":7000}");
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).status, 200);
  post_json(url("/__sim/clock/advance"), "{\"seconds\":7000}");
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).status, 200);
  post_json(url("/__sim/clock/advance"), "{\"seconds\":7201}");
  const HttpResult r = get(rest("/limits"), {bearer(at)});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
}

TEST_F(OAuth, ApiOnlyUserCanAuthorizeWithTheWebFlow) {
  const auto t = authorize_and_exchange(base(), "apionly@simorg.example");
  EXPECT_EQ(get(rest("/limits"), {bearer(t["access_token"].GetString())}).status, 200);
}

// sfsim --callback-url registers one more exact callback at start; it stays
// registered across /__sim/reset, and nothing but that exact URL matches.
TEST(OAuthCallbackOption, CallbackUrlOptionRegistersThatExactUrl) {
  const std::string uri = "http://localhost:40404/OauthRedirect";
  SimProcess sim({"--callback-url", uri});
  post_json(sim.base_url() + "/__sim/reset", "{}");
  const HttpResult listed = get(sim.base_url() + "/__sim/callback_urls");
  EXPECT_EQ(parse_json(listed.body)[kClientId].Size(), 2u) << listed.body;
  const HttpResult ok =
      browser(sim.base_url(), authorize_url(sim.base_url(), uri), "admin@simorg.example", kPassword, "allow");
  EXPECT_EQ(redirect_of(ok).rfind(uri + "?code=", 0), 0u) << redirect_of(ok);
  const HttpResult other = get(authorize_url(sim.base_url(), "http://localhost:40405/OauthRedirect"));
  EXPECT_EQ(query_param(other.header("location"), "error"), "redirect_uri_mismatch");
}

}  // namespace
}  // namespace sfsim_test
