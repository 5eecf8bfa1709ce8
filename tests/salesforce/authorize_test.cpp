// The environment and authorize steps against the simulator: the admin's
// choices, Allow, Deny, and every way a redirect can be wrong.
#include <gtest/gtest.h>

#include "integration_fixture.h"
#include "url_codec.h"

namespace sftest {
namespace {

using Authorize = SimTest;

std::unique_ptr<console::Session> open_session(salesforce::SalesforceType& type) {
  std::string first;
  return type.open(std::string("{\"schema_version\":1,\"mode\":\"create\",\"redirect_uri\":\"") + kRedirectUri + "\"}",
                   nullptr, first);
}

struct EnvironmentCase {
  const char* environment;
  const char* custom_domain;
  const char* authorize_origin;
};

class EnvironmentStep : public SimTest, public ::testing::WithParamInterface<EnvironmentCase> {};

TEST_P(EnvironmentStep, SendsTheBrowserToTheChosenLoginHost) {
  use_config(std::string("{\"client_id\":\"") + kClientId + "\"}");
  auto session = open_session(type());
  const auto env = parse(session->submit("environment", std::string("{\"environment\":\"") + GetParam().environment +
                                                            "\",\"custom_domain\":\"" + GetParam().custom_domain +
                                                            "\",\"buttons\":\"install\",\"object\":\"Account\"}"));
  ASSERT_STREQ(env["status"].GetString(), "ok") << to_json(env);
  EXPECT_STREQ(env["step"].GetString(), "authorize");
  const auto browser = parse(session->submit("authorize", "{\"authorize\":true}"));
  ASSERT_STREQ(browser["status"].GetString(), "browser");
  const std::string url = browser["browser_url"].GetString();
  EXPECT_EQ(url.rfind(std::string(GetParam().authorize_origin) + "/services/oauth2/authorize?", 0), 0u) << url;
}

INSTANTIATE_TEST_SUITE_P(
    EveryEnvironmentAndDomainForm, EnvironmentStep,
    ::testing::Values(EnvironmentCase{"production", "", "https://login.salesforce.com"},
                      EnvironmentCase{"test", "", "https://test.salesforce.com"},
                      EnvironmentCase{"custom", "acme", "https://acme.my.salesforce.com"},
                      EnvironmentCase{"custom", "acme.my.salesforce.com", "https://acme.my.salesforce.com"},
                      EnvironmentCase{"custom", "https://acme.my.salesforce.com/", "https://acme.my.salesforce.com"},
                      EnvironmentCase{"custom", "acme--uat.sandbox.my.salesforce.com",
                                      "https://acme--uat.sandbox.my.salesforce.com"},
                      EnvironmentCase{"custom", "acme--uat", "https://acme--uat.sandbox.my.salesforce.com"},
                      EnvironmentCase{"custom", "acme-dev-ed", "https://acme-dev-ed.develop.my.salesforce.com"}));

struct RefusedDomain {
  const char* input;
  const char* error;
  const char* recommended;
};

class RefusedCustomDomain : public SimTest, public ::testing::WithParamInterface<RefusedDomain> {};

TEST_P(RefusedCustomDomain, IsAFieldErrorWithTheFix) {
  use_config(std::string("{\"client_id\":\"") + kClientId + "\"}");
  auto session = open_session(type());
  const auto r = parse(session->submit(
      "environment", std::string("{\"environment\":\"custom\",\"custom_domain\":\"") + GetParam().input + "\"}"));
  expect_sent_back(r, "environment", "custom_domain", GetParam().error);
  const auto& f = r["fields"]["custom_domain"];
  EXPECT_EQ(f.HasMember("recommended") ? f["recommended"][0].GetString() : std::string(), GetParam().recommended);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, RefusedCustomDomain,
    ::testing::Values(
        RefusedDomain{"acme.lightning.force.com",
                      "'acme.lightning.force.com' is a Lightning Experience address, not a login host. Use your My "
                      "Domain acme.my.salesforce.com instead.",
                      "acme.my.salesforce.com"},
        RefusedDomain{"http://acme.my.salesforce.com",
                      "Salesforce requires HTTPS: use https://acme.my.salesforce.com (or just acme.my.salesforce.com).",
                      "acme.my.salesforce.com"},
        RefusedDomain{"evil.example",
                      "'evil.example' is not a Salesforce login host. Enter your org's My Domain, e.g. "
                      "acme.my.salesforce.com (production) or acme--uat.sandbox.my.salesforce.com (sandbox); you "
                      "find it in Setup > My Domain.",
                      ""},
        // Without the development setting the simulator is just another server.
        RefusedDomain{"http://127.0.0.1:1234",
                      "'http://127.0.0.1:1234' is a local address, not a Salesforce login host. Enter your org's My "
                      "Domain, e.g. acme.my.salesforce.com (production) or acme--uat.sandbox.my.salesforce.com "
                      "(sandbox); you find it in Setup > My Domain.",
                      ""}));

TEST_F(Authorize, ButtonsAndObjectAnswersAreValidated) {
  auto session = open_session(type());
  const auto r = parse(session->submit(
      "environment", "{\"environment\":\"production\",\"buttons\":\"reinstall\",\"object\":\"Account; DROP\"}"));
  EXPECT_STREQ(r["status"].GetString(), "invalid");
  EXPECT_EQ(field_error(r, "buttons"), "Choose Install/Update, Uninstall or Skip.");
  const auto r2 = parse(session->submit(
      "environment", "{\"environment\":\"production\",\"buttons\":\"install\",\"object\":\"Account; DROP\"}"));
  EXPECT_EQ(field_error(r2, "object"),
            "Enter the API name of one object: letters, digits and underscores, starting with a letter (e.g. Account "
            "or Invoice__c).");
}

TEST_F(Authorize, AnAnswerThatIsNotTextIsRefusedAsNoneOfTheOptions) {
  auto session = open_session(type());
  const auto r = parse(session->submit("environment", R"({"environment":5,"buttons":true,"object":"Account"})"));
  EXPECT_STREQ(r["status"].GetString(), "invalid");
  EXPECT_EQ(field_error(r, "environment"), "Choose Custom Domain, Production or Test.");
  EXPECT_EQ(field_error(r, "buttons"), "Choose Install/Update, Uninstall or Skip.");
  EXPECT_STREQ(r["fields"]["environment"]["value"].GetString(), "");
  EXPECT_STREQ(r["fields"]["buttons"]["value"].GetString(), "");
  const auto r2 =
      parse(session->submit("environment", R"({"environment":"production","buttons":"install","object":[]})"));
  EXPECT_STREQ(r2["status"].GetString(), "invalid");
  EXPECT_EQ(field_error(r2, "object"),
            "Enter the API name of one object: letters, digits and underscores, starting with a letter (e.g. Account "
            "or Invoice__c).");
  const auto r3 = parse(session->submit("environment", R"({"environment":"custom","custom_domain":{}})"));
  EXPECT_EQ(field_error(r3, "custom_domain"), "Enter your org's My Domain as text, e.g. acme.my.salesforce.com.");
  // Not a custom domain: the domain answer is not looked at.
  const auto r4 =
      parse(session->submit("environment", R"({"environment":"production","buttons":"skip","custom_domain":1})"));
  EXPECT_STREQ(r4["status"].GetString(), "ok") << to_json(r4);
}

TEST_F(Authorize, AWordThatIsNotAnOptionIsShownBackAsTyped) {
  auto session = open_session(type());
  const auto r = parse(session->submit("environment", R"({"environment":" staging ","buttons":"Install"})"));
  EXPECT_STREQ(r["status"].GetString(), "invalid");
  EXPECT_STREQ(r["fields"]["environment"]["value"].GetString(), "staging");
  EXPECT_STREQ(r["fields"]["buttons"]["value"].GetString(), "Install");
  EXPECT_FALSE(r["fields"]["custom_domain"]["visible"].GetBool());
  EXPECT_FALSE(r["fields"]["object"]["visible"].GetBool());
}

TEST_F(Authorize, ASessionContextWithAnUnknownModeOrPrefilledWordIsRefused) {
  for (const char* ctx :
       {R"({"mode":"edit","redirect_uri":"http://127.0.0.1:1717/cb"})",
        R"({"redirect_uri":"http://127.0.0.1:1717/cb","answers":{"environment":{"buttons":"move"}}})",
        R"({"redirect_uri":"http://127.0.0.1:1717/cb","answers":{"environment":{"environment":"dev"}}})"}) {
    try {
      std::string first;
      type().open(ctx, nullptr, first);
      ADD_FAILURE() << ctx;
    } catch (const console::Error& e) {
      EXPECT_EQ(e.code(), "invalid_input") << ctx;
    }
  }
}

TEST_F(Authorize, TheAuthorizeUrlUsesPkceS256AFreshStateAndTheHostsRedirectUri) {
  auto session = open_session(type());
  parse(session->submit("environment", "{\"environment\":\"custom\",\"custom_domain\":\"" + sim().url() + "\"}"));
  const auto b1 = parse(session->submit("authorize", "{\"authorize\":true}"));
  const auto b2 = parse(session->submit("authorize", "{\"authorize\":true}"));
  const auto q1 = salesforce::parse_query(salesforce::query_of(b1["browser_url"].GetString()));
  const auto q2 = salesforce::parse_query(salesforce::query_of(b2["browser_url"].GetString()));
  EXPECT_EQ(q1.at("response_type"), "code");
  EXPECT_EQ(q1.at("client_id"), kClientId);
  EXPECT_EQ(q1.at("redirect_uri"), kRedirectUri);
  EXPECT_EQ(q1.at("scope"), "api refresh_token");
  EXPECT_EQ(q1.at("code_challenge_method"), "S256");
  EXPECT_EQ(q1.at("code_challenge").size(), 43u);
  EXPECT_GE(q1.at("state").size(), 22u);  // >= 128 bits of base64url
  EXPECT_NE(q1.at("state"), q2.at("state"));
  EXPECT_NE(q1.at("code_challenge"), q2.at("code_challenge"));
}

TEST_F(Authorize, AllowGivesTheGreenCheckAndTheConnectedStepWithOrgAndUser) {
  WizardRun run = run_wizard(sim(), type(), {});
  ASSERT_STREQ(run.callback["status"].GetString(), "ok") << to_json(run.callback);
  EXPECT_STREQ(run.callback["step"].GetString(), "connected");
  const auto& d = run.callback["display"];
  EXPECT_STREQ(d[0]["kind"].GetString(), "check");
  EXPECT_TRUE(d[0]["ok"].GetBool());
  EXPECT_STREQ(d[0]["label"].GetString(), "Smart Flows is authorized");
  EXPECT_STREQ(d[2]["label"].GetString(), "User");
  EXPECT_STREQ(d[2]["value"].GetString(), "admin@simorg.example");
  EXPECT_STREQ(d[3]["value"].GetString(), sim().url().c_str());
  ASSERT_TRUE(run.callback.HasMember("plan"));
  EXPECT_FALSE(run.callback["plan"]["nothing_to_do"].GetBool());
}

TEST_F(Authorize, WorksWithAConnectedAppThatRequiresPkce) {
  sim().post("/__sim/settings", "{\"require_pkce\":true}");
  WizardRun run = run_wizard(sim(), type(), {});
  EXPECT_STREQ(run.callback["status"].GetString(), "ok") << to_json(run.callback);
}

TEST_F(Authorize, DenyIsAClearFieldErrorAndNothingIsExchanged) {
  WizardAnswers deny;
  deny.decision = "deny";
  WizardRun run = run_wizard(sim(), type(), deny);
  expect_sent_back(
      run.callback, "authorize", "authorize",
      "Salesforce did not authorize Smart Flows: Deny was chosen on the Allow Access page. Press Authorize "
      "Smart Flows and choose Allow.");
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), 0);
}

TEST_F(Authorize, ARedirectWithAnotherStateIsRefusedAsAMismatch) {
  auto session = open_session(type());
  parse(session->submit("environment", "{\"environment\":\"custom\",\"custom_domain\":\"" + sim().url() + "\"}"));
  const auto b = parse(session->submit("authorize", "{\"authorize\":true}"));
  std::string redirect = sim().browser_authorize(b["browser_url"].GetString(), "admin@simorg.example");
  const auto pos = redirect.find("state=");
  redirect = redirect.substr(0, pos) + "state=forged" +
             redirect.substr(redirect.find('&', pos) == std::string::npos ? redirect.size() : redirect.find('&', pos));
  sim().reset_calls();
  const auto r = parse(session->callback(redirect));
  EXPECT_STREQ(r["status"].GetString(), "invalid");
  EXPECT_EQ(field_error(r, "authorize"),
            "This Salesforce response does not belong to this wizard (state mismatch), so it was ignored. Press "
            "Authorize Smart Flows to try again.");
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), 0);
}

