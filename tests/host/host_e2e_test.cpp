// End-to-end: the real console-host binary, the real Salesforce plugin, and
// sfsim as the org. The browser is host_stub/tools/sim-browser.sh ($BROWSER),
// which signs in and answers Allow/Deny like an admin would.
#include <fstream>
#include <regex>
#include <sstream>

#include "e2e_support.h"

namespace {

using namespace e2e;
namespace fs = std::filesystem;

TEST_F(HostE2E, CreateWithCustomDomainInstallsTheButtonOnAccount) {
  Result r = create("Sales Ops", "Salesforce");
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "[ok] Smart Flows is authorized")) << r.out;
  EXPECT_TRUE(contains(r.out, "Connector \"Salesforce\" created in project \"Sales Ops\".")) << r.out;
  std::string state = sim_get("/__sim/state");
  EXPECT_TRUE(contains(state, "\"Account.Smart_Flows\"")) << state;
  Result list = host("connector list --json");
  EXPECT_TRUE(contains(list.out, "\"status\": \"connected\"")) << list.out;
  EXPECT_TRUE(contains(list.out, "\"name\": \"Salesforce\"")) << list.out;
}

TEST_F(HostE2E, ProductionAndTestSendTheBrowserToTheirLoginHosts) {
  for (const std::string env_choice : {"production", "test"}) {
    fs::path urls = dir_ / ("urls_" + env_choice);
    Result r =
        host("connector create --project P-" + env_choice + " --name SF --set environment.environment=" + env_choice +
                 " --set environment.buttons=skip --timeout 2",
             "SIM_DECISION=ignore SIM_URL_LOG=" + shell_quote(urls.string()));
    EXPECT_EQ(r.rc, 7) << r.out;
    std::ifstream in(urls);
    std::string url;
    std::getline(in, url);
    EXPECT_EQ(url.rfind("https://" + std::string(env_choice == "production" ? "login" : "test") +
                            ".salesforce.com/services/oauth2/authorize?",
                        0),
              0u)
        << url;
  }
  EXPECT_TRUE(contains(host("connector list").out, "No connectors"));
}

TEST_F(HostE2E, NonInteractiveFromAnAnswersFile) {
  std::ofstream(dir_ / "answers.json") << R"({"connector": {"name": "From file", "type": "salesforce"},)"
                                       << R"("environment": {"environment": "custom", "custom_domain": ")" << g_sim_url
                                       << R"(", "buttons": "install", "object": "Contact"}})";
  Result r = host("connector create --project Files --answers " + shell_quote((dir_ / "answers.json").string()));
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_TRUE(contains(sim_get("/__sim/state"), "\"Contact.Smart_Flows\""));
}

TEST_F(HostE2E, RefusedAnswersFailWithTheFieldNamed) {
  Result r = host("connector create --project X --name SF --set environment.environment=moon");
  EXPECT_EQ(r.rc, 3) << r.out;
  EXPECT_TRUE(contains(r.out, "environment.environment: \"moon\" is not one of: ")) << r.out;
}

TEST_F(HostE2E, SecondSalesforceConnectorInAProjectIsRefused) {
  ASSERT_EQ(create("Sales", "SF one").rc, 0);
  Result r = create("Sales", "SF two");
  EXPECT_EQ(r.rc, 5) << r.out;
  EXPECT_TRUE(contains(r.out,
                       "error: project \"Sales\" already has a Salesforce connector (\"SF one\"); a project can "
                       "have only one Salesforce connector"))
      << r.out;
}

TEST_F(HostE2E, DuplicateNameIsRefused) {
  ASSERT_EQ(create("Sales", "SF").rc, 0);
  Result r = create("sales", "sf");
  EXPECT_EQ(r.rc, 5) << r.out;
  EXPECT_TRUE(contains(r.out, "error: project \"sales\" already has a connector named \"SF\"")) << r.out;
}

TEST_F(HostE2E, ReconfigureMovesTheButtonToAnotherObject) {
  ASSERT_EQ(create("Sales", "SF").rc, 0);
  Result r = host("connector reconfigure --project Sales SF " + custom("install", "Contact"));
  ASSERT_EQ(r.rc, 0) << r.out;
  std::string state = sim_get("/__sim/state");
  EXPECT_TRUE(contains(state, "\"Contact.Smart_Flows\"")) << state;
  EXPECT_FALSE(contains(state, "\"Account.Smart_Flows\"")) << state;
  EXPECT_TRUE(contains(host("connector show --project Sales SF --json").out, "\"object\": \"Contact\""));
}

