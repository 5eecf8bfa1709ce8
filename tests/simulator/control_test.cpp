// The /__sim/ control API: state, reset, clock, faults, sessions, tokens
// and settings.
#include <chrono>

#include "sim_fixture.h"

namespace sfsim_test {
namespace {

using Control = SimTest;

TEST_F(Control, StateShowsMetadataTokensCallsAndUsage) {
  const std::string at = password_token(base(), "admin@simorg.example");
  get(rest("/limits"), {bearer(at)});
  const auto s = state();
  for (const char* k : {"clock_ms", "weblinks", "layouts", "tokens", "calls", "api_usage"})
    EXPECT_TRUE(s.HasMember(k)) << k;
  EXPECT_EQ(s["layouts"].MemberCount(), 8u);  // 7 of the org's own, 1 of a managed package (Case)
  EXPECT_EQ(s["tokens"]["access_active"].GetInt(), 1);
  EXPECT_EQ(s["calls"]["total"].GetInt(), 2);
  EXPECT_EQ(s["calls"]["api"].GetInt(), 1);
  EXPECT_EQ(s["calls"]["by_endpoint"]["oauth.token"].GetInt(), 1);
  EXPECT_EQ(s["calls"]["by_endpoint"]["rest.limits"].GetInt(), 1);
  EXPECT_EQ(s["api_usage"]["max"].GetInt(), 15000);
}

TEST_F(Control, ResetRestoresTheBuiltInOrgAndForgetsTokens) {
  const std::string at = password_token(base(), "admin@simorg.example");
  settings("{\"daily_api_limit\":5}");
  ASSERT_EQ(post_json(url("/__sim/reset"), "{}").status, 200);
  EXPECT_EQ(state()["api_usage"]["max"].GetInt(), 15000);
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).status, 401);
}

TEST_F(Control, ClockAdvancesBySecondsOrDays) {
  const int64_t before = parse_json(get(url("/__sim/clock")).body)["clock_ms"].GetInt64();
  const auto after = parse_json(post_json(url("/__sim/clock/advance"), "{\"days\":1}").body);
  EXPECT_GE(after["clock_ms"].GetInt64() - before, 86400000);
  EXPECT_LT(after["clock_ms"].GetInt64() - before, 86400000 + 60000);
  EXPECT_EQ(post_json(url("/__sim/clock/advance"), "{\"seconds\":-1}").status, 400);
}

TEST_F(Control, FaultAppliesToTheNextMatchingRequestsAfterSkipping) {
  const std::string at = password_token(base(), "admin@simorg.example");
  ASSERT_EQ(post_json(url("/__sim/faults"),
                      "{\"path_prefix\":\"/services/data\",\"method\":\"GET\",\"skip\":1,\"count\":2,\"status\":503}")
                .status,
            200);
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).status, 200);
  const HttpResult faulted = get(rest("/limits"), {bearer(at)});
  EXPECT_EQ(faulted.status, 503);
  EXPECT_NE(faulted.body.find("SERVER_UNAVAILABLE"), std::string::npos);
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).status, 503);
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).status, 200);
}

TEST_F(Control, SoapFaultCanTargetOneOperation) {
  const std::string at = password_token(base(), "admin@simorg.example");
  post_json(url("/__sim/faults"),
            "{\"path_prefix\":\"/services/Soap/m\",\"soap_operation\":\"upsertMetadata\","
            "\"soap_fault\":{\"code\":\"sf:UNKNOWN_EXCEPTION\",\"message\":\"boom\"}}");
  EXPECT_EQ(soap(base(), at, "<describeMetadata/>").status, 200);
  const HttpResult r = soap(base(), at, "<upsertMetadata/>");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(
      r.body.find("<faultcode>sf:UNKNOWN_EXCEPTION</faultcode><faultstring>UNKNOWN_EXCEPTION: boom</faultstring>"),
      std::string::npos)
      << r.body;
}

