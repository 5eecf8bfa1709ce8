// Token life: expired sessions, rotation, refusals, rate limits and
// transient failures, against the simulator's clock and fault injection.
#include <gtest/gtest.h>

#include "integration_fixture.h"
#include "salesforce_errors.h"

namespace sftest {
namespace {

class TokenLife : public SimTest {
 protected:
  // Action `id` on a connector that skipped the buttons, once the control
  // API took `body` at `control_path`; the calls counted are the action's.
  rapidjson::Document action_after(const std::string& control_path, const std::string& body, const std::string& id) {
    WizardRun run = complete_wizard(skip_answers());
    sim().post(control_path, body);
    sim().reset_calls();
    return action(state_of(run), id);
  }
};

TEST_F(TokenLife, AnExpiredSessionMidInstallIsRefreshedOnceAndTheInstallCompletes) {
  WizardAnswers a;
  a.stop_before_connected = true;
  WizardRun run = run_wizard(sim(), type(), a);
  ASSERT_STREQ(run.callback["status"].GetString(), "ok");
  sim().post("/__sim/sessions/expire", "{}");
  const int token_calls = sim().endpoint_calls("oauth.token");
  const auto done = parse(run.session->submit("connected", "{}"));
  EXPECT_TRUE(done["complete"].GetBool());
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), token_calls + 1);
  EXPECT_TRUE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
  const auto result = parse(run.session->result());
  EXPECT_STREQ(result["connector_status"].GetString(), "connected");
}

TEST_F(TokenLife, AnActionOnAnExpiredSessionReturnsTheRenewedStateToPersist) {
  WizardRun run = complete_wizard(skip_answers());
  sim().post("/__sim/sessions/expire", "{}");
  const auto r = action(state_of(run), "check");
  ASSERT_FALSE(r.HasMember("error")) << to_json(r);
  ASSERT_TRUE(r.HasMember("state"));
  EXPECT_NE(std::string(r["state"]["access_token"].GetString()), run.result["state"]["access_token"].GetString());
}

TEST_F(TokenLife, ARotatedRefreshTokenIsReturnedAtOnceAndTheOldOneIsDead) {
  sim().post("/__sim/settings", "{\"refresh_rotation\":true}");
  WizardRun run = complete_wizard(skip_answers());
  const std::string old_state = state_of(run);
  const auto r = action(old_state, "refresh");
  ASSERT_FALSE(r.HasMember("error")) << to_json(r);
  const std::string rotated = r["state"]["refresh_token"].GetString();
  EXPECT_NE(rotated, run.result["state"]["refresh_token"].GetString());
  // The new one works; the old one is refused.
  EXPECT_FALSE(action(to_json(r["state"]), "refresh").HasMember("error"));
  const auto stale = action(old_state, "refresh");
  ASSERT_TRUE(stale.HasMember("error"));
  EXPECT_STREQ(stale["code"].GetString(), "auth_required");
  EXPECT_STREQ(stale["detail"]["connector_status"].GetString(), "reauthorization_needed");
}

TEST_F(TokenLife, ARefreshAfter14IdleDaysIsRefusedOnceAndMarksReauthorizationNeeded) {
  const auto r = action_after("/__sim/clock/advance", "{\"days\":15}", "refresh");
  ASSERT_TRUE(r.HasMember("error"));
  EXPECT_STREQ(r["code"].GetString(), "auth_required");
  EXPECT_STREQ(r["message"].GetString(), salesforce::kReauthorizationNeededMessage);
  EXPECT_FALSE(r["retryable"].GetBool());
  EXPECT_STREQ(r["detail"]["connector_status"].GetString(), "reauthorization_needed");
  // Failing fast: one token request, never retried.
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), 1);
}

TEST_F(TokenLife, ARefreshWithin14DaysWorks) {
  const auto r = action_after("/__sim/clock/advance", "{\"days\":13}", "refresh");
  EXPECT_FALSE(r.HasMember("error")) << to_json(r);
  EXPECT_STREQ(r["connector_status"].GetString(), "connected");
}

TEST_F(TokenLife, ARevokedRefreshTokenIsRefusedOnAnExpiredSession) {
  WizardRun run = complete_wizard(skip_answers());
  sim().post("/__sim/tokens/revoke", "{}");
  sim().post("/__sim/sessions/expire", "{}");
  const auto r = action(state_of(run), "install");
  ASSERT_TRUE(r.HasMember("error"));
  EXPECT_STREQ(r["code"].GetString(), "auth_required");
  EXPECT_STREQ(r["detail"]["connector_status"].GetString(), "reauthorization_needed");
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

TEST_F(TokenLife, TheSixthAuthorizationPushesOutTheFirstRefreshToken) {
  WizardRun first = complete_wizard(skip_answers());
  for (int i = 0; i < 5; ++i) complete_wizard(skip_answers());
  const auto r = action(state_of(first), "refresh");
  ASSERT_TRUE(r.HasMember("error"));
  EXPECT_STREQ(r["message"].GetString(), salesforce::kReauthorizationNeededMessage);
}

TEST_F(TokenLife, TheRateLimitIsReportedAndNeverRetried) {
  const auto r = action_after("/__sim/settings", "{\"daily_api_limit\":1}", "install");
  ASSERT_TRUE(r.HasMember("error"));
  EXPECT_STREQ(r["code"].GetString(), "rate_limited");
  EXPECT_STREQ(r["message"].GetString(),
               "The Salesforce org has reached its API request limit (TotalRequests Limit exceeded.). Nothing more "
               "was sent; try again when the org's usage has dropped (Setup > System Overview shows it), or ask "
               "Salesforce to raise the limit.");
  EXPECT_EQ(sim().endpoint_calls("rest.composite"), 1);
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

TEST_F(TokenLife, TransientServerErrorsAreRetriedWithBackoff) {
  const auto r = action_after(
      "/__sim/faults", "{\"path_prefix\":\"/services/data/\",\"method\":\"POST\",\"status\":503,\"count\":2}", "check");
  EXPECT_FALSE(r.HasMember("error")) << to_json(r);
  EXPECT_EQ(sim().endpoint_calls("rest.composite"), 3);
}

TEST_F(TokenLife, PersistentServerErrorsGiveUpAfterABoundedNumberOfTries) {
  const auto r =
      action_after("/__sim/faults",
                   "{\"path_prefix\":\"/services/data/\",\"method\":\"POST\",\"status\":503,\"count\":10}", "check");
  sim().clear_faults();
  ASSERT_TRUE(r.HasMember("error"));
  EXPECT_STREQ(r["code"].GetString(), "remote_error");
  EXPECT_TRUE(r["retryable"].GetBool());
  EXPECT_EQ(sim().endpoint_calls("rest.composite"), 3);
}

TEST_F(TokenLife, ADroppedConnectionIsRetried) {
  const auto r =
      action_after("/__sim/faults", "{\"path_prefix\":\"/services/Soap/m/\",\"drop\":true,\"count\":1}", "install");
  EXPECT_FALSE(r.HasMember("error")) << to_json(r);
  EXPECT_TRUE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

}  // namespace
}  // namespace sftest