TEST_F(HostE2E, SkipAfter13DaysWorksAndAfter15DaysReauthorizationIsNeeded) {
  ASSERT_EQ(create("Sales", "SF").rc, 0);
  sim_post("/__sim/clock/advance", R"({"days":13})");
  Result skip = host("connector reconfigure --project Sales SF " + custom("skip"));
  ASSERT_EQ(skip.rc, 0) << skip.out;
  Result refresh13 = host("connector refresh --project Sales SF");
  EXPECT_EQ(refresh13.rc, 0) << refresh13.out;

  sim_post("/__sim/clock/advance", R"({"days":15})");
  Result stale = host("connector refresh --project Sales SF");
  EXPECT_EQ(stale.rc, 6) << stale.out;
  EXPECT_TRUE(contains(stale.out, "connector reauthorize")) << stale.out;
  EXPECT_TRUE(contains(host("connector show --project Sales SF").out, "re-authorization needed"));

  Result again = host("connector reauthorize --project Sales SF " + custom("skip"));
  ASSERT_EQ(again.rc, 0) << again.out;
  EXPECT_TRUE(contains(host("connector show --project Sales SF --json").out, "\"status\": \"connected\""));
  EXPECT_EQ(host("connector refresh --project Sales SF").rc, 0);
}

TEST_F(HostE2E, RefreshAllOver200Connectors) {
  // 200 projects, one Salesforce connector each, each authorized by its own
  // connector user (created in 4 lanes at once, each with its own
  // registered callback port).
  std::string cmd;
  for (int lane = 0; lane < 4; ++lane)
    cmd += "(seq " + std::to_string(lane + 1) + " 4 200 | " + env() +
           "xargs -I{} env SIM_USERNAME=fleet{}@simorg.example " + shell_quote(CONSOLE_HOST_BIN) +
           " connector create --project P{} --name SF " + custom("skip") + " --non-interactive --callback-port " +
           std::to_string(g_lane_ports[lane]) + " >/dev/null) & pids=\"$pids $!\"; ";
  Result made = sh(cmd + "fail=0; for p in $pids; do wait $p || fail=1; done; exit $fail");
  ASSERT_EQ(made.rc, 0) << made.out;
  g_all_output += made.out;
  sim_post("/__sim/calls/reset", "{}");
  Result r = host("connector refresh --all --jobs 8");
  EXPECT_EQ(r.rc, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "refresh: 200/200 done, ")) << r.out;
  EXPECT_TRUE(contains(r.out, "Refreshed 200 of 200 connectors.")) << r.out;
  // Exactly one token request per connector, nothing else.
  const std::string state = sim_get("/__sim/state");
  EXPECT_TRUE(contains(state, "\"oauth.token\":200")) << state;
  EXPECT_FALSE(contains(host("connector list").out, "re-authorization needed"));
  Result idle = host("connector refresh --all --idle-over 1");
  EXPECT_EQ(idle.rc, 0) << idle.out;
  EXPECT_TRUE(contains(idle.out, "No connector to refresh (none idle for that long).")) << idle.out;
}

TEST_F(HostE2E, RefreshAllReportsConnectorsWhoseTokenSalesforceRevokedAsTheSixth) {
  // One connector user behind 6 connectors: Salesforce keeps 5 refresh tokens
  // per user and app and revokes the oldest, so the first connector is stale.
  // (Skip: the projects share the org, and the Account button is Team1's.)
  for (int i = 1; i <= 6; ++i) {
    Result r = host("connector create --project Team" + std::to_string(i) + " --name SF " + custom("skip"));
    ASSERT_EQ(r.rc, 0) << r.out;
  }
  Result r = host("connector refresh --all --jobs 3");
  EXPECT_EQ(r.rc, 10) << r.out;
  EXPECT_TRUE(contains(r.out, "Refreshed 5 of 6 connectors.")) << r.out;
  Result list = host("connector list --project Team1");
  EXPECT_TRUE(contains(list.out, "re-authorization needed")) << list.out;
  EXPECT_FALSE(contains(host("connector list --project Team6").out, "re-authorization needed"));
}

TEST_F(HostE2E, DeleteWithUninstallRemovesTheButtonAndTheConnector) {
  ASSERT_EQ(create("Sales", "SF").rc, 0);
  Result r = host("connector delete --project Sales SF --uninstall --yes");
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_FALSE(contains(sim_get("/__sim/state"), "\"Account.Smart_Flows\""));
  EXPECT_TRUE(contains(host("connector list").out, "No connectors"));
  EXPECT_EQ(host("connector delete --project Sales SF --yes").rc, 4);
}

TEST_F(HostE2E, DeleteWithoutUninstallSaysWhatStaysInTheOrg) {
  ASSERT_EQ(create("Sales", "SF").rc, 0);
  Result r = host("connector delete --project Sales SF --yes");
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_TRUE(contains(r.out,
                       "warning: \"SF\" was deleted without --uninstall, so what it installed in the remote "
                       "system stays there (for Salesforce: the Smart Flows button and its place on page "
                       "layouts)."))
      << r.out;
  EXPECT_TRUE(contains(sim_get("/__sim/state"), "\"Account.Smart_Flows\""));
}

TEST_F(HostE2E, BusyCallbackPortIsReported) {
  console_host::CallbackListener squatter(0);
  Result r = create("Sales", "SF", "--callback-port " + std::to_string(squatter.port()));
  EXPECT_EQ(r.rc, 8) << r.out;
  EXPECT_TRUE(contains(
      r.out, "error: the OAuth callback port " + std::to_string(squatter.port()) + " on 127.0.0.1 is already in use"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "hint: stop that program, or choose another port with --callback-port N")) << r.out;
}