TEST_F(Authorize, ARedirectFromAnotherSessionIsAStateMismatch) {
  auto mine = open_session(type());
  auto other = open_session(type());
  for (auto* s : {mine.get(), other.get()}) {
    parse(s->submit("environment", "{\"environment\":\"custom\",\"custom_domain\":\"" + sim().url() + "\"}"));
  }
  parse(mine->submit("authorize", "{\"authorize\":true}"));
  const auto b = parse(other->submit("authorize", "{\"authorize\":true}"));
  const std::string redirect = sim().browser_authorize(b["browser_url"].GetString(), "admin@simorg.example");
  const auto r = parse(mine->callback(redirect));
  EXPECT_EQ(field_error(r, "authorize"),
            "This Salesforce response does not belong to this wizard (state mismatch), so it was ignored. Press "
            "Authorize Smart Flows to try again.");
}

TEST_F(Authorize, ReplayingAUsedRedirectIsRefusedWithoutAnotherTokenRequest) {
  WizardRun run = run_wizard(sim(), type(), {});
  ASSERT_STREQ(run.callback["status"].GetString(), "ok");
  const int token_calls = sim().endpoint_calls("oauth.token");
  const auto r = parse(run.session->callback(run.redirect));
  EXPECT_STREQ(r["status"].GetString(), "invalid");
  EXPECT_EQ(field_error(r, "authorize"),
            "This Salesforce response was already used (each authorization works once). Press Authorize Smart "
            "Flows to authorize again.");
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), token_calls);
}

