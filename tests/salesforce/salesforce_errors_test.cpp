// Salesforce's errors as the admin reads them: one table per family.
#include "salesforce_errors.h"

#include <gtest/gtest.h>

#include "connector_state.h"
#include "http_client.h"
#include "plugin_config.h"

namespace {

using salesforce::OAuthPhase;

TEST(FindSalesforceError, ReadsRestArraysAndSoapFaults) {
  auto rest = salesforce::find_salesforce_error(
      R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])");
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->code, "INVALID_SESSION_ID");
  EXPECT_EQ(rest->message, "Session expired or invalid");
  auto soap = salesforce::find_salesforce_error(
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:sf=\"http://soap.sforce.com/2006/04/metadata\"><soapenv:Body><soapenv:Fault>"
      "<faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in "
      "SessionHeader: Illegal Session</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>");
  ASSERT_TRUE(soap);
  EXPECT_EQ(soap->code, "INVALID_SESSION_ID");
  EXPECT_EQ(soap->message, "Invalid Session ID found in SessionHeader: Illegal Session");
  EXPECT_FALSE(salesforce::find_salesforce_error("<html>gateway</html>"));
  EXPECT_FALSE(salesforce::find_salesforce_error(""));
  EXPECT_FALSE(salesforce::find_salesforce_error("{\"ok\":true}"));
}

struct ApiCase {
  long status;
  const char* code;
  const char* message;
  const char* console_code;
  bool retryable;
  const char* text;
};

class ApiErrors : public ::testing::TestWithParam<ApiCase> {};

TEST_P(ApiErrors, MapToACodeAndAnAdminFriendlyMessage) {
  const auto e = salesforce::api_failure(GetParam().status, {GetParam().code, GetParam().message});
  EXPECT_EQ(e.code(), GetParam().console_code);
  EXPECT_EQ(e.retryable(), GetParam().retryable);
  EXPECT_EQ(std::string(e.what()), GetParam().text);
  EXPECT_EQ(e.detail_json(), std::string("{\"salesforce_code\":\"") + GetParam().code + "\"}");
}

INSTANTIATE_TEST_SUITE_P(
    Codes, ApiErrors,
    ::testing::Values(
        ApiCase{403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", "rate_limited", false,
                "The Salesforce org has reached its API request limit (TotalRequests Limit exceeded.). Nothing more "
                "was sent; try again when the org's usage has dropped (Setup > System Overview shows it), or ask "
                "Salesforce to raise the limit."},
        ApiCase{403, "API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization.", "permission_missing",
                false,
                "The API is not enabled for this Salesforce organization (API_DISABLED_FOR_ORG). Smart Flows needs "
                "an edition with API access (Enterprise, Unlimited, Performance or Developer Edition, or "
                "Professional Edition with the API add-on); ask Salesforce to enable it."},
        ApiCase{403, "API_CURRENTLY_DISABLED", "API is disabled for this User", "permission_missing", false,
                "API access is disabled for the connector user (API_CURRENTLY_DISABLED). Grant the user the \"API "
                "Enabled\" permission (Setup > Users > Permission Sets > System Permissions) and authorize again."},
        ApiCase{500, "INSUFFICIENT_ACCESS",
                "use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions",
                "permission_missing", false,
                "Salesforce refused the change because the connector user lacks access (INSUFFICIENT_ACCESS: use of "
                "the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions). The "
                "connector user needs \"Modify All Data\" and \"Modify Metadata Through Metadata API Functions\"; "
                "grant them and run the wizard again."},
        ApiCase{401, "INVALID_SESSION_ID", "Session expired or invalid", "auth_required", false,
                "Salesforce rejected the connector's session even after renewing it (INVALID_SESSION_ID). If the "
                "org locks sessions to the IP address they were created from, allow this machine's address or "
                "re-authorize the connector from here."},
        ApiCase{500, "UNKNOWN_EXCEPTION", "An unexpected error occurred.", "remote_error", true,
                "Salesforce refused the request: UNKNOWN_EXCEPTION: An unexpected error occurred."},
        ApiCase{500, "INVALID_OPERATION", "try later", "remote_error", false,
                "Salesforce refused the request: INVALID_OPERATION: try later"}));

struct OAuthCase {
  const char* error;
  const char* description;
  OAuthPhase phase;
  const char* console_code;
  const char* text;
};

class OAuthErrors : public ::testing::TestWithParam<OAuthCase> {};