TEST_F(HostE2E, BrowserNeverReturningTimesOut) {
  Result r = create("Sales", "SF", "--timeout 2");
  // (BROWSER answers; this run uses the ignoring browser below.)
  ASSERT_EQ(r.rc, 0) << r.out;
  Result t = host("connector reauthorize --project Sales SF " + custom("skip") + " --timeout 2", "SIM_DECISION=ignore");
  EXPECT_EQ(t.rc, 7) << t.out;
  EXPECT_TRUE(contains(t.out, "the browser did not come back to http://localhost:" + std::to_string(g_callback_port) +
                                  "/OauthRedirect within 2 seconds"))
      << t.out;
  EXPECT_TRUE(contains(t.out, "Open this URL") || contains(t.out, "visit:")) << t.out;
}

TEST_F(HostE2E, InteractiveWizardThroughAPseudoTerminal) {
  fs::path decisions = dir_ / "decisions";
  std::ofstream(decisions) << "deny\nallow\n";
  Pty t(env("SIM_DECISIONS=" + shell_quote(decisions.string())) + shell_quote(CONSOLE_HOST_BIN) +
        " connector create --project Interactive");
  ASSERT_TRUE(t.expect("Name: ")) << t.seen();
  t.send("PTY connector");
  ASSERT_TRUE(t.expect("Description: ")) << t.seen();
  t.send("");
  ASSERT_TRUE(t.expect("Type [Salesforce]: ")) << t.seen();
  t.send("");
  ASSERT_TRUE(t.expect("Environment [")) << t.seen();
  t.send("staging");  // wrong: corrected below
  ASSERT_TRUE(t.expect("\"staging\" is not one of: ")) << t.seen();
  ASSERT_TRUE(t.expect("Environment [")) << t.seen();
  t.send("custom");
  ASSERT_TRUE(t.expect(": ")) << t.seen();  // the custom domain
  t.send(g_sim_url);
  // The remaining fields of the step take their defaults (Install/Update on Account).
  for (int i = 0; i < 6 && !t.expect("Press Enter to", std::chrono::milliseconds(1500)); ++i) t.send("");
  t.send("");
  ASSERT_TRUE(t.expect("Press Enter to try again")) << t.seen();  // after Deny
  t.send("");
  ASSERT_TRUE(t.expect("Continue? [Y/n]: ")) << t.seen();
  t.send("y");
  EXPECT_EQ(t.wait(), 0) << t.seen();
  g_all_output += t.seen();
  EXPECT_TRUE(contains(t.seen(), "Connector \"PTY connector\" created")) << t.seen();
  EXPECT_TRUE(contains(sim_get("/__sim/state"), "\"Account.Smart_Flows\""));
}

TEST_F(HostE2E, KillingTheHostMidCreateLeavesAnAbandonedRowThatTheNextRunReplaces) {
  {
    Pty t(env("SIM_DECISION=ignore") + "exec " + shell_quote(CONSOLE_HOST_BIN) +
          " connector create --project Sales --name SF " + custom() + " --non-interactive --timeout 60");
    ASSERT_TRUE(t.expect("Waiting for the sign-in")) << t.seen();
    Result live = host("connector list");
    EXPECT_TRUE(contains(live.out, "creating")) << live.out;
    ::kill(t.pid(), SIGKILL);
    g_all_output += t.seen();
  }
  Result list = host("connector list --json");
  EXPECT_EQ(list.rc, 0) << list.out;
  EXPECT_TRUE(contains(list.out, "\"name\": \"SF\"")) << list.out;
  EXPECT_TRUE(contains(list.out, "\"status\": \"abandoned\"")) << list.out;
  EXPECT_TRUE(contains(host("connector list").out, "abandoned"));
  Result again = create("Sales", "SF");
  EXPECT_EQ(again.rc, 0) << again.out;
  Result after = host("connector list --json");
  EXPECT_TRUE(contains(after.out, "\"status\": \"connected\"")) << after.out;
  EXPECT_FALSE(contains(after.out, "abandoned")) << after.out;
}

// Self-contained: the output of every test is checked in TearDown; this
// one also reads the store a create leaves, which holds no token in clear text.
TEST_F(HostE2E, ACreatePrintsNothingSecretAndStoresNoTokenInClearText) {
  const Result made = create("Sales", "SF");
  ASSERT_EQ(made.rc, 0) << made.out;
  ASSERT_FALSE(made.out.empty());
  std::ifstream db(dir_ / "console.db", std::ios::binary), wal(dir_ / "console.db-wal", std::ios::binary);
  std::stringstream store;
  store << db.rdbuf() << wal.rdbuf();
  ASSERT_FALSE(store.str().empty());
  for (const auto& secret : secret_patterns()) {
    EXPECT_FALSE(std::regex_search(made.out, secret.re)) << "console-host printed " << secret.what;
    EXPECT_FALSE(std::regex_search(store.str(), secret.re)) << "the store holds " << secret.what << " in clear text";
  }
  EXPECT_FALSE(contains(store.str(), "refresh_token"));
}

}  // namespace