TEST_F(Control, FaultCanSetACustomBody) {
  post_json(url("/__sim/faults"),
            "{\"path_prefix\":\"/services/oauth2/token\",\"status\":400,"
            "\"body\":\"{\\\"error\\\":\\\"rate_limit_exceeded\\\"}\"}");
  const HttpResult r = post_form(url("/services/oauth2/token"), {{"grant_type", "password"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "{\"error\":\"rate_limit_exceeded\"}");
}

TEST_F(Control, DelayedResponsesArriveLate) {
  post_json(url("/__sim/faults"), "{\"path_prefix\":\"/services/data/\",\"delay_ms\":300}");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(get(url("/services/data/")).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(280));
}

TEST_F(Control, DroppedConnectionGivesNoResponseAndTheServerKeepsServing) {
  post_json(url("/__sim/faults"), "{\"path_prefix\":\"/services/data/\",\"drop\":true}");
  const HttpResult dropped = get(url("/services/data/"));
  EXPECT_FALSE(dropped.error.empty());
  EXPECT_EQ(dropped.status, 0);
  EXPECT_EQ(get(url("/services/data/")).status, 200);
}

TEST_F(Control, ClearingFaultsRemovesPendingOnes) {
  post_json(url("/__sim/faults"), "{\"path_prefix\":\"/services/data/\",\"status\":500,\"count\":5}");
  http({"DELETE", url("/__sim/faults"), {}, "", false, "", 5000});
  EXPECT_EQ(get(url("/services/data/")).status, 200);
}

TEST_F(Control, ExpiringSessionsInvalidatesEveryAccessToken) {
  const std::string at = password_token(base(), "admin@simorg.example");
  post_json(url("/__sim/sessions/expire"), "{}");
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).status, 401);
  EXPECT_EQ(state()["tokens"]["access_active"].GetInt(), 0);
}

TEST_F(Control, RevokingTokensOfOneUserLeavesOthers) {
  const auto a = authorize_and_exchange(base(), "admin@simorg.example");
  const auto m = authorize_and_exchange(base(), "minimal@simorg.example");
  post_json(url("/__sim/tokens/revoke"), "{\"username\":\"admin@simorg.example\"}");
  const auto s = state();
  EXPECT_FALSE(s["tokens"]["refresh_by_user"].HasMember("admin@simorg.example"));
  EXPECT_EQ(s["tokens"]["refresh_by_user"]["minimal@simorg.example"].GetInt(), 1);
  post_json(url("/__sim/tokens/revoke"), "{}");
  EXPECT_EQ(state()["tokens"]["refresh_active"].GetInt(), 0);
}

TEST_F(Control, UnknownSettingsAndBadBodiesAreRejected) {
  EXPECT_EQ(post_json(url("/__sim/settings"), "{\"warp_speed\":true}").status, 400);
  EXPECT_EQ(post_json(url("/__sim/settings"), "{\"refresh_rotation\":\"yes\"}").status, 400);
  EXPECT_EQ(post_json(url("/__sim/faults"), "not json").status, 400);
  EXPECT_EQ(get(url("/__sim/nothing")).status, 404);
}

TEST_F(Control, CallCountersCanBeZeroed) {
  get(url("/services/data/"));
  post_json(url("/__sim/calls/reset"), "{}");
  EXPECT_EQ(state()["calls"]["total"].GetInt(), 0);
  EXPECT_EQ(state()["calls"]["busy_us"].GetInt64(), 0);
}

// Benchmarks set a client's time against the simulator's own: busy_us is the
// time from each request read to its answer ready to send, the control API aside.
TEST_F(Control, BusyTimeCountsTheOrgsAnswersAndNotTheControlApi) {
  post_json(url("/__sim/calls/reset"), "{}");
  for (int i = 0; i < 20; ++i) state();
  EXPECT_LT(state()["calls"]["busy_us"].GetInt64(), 1) << "control requests were counted";
  post_json(url("/__sim/faults"), "{\"path_prefix\":\"/services/data/\",\"delay_ms\":100}");
  EXPECT_EQ(get(url("/services/data/")).status, 200);
  const int64_t busy = state()["calls"]["busy_us"].GetInt64();
  EXPECT_GE(busy, 100000);
  EXPECT_LT(busy, 5000000);
}

}  // namespace
}  // namespace sfsim_test