TEST_P(OAuthErrors, ExplainTheCauseAndTheFix) {
  const auto e = salesforce::oauth_failure({GetParam().error, GetParam().description}, GetParam().phase, "authorize");
  EXPECT_EQ(e.code(), GetParam().console_code);
  EXPECT_EQ(std::string(e.what()), GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(
    Codes, OAuthErrors,
    ::testing::Values(
        OAuthCase{"access_denied", "end-user denied authorization", OAuthPhase::kAuthorize, "auth_denied",
                  "Salesforce did not authorize Smart Flows: Deny was chosen on the Allow Access page. Press "
                  "Authorize Smart Flows and choose Allow."},
        OAuthCase{"invalid_grant", "expired authorization code", OAuthPhase::kCodeExchange, "auth_denied",
                  "Salesforce refused the authorization code (invalid_grant: expired authorization code); it was "
                  "already used or has expired. Press Authorize Smart Flows to try again."},
        OAuthCase{"invalid_grant", "expired access/refresh token", OAuthPhase::kRefresh, "auth_required",
                  salesforce::kReauthorizationNeededMessage},
        OAuthCase{"invalid_client_id", "client identifier invalid", OAuthPhase::kCodeExchange, "auth_denied",
                  "Salesforce does not know the Smart Flows Connected App (invalid_client_id: client identifier "
                  "invalid). Check the client_id in the console's Salesforce configuration."},
        OAuthCase{"invalid_client", "invalid client credentials", OAuthPhase::kCodeExchange, "auth_denied",
                  "Salesforce refused the Smart Flows Connected App's credentials (invalid_client: invalid client "
                  "credentials). Check the client_id and client_secret in the console's Salesforce configuration."},
        OAuthCase{"redirect_uri_mismatch", "redirect_uri must match configuration", OAuthPhase::kAuthorize,
                  "auth_denied",
                  "Salesforce refused the callback URL (redirect_uri_mismatch): add the console's callback URL to "
                  "the Connected App's Callback URL list."},
        OAuthCase{"rate_limit_exceeded", "", OAuthPhase::kCodeExchange, "rate_limited",
                  "Salesforce refused the login because of too many login attempts (rate_limit_exceeded). Wait a "
                  "while, then authorize again."}));

TEST(ConnectorState, RoundTripsAndItsSummaryHoldsNoSecret) {
  salesforce::ConnectorState s;
  s.environment = salesforce::Environment::kCustom;
  s.login_url = "https://acme.my.salesforce.com";
  s.access_token = "00D!ACCESS";
  s.refresh_token = "5Aep-REFRESH";
  s.installed_object = "Account";
  s.installed_layouts = {"Account-Account Layout"};
  s.buttons = salesforce::ButtonAction::kInstall;
  s.object = "Account";
  const auto back = salesforce::ConnectorState::from_json(s.to_json());
  EXPECT_EQ(back.to_json(), s.to_json());
  const std::string summary = s.summary_json();
  EXPECT_EQ(summary.find("ACCESS"), std::string::npos);
  EXPECT_EQ(summary.find("REFRESH"), std::string::npos);
  EXPECT_NE(summary.find("\"installed\":[\"Account.Smart_Flows on 1 page layout\"]"), std::string::npos);
}

TEST(ConnectorState, AnUnknownSchemaVersionIsRefused) {
  EXPECT_THROW(salesforce::ConnectorState::from_json("{\"schema_version\":2}"), console::Error);
}

TEST(PluginConfig, ReadsTheHostsKeysAndRefusesWrongTypesByName) {
  const auto c = salesforce::parse_plugin_config(
      R"({"client_id":"CID","email_enabled":true,"allow_loopback_login_host":true,"console_url":"https://c.example/"})");
  EXPECT_EQ(c.client_id, "CID");
  EXPECT_TRUE(c.email_enabled);
  EXPECT_TRUE(c.allow_loopback_login_host);
  EXPECT_EQ(c.console_url, "https://c.example");
  EXPECT_FALSE(salesforce::parse_plugin_config("{}").allow_loopback_login_host);
  try {
    salesforce::parse_plugin_config(R"({"email_enabled":"yes"})");
    FAIL();
  } catch (const console::Error& e) {
    EXPECT_EQ(std::string(e.what()), "plugin configuration: 'email_enabled' must be true or false");
  }
}

}  // namespace

namespace {

struct TransientCase {
  long status;
  const char* body;
  bool transient;
};

class TransientFailures : public ::testing::TestWithParam<TransientCase> {};

TEST_P(TransientFailures, AreRetriedButSalesforceRefusalsAreNot) {
  salesforce::HttpResponse r;
  r.status = GetParam().status;
  r.body = GetParam().body;
  EXPECT_EQ(salesforce::is_transient_http_failure(r), GetParam().transient)
      << GetParam().status << " " << GetParam().body;
}

INSTANTIATE_TEST_SUITE_P(
    Responses, TransientFailures,
    ::testing::Values(TransientCase{503, "", true}, TransientCase{502, "<html>bad gateway</html>", true},
                      TransientCase{504, "", true}, TransientCase{500, "<html>oops</html>", true},
                      TransientCase{500, R"([{"errorCode":"UNKNOWN_EXCEPTION","message":"x"}])", true},
                      TransientCase{
                          403, R"([{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests Limit exceeded."}])",
                          false},
                      TransientCase{500,
                                    "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                                    "<soapenv:Body><soapenv:Fault><faultcode>sf:REQUEST_LIMIT_EXCEEDED</faultcode>"
                                    "<faultstring>REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.</faultstring>"
                                    "</soapenv:Fault></soapenv:Body></soapenv:Envelope>",
                                    false},
                      TransientCase{401, R"([{"errorCode":"INVALID_SESSION_ID","message":"x"}])", false},
                      TransientCase{400, "", false}, TransientCase{200, "", false}));

}  // namespace