TEST_F(Authorize, AReusedAuthorizationCodeIsRefusedBySalesforceAsInvalidGrant) {
  // Two sessions: the second presents the first one's code with its own state.
  WizardRun first = run_wizard(sim(), type(), {});
  ASSERT_STREQ(first.callback["status"].GetString(), "ok");
  auto second = open_session(type());
  parse(second->submit("environment", "{\"environment\":\"custom\",\"custom_domain\":\"" + sim().url() + "\"}"));
  const auto b = parse(second->submit("authorize", "{\"authorize\":true}"));
  const auto q = salesforce::parse_query(salesforce::query_of(b["browser_url"].GetString()));
  const auto used = salesforce::parse_query(salesforce::query_of(first.redirect));
  const std::string forged = std::string(kRedirectUri) + "?code=" + salesforce::percent_encode(used.at("code")) +
                             "&state=" + salesforce::percent_encode(q.at("state"));
  const auto r = parse(second->callback(forged));
  EXPECT_STREQ(r["status"].GetString(), "invalid");
  EXPECT_EQ(field_error(r, "authorize").rfind("Salesforce refused the authorization code (invalid_grant: ", 0), 0u)
      << field_error(r, "authorize");
}

TEST_F(Authorize, AnUninstalledConnectedAppExplainsTheInstallFix) {
  sim().post("/__sim/settings", "{\"app_installed\":false}");
  auto session = open_session(type());
  parse(session->submit("environment", "{\"environment\":\"custom\",\"custom_domain\":\"" + sim().url() + "\"}"));
  const auto b = parse(session->submit("authorize", "{\"authorize\":true}"));
  // Salesforce shows its OAuth error page instead of redirecting; the host
  // hands that address over.
  const std::string redirect = sim().browser_authorize(b["browser_url"].GetString(), "admin@simorg.example");
  ASSERT_NE(redirect.find("/setup/secur/RemoteAccessErrorPage.apexp?"), std::string::npos) << redirect;
  const auto r = parse(session->callback(redirect));
  EXPECT_EQ(field_error(r, "authorize"),
            "This org blocks the Smart Flows Connected App because it is not installed in the org (app must be "
            "installed into org). A Salesforce admin can install it (Setup > Connected Apps OAuth Usage > Install), "
            "or give the connector user the \"Approve Uninstalled Connected Apps\" permission; then authorize "
            "again.");
}

