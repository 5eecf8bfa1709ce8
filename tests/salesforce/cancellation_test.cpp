// Cancellation (ABI 1.1 is_cancelled; the code "cancelled" from 1.2): the
// button actions poll the host before every write, stop cleanly, say what
// is in place, and the next run finishes the job. The fake host turns
// cancelled after N counted API requests (sfsim's calls.api).
#include <gtest/gtest.h>

#include "integration_fixture.h"

namespace sftest {
namespace {

using Cancellation = SimTest;

int layouts_with_the_button(const rapidjson::Value& layouts) {
  int n = 0;
  for (const auto& l : layouts.GetObject()) n += has_custom_button(l.value, "Smart_Flows") ? 1 : 0;
  return n;
}

constexpr const char* kAccountLayouts[] = {"Account-Account Layout", "Account-Account %28Marketing%29 Layout"};

TEST_F(Cancellation, AnInstallCancelledAfterTheButtonWasCreatedStopsBeforeTheLayoutsAndTheNextRunFinishes) {
  WizardRun run = complete_wizard(skip_answers());
  sim().reset_calls();
  // composite, listMetadata, readMetadata, upsertMetadata (WebLink): then cancelled.
  host().cancel_when = [this] { return sim().api_calls() >= 4; };
  const auto r = action(state_of(run), "install");
  ASSERT_TRUE(r.HasMember("error")) << to_json(r);
  expect_error(r, "cancelled", false,
               "Install/Update did not finish: it was cancelled before the next change in Salesforce. In place now: "
               "the Smart Flows button Account.Smart_Flows exists and is on 0 of 2 page layouts of Account; not yet "
               "on Account (Marketing) Layout, Account Layout. Run Install/Update again to finish.");
  auto s = sim().state();
  EXPECT_EQ(s["calls"]["api"].GetInt(), 4);  // nothing was sent after the cancellation
  EXPECT_TRUE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_EQ(layouts_with_the_button(s["layouts"]), 0);

  // The next run, with the state the cancelled one handed back, finishes it.
  host().cancel_when = nullptr;
  const auto again = action(to_json(r["detail"]["state"]), "install");
  ASSERT_FALSE(again.HasMember("error")) << to_json(again);
  EXPECT_STREQ(again["summary"]["installed"][0].GetString(), "Account.Smart_Flows on 2 page layouts");
  s = sim().state();
  for (const char* layout : kAccountLayouts) EXPECT_TRUE(has_custom_button(s["layouts"][layout], "Smart_Flows"));
}

// A host of ABI 1.1 has no "cancelled" code: the same stop reaches it as
// "conflict", the code plugins sent before 1.2, with the same words and state.
TEST_F(Cancellation, ToAnAbi11HostACancelledInstallSaysConflict) {
  WizardAnswers skip;
  skip.buttons = "skip";
  WizardRun run = complete_wizard(skip);
  host().set_abi_minor(1);
  host().cancel_when = [this] { return sim().api_calls() >= 4; };
  sim().reset_calls();
  const auto r = action(state_of(run), "install");
  ASSERT_TRUE(r.HasMember("error")) << to_json(r);
  EXPECT_STREQ(r["code"].GetString(), "conflict");
  EXPECT_FALSE(r["retryable"].GetBool());
  EXPECT_EQ(std::string(r["message"].GetString())
                .rfind("Install/Update did not finish: it was cancelled before the "
                       "next change in Salesforce. In place now: the Smart Flows "
                       "button Account.Smart_Flows exists",
                       0),
            0u)
      << r["message"].GetString();
  EXPECT_TRUE(r["detail"].HasMember("state"));
}

TEST_F(Cancellation, AnInstallCancelledBeforeItsFirstChangeLeavesSalesforceUnchanged) {
  WizardRun run = complete_wizard(skip_answers());
  const auto before = sim().state();
  sim().reset_calls();
  host().cancel_when = [] { return true; };
  const auto r = action(state_of(run), "install");
  ASSERT_TRUE(r.HasMember("error")) << to_json(r);
  EXPECT_STREQ(r["code"].GetString(), "cancelled");
  EXPECT_STREQ(r["message"].GetString(),
               "Install/Update did not finish: it was cancelled before the next change in Salesforce. In place now: "
               "nothing; Salesforce is unchanged. Run Install/Update again to finish.");
  const auto s = sim().state();
  EXPECT_EQ(s["calls"]["api"].GetInt(), 3);  // composite, listMetadata, readMetadata: no write
  EXPECT_EQ(to_json(s["weblinks"]), to_json(before["weblinks"]));
  EXPECT_EQ(to_json(s["layouts"]), to_json(before["layouts"]));
  EXPECT_EQ(host().cancel_polls, 1);
}

TEST_F(Cancellation, AnUninstallCancelledAfterTheLayoutsSaysTheButtonStillExistsAndTheNextRunDeletesIt) {
  WizardRun run = complete_wizard({});
  sim().reset_calls();
  // composite, listMetadata, readMetadata, upsertMetadata (layouts): then cancelled.
  host().cancel_when = [this] { return sim().api_calls() >= 4; };
  const auto r = action(state_of(run), "uninstall");
  ASSERT_TRUE(r.HasMember("error")) << to_json(r);
  EXPECT_STREQ(r["code"].GetString(), "cancelled");
  EXPECT_STREQ(r["message"].GetString(),
               "Uninstall did not finish: it was cancelled before the next change in Salesforce. In place now: the "
               "Smart Flows button Account.Smart_Flows is on no page layout but still exists. Run Uninstall again to "
               "finish.");
  auto s = sim().state();
  EXPECT_EQ(s["calls"]["api"].GetInt(), 4);
  EXPECT_TRUE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_EQ(layouts_with_the_button(s["layouts"]), 0);

  host().cancel_when = nullptr;
  const auto again = action(to_json(r["detail"]["state"]), "uninstall");
  ASSERT_FALSE(again.HasMember("error")) << to_json(again);
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

TEST_F(Cancellation, CancellingTheConnectedStepChangesNothingAndTheHostsRetryCompletesTheInstall) {
  WizardRun run = run_to_connected_step();
  ASSERT_STREQ(run.callback["status"].GetString(), "ok");
  host().cancel_when = [] { return true; };
  const auto stopped = submit_connected(run);
  ASSERT_TRUE(stopped.HasMember("error")) << "the install should have stopped";
  expect_error(stopped, "cancelled", false,
               "Install/Update did not finish: it was cancelled before the next change in Salesforce. In place now: "
               "nothing; Salesforce is unchanged. Run Install/Update again to finish.");
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));

  host().cancel_when = nullptr;
  const auto done = parse(run.session->submit("connected", "{}"));
  EXPECT_TRUE(done["complete"].GetBool());
  const auto s = sim().state();
  for (const char* layout : kAccountLayouts) EXPECT_TRUE(has_custom_button(s["layouts"][layout], "Smart_Flows"));
}

}  // namespace
}  // namespace sftest
