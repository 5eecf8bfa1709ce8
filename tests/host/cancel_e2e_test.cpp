// End-to-end: Ctrl-C (SIGINT) while the real console-host runs a change in
// sfsim. The host turns the signal into the ABI's cancellation: the plugin
// stops before its next change and answers "cancelled" with what is in
// place, the host saves that state, says what is in place and exits 11, and
// the next run finishes the job. sfsim delays the answer to the first
// change (fault injection), so the signal always lands while it is in flight.
#include <signal.h>

#include "e2e_support.h"

namespace {

using namespace e2e;

class CancelE2E : public HostE2E {
 protected:
  static rapidjson::Document sim_state() {
    rapidjson::Document d;
    d.Parse(sim_get("/__sim/state").c_str());
    return d;
  }
  static int calls(const char* endpoint) {
    const auto s = sim_state();
    const auto& by = s["calls"]["by_endpoint"];
    return by.HasMember(endpoint) ? by[endpoint].GetInt() : 0;
  }
  static int layouts_with_the_button() {
    const auto s = sim_state();
    int n = 0;
    for (const auto& l : s["layouts"].GetObject()) {
      if (!l.value.HasMember("customButtons")) continue;
      for (const auto& b : l.value["customButtons"].GetArray()) n += std::string(b.GetString()) == "Smart_Flows";
    }
    return n;
  }
  // Delays sfsim's answer to the next upsertMetadata or deleteMetadata by 3 s.
  static void delay_next(const char* soap_operation) {
    sim_post("/__sim/calls/reset", "{}");
    sim_post("/__sim/faults", std::string(R"({"path_prefix":"/services/Soap/m/","soap_operation":")") + soap_operation +
                                  R"(","count":1,"delay_ms":3000})");
  }
  // Runs console-host `args` and sends it SIGINT once sfsim has received
  // `operation` (the delayed change is then in flight); returns the exit code.
  int interrupt_during(const std::string& args, const char* operation, std::string& out) {
    Pty t(env() + "exec " + shell_quote(CONSOLE_HOST_BIN) + " " + args);
    const std::string endpoint = std::string("soap.") + operation;
    bool in_flight = false;
    for (int i = 0; i < 300 && !in_flight; ++i) {
      in_flight = calls(endpoint.c_str()) >= 1;
      if (!in_flight) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(in_flight) << "sfsim never received " << operation;
    ::kill(t.pid(), SIGINT);
    const int rc = t.wait();
    out = t.seen();
    g_all_output += out;
    return rc;
  }
  // Delays the next upsertMetadata, interrupts `args` while it is in flight,
  // and expects exit 11; returns what the host printed.
  std::string cancelled_during_upsert(const std::string& args) {
    delay_next("upsertMetadata");
    std::string out;
    EXPECT_EQ(interrupt_during(args, "upsertMetadata", out), 11) << out;
    return out;
  }
};

TEST_F(CancelE2E, CtrlCDuringAReconfigureInstallStopsBeforeTheLayoutsSavesWhatIsInPlaceAndTheRerunFinishes) {
  ASSERT_EQ(host("connector create --project Sales --name SF " + custom("skip")).rc, 0);
  const std::string out = cancelled_during_upsert("connector reconfigure --project Sales SF " +
                                                  custom("install", "Account") + " --non-interactive");
  EXPECT_TRUE(contains(out,
                       "Install/Update did not finish: it was cancelled before the next change in Salesforce. In "
                       "place now: the Smart Flows button Account.Smart_Flows exists and is on 0 of 2 page layouts "
                       "of Account; not yet on Account (Marketing) Layout, Account Layout. Run Install/Update again "
                       "to finish."))
      << out;
  // Nothing was sent after the cancellation: the button only, no layout.
  EXPECT_EQ(calls("soap.upsertMetadata"), 1);
  EXPECT_TRUE(sim_state()["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_EQ(layouts_with_the_button(), 0);

  // The store holds what is in place: `show` names the button and no layout.
  Result show = host("connector show --project Sales SF");
  EXPECT_EQ(show.rc, 0) << show.out;
  EXPECT_TRUE(contains(show.out, "Account.Smart_Flows on 0 page layouts")) << show.out;

  Result again = host("connector reconfigure --project Sales SF " + custom("install", "Account"));
  ASSERT_EQ(again.rc, 0) << again.out;
  EXPECT_EQ(layouts_with_the_button(), 2);
  EXPECT_TRUE(contains(host("connector show --project Sales SF").out, "Account.Smart_Flows on 2 page layouts"));
}

TEST_F(CancelE2E, CtrlCDuringADeleteUninstallKeepsTheConnectorWithWhatIsInPlaceAndTheRerunDeletesIt) {
  ASSERT_EQ(create("Sales", "SF").rc, 0);
  ASSERT_EQ(layouts_with_the_button(), 2);
  const std::string out = cancelled_during_upsert("connector delete --project Sales SF --uninstall --yes");
  EXPECT_TRUE(contains(out,
                       "uninstalling \"SF\" failed: Uninstall did not finish: it was cancelled before the next "
                       "change in Salesforce. In place now: the Smart Flows button Account.Smart_Flows is on "
                       "no page layout but still exists."))
      << out;
  EXPECT_TRUE(contains(out, "the connector was kept")) << out;
  EXPECT_EQ(calls("soap.deleteMetadata"), 0);
  EXPECT_EQ(layouts_with_the_button(), 0);
  EXPECT_TRUE(sim_state()["weblinks"].HasMember("Account.Smart_Flows"));
  Result show = host("connector show --project Sales SF");
  EXPECT_EQ(show.rc, 0) << show.out;
  EXPECT_TRUE(contains(show.out, "Account.Smart_Flows on 0 page layouts")) << show.out;

  Result again = host("connector delete --project Sales SF --uninstall --yes");
  ASSERT_EQ(again.rc, 0) << again.out;
  EXPECT_FALSE(sim_state()["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_TRUE(contains(host("connector list").out, "No connectors")) << host("connector list").out;
}

TEST_F(CancelE2E, CtrlCDuringACreateSaysWhatIsInPlaceAndExits11) {
  const std::string out = cancelled_during_upsert("connector create --project Sales --name SF " +
                                                  custom("install", "Account") + " --non-interactive");
  EXPECT_TRUE(contains(out,
                       "Install/Update did not finish: it was cancelled before the next change in Salesforce. In "
                       "place now: the Smart Flows button Account.Smart_Flows exists and is on 0 of 2 page layouts "
                       "of Account"))
      << out;
  EXPECT_EQ(layouts_with_the_button(), 0);
  // A creation saves nothing until it is complete (its pending row is gone);
  // the next create finds the button and finishes the job.
  Result list = host("connector list");
  EXPECT_TRUE(contains(list.out, "No connectors")) << list.out;
  Result again = create("Sales", "SF");
  ASSERT_EQ(again.rc, 0) << again.out;
  EXPECT_EQ(layouts_with_the_button(), 2);
}

}  // namespace