TEST_F(Authorize, AnIpRestrictionNamesTheCauseAndTheFix) {
  sim().post("/__sim/settings", "{\"ip_restricted\":true}");
  WizardRun run = run_wizard(sim(), type(), {});
  ASSERT_TRUE(run.callback.IsObject());
  EXPECT_EQ(field_error(run.callback, "authorize"),
            "Salesforce refused the login from this machine's IP address (invalid_grant: ip restricted). Add the "
            "address to the connector user's profile Login IP Ranges, or set the Connected App's IP Relaxation to "
            "\"Relax IP restrictions\". Press Authorize Smart Flows to try again.");
}

TEST_F(Authorize, ANetworkFailureDuringTheExchangeIsAPreciseFieldErrorAndTheCodeIsNotResent) {
  sim().post("/__sim/faults", "{\"path_prefix\":\"/services/oauth2/token\",\"drop\":true,\"count\":5}");
  WizardRun run = run_wizard(sim(), type(), {});
  sim().clear_faults();
  EXPECT_STREQ(run.callback["status"].GetString(), "invalid");
  // The request may have reached Salesforce: a single-use code is never resent.
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), 1);
  EXPECT_EQ(field_error(run.callback, "authorize"),
            "Could not reach " + sim().url() + ": Empty reply from server. Press Authorize Smart Flows to try again.");
}

TEST_F(Authorize, TokensNeverAppearInLogsDisplaysOrSummary) {
  WizardRun run = complete_wizard({});
  ASSERT_TRUE(run.result.IsObject());
  const std::string access = run.result["state"]["access_token"].GetString();
  const std::string refresh = run.result["state"]["refresh_token"].GetString();
  const auto code = salesforce::parse_query(salesforce::query_of(run.redirect)).at("code");
  ASSERT_FALSE(access.empty());
  ASSERT_FALSE(refresh.empty());
  std::string visible = to_json(run.callback) + to_json(run.connected) + to_json(run.result["summary"]);
  for (const auto& line : host().logs) visible += line + "\n";
  for (const std::string& secret : {access, refresh, code, std::string(kClientSecret)}) {
    EXPECT_EQ(visible.find(secret), std::string::npos);
  }
}

}  // namespace
}  // namespace sftest
