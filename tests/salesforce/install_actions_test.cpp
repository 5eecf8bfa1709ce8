// Install/Update, Uninstall and Skip against the simulator: what the admin
// sees and what the org holds afterwards.
#include <gtest/gtest.h>

#include "integration_fixture.h"

namespace sftest {
Sim* SimTest::sim_ = nullptr;

namespace {

using InstallActions = SimTest;

constexpr const char* kAccountLayouts[] = {"Account-Account Layout", "Account-Account %28Marketing%29 Layout"};

bool mentioned_anywhere(const rapidjson::Value& layouts) {
  for (const auto& l : layouts.GetObject()) {
    if (has_custom_button(l.value, "Smart_Flows") || has_action(l.value, "Smart_Flows")) return true;
  }
  return false;
}

// The layout without the Smart Flows entries, to compare with the original
// (member order is not compared: JSON objects are unordered).
rapidjson::Document without_smart_flows(const rapidjson::Value& layout) {
  rapidjson::Document copy;
  copy.CopyFrom(layout, copy.GetAllocator());
  if (copy.HasMember("customButtons")) {
    auto& b = copy["customButtons"];
    for (auto it = b.Begin(); it != b.End();) {
      it = std::string(it->GetString()) == "Smart_Flows" ? b.Erase(it) : it + 1;
    }
  }
  if (copy.HasMember("platformActionList") && copy["platformActionList"].IsObject() &&
      copy["platformActionList"].HasMember("platformActionListItems")) {
    auto& items = copy["platformActionList"]["platformActionListItems"];
    for (auto it = items.Begin(); it != items.End();) {
      it = std::string((*it)["actionName"].GetString()) == "Smart_Flows" ? items.Erase(it) : it + 1;
    }
  }
  return copy;
}

TEST_F(InstallActions, FirstInstallCreatesTheButtonAndPlacesItOnEveryAccountLayout) {
  WizardRun run = complete_wizard({});
  ASSERT_TRUE(run.result.IsObject());
  const auto s = sim().state();
  ASSERT_TRUE(s["weblinks"].HasMember("Account.Smart_Flows"));
  const auto& wl = s["weblinks"]["Account.Smart_Flows"];
  EXPECT_STREQ(wl["displayType"].GetString(), "button");
  EXPECT_STREQ(wl["linkType"].GetString(), "url");
  EXPECT_STREQ(wl["masterLabel"].GetString(), "Smart Flows");
  EXPECT_STREQ(wl["url"].GetString(),
               "https://console.smartflows.example/salesforce/record?org={!$Organization.Id}&object=Account&id={!"
               "Account.Id}");
  for (const char* layout : kAccountLayouts) {
    EXPECT_TRUE(has_custom_button(s["layouts"][layout], "Smart_Flows")) << layout;
    if (s["layouts"][layout].HasMember("platformActionList") && s["layouts"][layout]["platformActionList"].IsObject()) {
      EXPECT_TRUE(has_action(s["layouts"][layout], "Smart_Flows")) << layout;
    }
  }
  EXPECT_STREQ(run.result["connector_status"].GetString(), "connected");
  EXPECT_STREQ(run.result["summary"]["installed"][0].GetString(), "Account.Smart_Flows on 2 page layouts");
  const auto& lines = run.connected["display"][run.connected["display"].Size() - 2]["items"];
  EXPECT_STREQ(lines[0].GetString(), "Created the Smart Flows button Account.Smart_Flows.");
  EXPECT_STREQ(lines[1].GetString(),
               "Added it to 2 page layouts of Account: Account (Marketing) Layout, Account Layout.");
}

TEST_F(InstallActions, InstallKeepsEverythingElseTheLayoutsHold) {
  const auto before = sim().state();
  complete_wizard({});
  const auto after = sim().state();
  for (const auto& l : before["layouts"].GetObject()) {
    EXPECT_TRUE(without_smart_flows(after["layouts"][l.name.GetString()]) == l.value) << l.name.GetString();
  }
  for (const auto& w : before["weblinks"].GetObject()) {
    EXPECT_EQ(to_json(after["weblinks"][w.name.GetString()]), to_json(w.value));
  }
}

TEST_F(InstallActions, TheLightningActionGetsTheNextFreeSortOrder) {
  complete_wizard({});
  const auto s = sim().state();
  const auto& items = s["layouts"]["Account-Account Layout"]["platformActionList"]["platformActionListItems"];
  const auto& last = items[items.Size() - 1];
  EXPECT_STREQ(last["actionName"].GetString(), "Smart_Flows");
  EXPECT_STREQ(last["actionType"].GetString(), "CustomButton");
  EXPECT_EQ(last["sortOrder"].GetInt(), static_cast<int>(items.Size()) - 1);
}

TEST_F(InstallActions, ASecondInstallChangesNothing) {
  WizardRun first = complete_wizard({});
  const auto before = sim().state();
  WizardAnswers again = reconfigure(first);
  WizardRun second = complete_wizard(again);
  const auto after = sim().state();
  EXPECT_EQ(to_json(after["layouts"]), to_json(before["layouts"]));
  EXPECT_EQ(to_json(after["weblinks"]), to_json(before["weblinks"]));
  EXPECT_EQ(sim().endpoint_calls("soap.upsertMetadata"), 0);
  EXPECT_EQ(sim().endpoint_calls("soap.deleteMetadata"), 0);
  EXPECT_TRUE(second.callback["plan"]["nothing_to_do"].GetBool());
  const auto& lines = second.connected["display"][second.connected["display"].Size() - 2]["items"];
  EXPECT_STREQ(lines[0].GetString(),
               "The Smart Flows button on Account was already up to date on all 2 page layouts; nothing was changed.");
}

TEST_F(InstallActions, ChoosingAnotherObjectMovesTheButton) {
  WizardRun first = complete_wizard({});
  WizardAnswers move = reconfigure(first);
  move.object = "Contact";
  WizardRun second = complete_wizard(move);
  const auto s = sim().state();
  EXPECT_FALSE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_TRUE(s["weblinks"].HasMember("Contact.Smart_Flows"));
  for (const char* layout : kAccountLayouts) {
    EXPECT_FALSE(has_custom_button(s["layouts"][layout], "Smart_Flows")) << layout;
    EXPECT_FALSE(has_action(s["layouts"][layout], "Smart_Flows")) << layout;
  }
  EXPECT_TRUE(has_custom_button(s["layouts"]["Contact-Contact Layout"], "Smart_Flows"));
  EXPECT_STREQ(second.result["summary"]["installed"][0].GetString(), "Contact.Smart_Flows on 1 page layout");
}

TEST_F(InstallActions, UninstallRemovesTheButtonFromEveryLayoutAndDeletesIt) {
  const auto pristine = sim().state();
  WizardRun first = complete_wizard({});
  WizardAnswers un = uninstall(first);
  WizardRun second = complete_wizard(un);
  const auto s = sim().state();
  EXPECT_FALSE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_FALSE(mentioned_anywhere(s["layouts"]));
  EXPECT_TRUE(s["layouts"] == pristine["layouts"]);
  EXPECT_EQ(second.result["summary"]["installed"].Size(), 0u);
  const auto& lines = second.connected["display"][second.connected["display"].Size() - 1]["items"];
  EXPECT_STREQ(lines[0].GetString(),
               "Removed the Smart Flows button from 2 page layouts: Account (Marketing) Layout, Account Layout.");
  EXPECT_STREQ(lines[1].GetString(), "Deleted the Smart Flows button Account.Smart_Flows.");

  // Twice: succeeds and says there was nothing to remove.
  WizardAnswers un2 = un;
  un2.state_json = state_of(second);
  WizardRun third = complete_wizard(un2);
  const auto& lines2 = third.connected["display"][third.connected["display"].Size() - 1]["items"];
  EXPECT_STREQ(lines2[0].GetString(), "The Smart Flows button was not installed; nothing was changed.");
}

TEST_F(InstallActions, UninstallOnAFreshConnectorFindsTheButtonInTheOrg) {
  complete_wizard({});
  WizardAnswers un;
  un.buttons = "uninstall";  // create mode: no state says where it is
  complete_wizard(un);
  const auto s = sim().state();
  EXPECT_FALSE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_FALSE(mentioned_anywhere(s["layouts"]));
}

TEST_F(InstallActions, SkipChangesNothingAndRenewsTheTokens) {
  WizardRun first = complete_wizard({});
  const auto before = sim().state();
  WizardAnswers skip;
  skip.mode = "reauthorize";
  skip.buttons = "skip";
  skip.state_json = state_of(first);
  WizardRun second = complete_wizard(skip);
  const auto after = sim().state();
  EXPECT_EQ(to_json(after["layouts"]), to_json(before["layouts"]));
  EXPECT_EQ(to_json(after["weblinks"]), to_json(before["weblinks"]));
  EXPECT_NE(std::string(second.result["state"]["access_token"].GetString()),
            first.result["state"]["access_token"].GetString());
  EXPECT_NE(std::string(second.result["state"]["refresh_token"].GetString()),
            first.result["state"]["refresh_token"].GetString());
  // What is installed is still known after a Skip.
  EXPECT_STREQ(second.result["summary"]["installed"][0].GetString(), "Account.Smart_Flows on 2 page layouts");
}

TEST_F(InstallActions, ThePlanActionShowsWhatWouldChangeWithoutChangingTheOrg) {
  WizardRun run = complete_wizard(skip_answers());
  const auto before = sim().state();
  const auto plan = action(state_of(run), "plan", "{\"buttons\":\"install\",\"object\":\"Account\"}");
  ASSERT_FALSE(plan.HasMember("error")) << to_json(plan);
  const auto& changes = plan["plan"]["changes"];
  ASSERT_EQ(changes.Size(), 3u);
  EXPECT_STREQ(changes[0]["operation"].GetString(), "create");
  EXPECT_STREQ(changes[0]["name"].GetString(), "Account.Smart_Flows");
  EXPECT_STREQ(changes[1]["name"].GetString(), "Account-Account %28Marketing%29 Layout");
  EXPECT_STREQ(changes[1]["label"].GetString(), "Account (Marketing) Layout");  // as Setup names it
  EXPECT_STREQ(changes[2]["name"].GetString(), "Account-Account Layout");
  const auto after = sim().state();
  EXPECT_EQ(to_json(after["layouts"]), to_json(before["layouts"]));
  EXPECT_EQ(to_json(after["weblinks"]), to_json(before["weblinks"]));
}

TEST_F(InstallActions, InstallAndUninstallActionsWorkOutsideTheWizard) {
  WizardRun run = complete_wizard(skip_answers());
  auto installed = action(state_of(run), "install", "{\"object\":\"Opportunity\"}");
  ASSERT_FALSE(installed.HasMember("error")) << to_json(installed);
  EXPECT_TRUE(sim().state()["weblinks"].HasMember("Opportunity.Smart_Flows"));
  EXPECT_STREQ(installed["summary"]["installed"][0].GetString(), "Opportunity.Smart_Flows on 1 page layout");
  auto removed = action(to_json(installed["state"]), "uninstall");
  ASSERT_FALSE(removed.HasMember("error")) << to_json(removed);
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Opportunity.Smart_Flows"));
  EXPECT_FALSE(mentioned_anywhere(sim().state()["layouts"]));
}

TEST_F(InstallActions, AFailureBetweenTwoInstallStepsSaysWhatIsInPlaceAndTheNextRunCompletesIt) {
  WizardRun run = run_to_connected_step();
  ASSERT_STREQ(run.callback["status"].GetString(), "ok");
  // The second upsertMetadata (the layouts) fails; the button was created.
  sim().post("/__sim/faults",
             "{\"path_prefix\":\"/services/Soap/m/\",\"soap_operation\":\"upsertMetadata\",\"skip\":1,\"count\":1,"
             "\"soap_fault\":{\"code\":\"sf:INVALID_OPERATION\",\"message\":\"layout is locked by another "
             "deployment\"}}");
  const auto stopped = submit_connected(run);
  ASSERT_TRUE(stopped.HasMember("error")) << "the install should have stopped";
  expect_error(stopped, "remote_error", true,
               "Install/Update did not finish: Salesforce refused the request: INVALID_OPERATION: layout is locked by "
               "another deployment. In place now: the Smart Flows button Account.Smart_Flows exists and is on 0 of 2 "
               "page layouts of Account; not yet on Account (Marketing) Layout, Account Layout. Run Install/Update "
               "again to finish.");
  auto s = sim().state();
  EXPECT_TRUE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_FALSE(mentioned_anywhere(s["layouts"]));

  // The host retries the step: the install completes.
  const auto done = parse(run.session->submit("connected", "{}"));
  EXPECT_TRUE(done["complete"].GetBool());
  s = sim().state();
  for (const char* layout : kAccountLayouts) EXPECT_TRUE(has_custom_button(s["layouts"][layout], "Smart_Flows"));
}

TEST_F(InstallActions, AFailureWhileReadingTheOrgChangesNothingAndARetryOfTheCallbackCompletes) {
  WizardAnswers a;
  a.stop_before_connected = true;
  // The second Metadata call of the wizard (readMetadata of the layouts) fails.
  sim().post("/__sim/faults",
             "{\"path_prefix\":\"/services/Soap/m/\",\"soap_operation\":\"readMetadata\",\"count\":1,"
             "\"soap_fault\":{\"code\":\"sf:INVALID_OPERATION\",\"message\":\"metadata is being deployed\"}}");
  std::string first;
  auto session =
      type().open(std::string("{\"schema_version\":1,\"redirect_uri\":\"") + kRedirectUri + "\"}", nullptr, first);
  parse(session->submit("environment", "{\"environment\":\"custom\",\"custom_domain\":\"" + sim().url() + "\"}"));
  const auto b = parse(session->submit("authorize", "{\"authorize\":true}"));
  const std::string redirect = sim().browser_authorize(b["browser_url"].GetString(), "admin@simorg.example");
  try {
    session->callback(redirect);
    FAIL() << "the callback should have failed";
  } catch (const console::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "Salesforce refused the request: INVALID_OPERATION: metadata is being deployed. Nothing was changed "
              "in Salesforce; try again.");
    EXPECT_TRUE(e.retryable());
  }
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
  // The host retries the same call: the tokens are kept, the checks rerun.
  const int token_calls = sim().endpoint_calls("oauth.token");
  const auto again = parse(session->callback(redirect));
  ASSERT_STREQ(again["status"].GetString(), "ok") << to_json(again);
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), token_calls);
  EXPECT_TRUE(parse(session->submit("connected", "{}"))["complete"].GetBool());
  EXPECT_TRUE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

TEST_F(InstallActions, AMetadataAccessRefusalIsExplainedAndNothingIsChanged) {
  WizardRun run = complete_wizard(skip_answers());
  sim().post("/__sim/faults",
             "{\"path_prefix\":\"/services/Soap/m/\",\"soap_operation\":\"upsertMetadata\",\"count\":1,"
             "\"soap_fault\":{\"code\":\"sf:INSUFFICIENT_ACCESS\",\"message\":\"use of the Metadata API requires "
             "a user with the ModifyAllData or ModifyMetadata permissions\"}}");
  const auto r = action(state_of(run), "install");
  ASSERT_TRUE(r.HasMember("error"));
  expect_error(r, "permission_missing", false,
               "Install/Update did not finish: Salesforce refused the change because the connector user lacks access "
               "(INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData or "
               "ModifyMetadata permissions). The connector user needs \"Modify All Data\" and \"Modify Metadata "
               "Through Metadata API Functions\"; grant them and run the wizard again. In place now: nothing; "
               "Salesforce is unchanged. Run Install/Update again to finish.");
  const auto s = sim().state();
  EXPECT_FALSE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_FALSE(mentioned_anywhere(s["layouts"]));
}

TEST_F(InstallActions, AFailedUninstallSaysTheButtonIsStillInPlace) {
  WizardRun first = complete_wizard({});
  sim().post("/__sim/faults",
             "{\"path_prefix\":\"/services/Soap/m/\",\"soap_operation\":\"deleteMetadata\",\"count\":1,"
             "\"soap_fault\":{\"code\":\"sf:INVALID_OPERATION\",\"message\":\"try later\"}}");
  const auto r = action(state_of(first), "uninstall");
  ASSERT_TRUE(r.HasMember("error"));
  EXPECT_STREQ(r["message"].GetString(),
               "Uninstall did not finish: Salesforce refused the request: INVALID_OPERATION: try later. In place now: "
               "the Smart Flows button Account.Smart_Flows is on no page layout but still exists. Run Uninstall "
               "again to finish.");
  EXPECT_STREQ(r["detail"]["connector_status"].GetString(), "connected");
  const auto s = sim().state();
  EXPECT_TRUE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_FALSE(mentioned_anywhere(s["layouts"]));
  // The next run completes it, with the state the failure handed back.
  const auto again = action(to_json(r["detail"]["state"]), "uninstall");
  ASSERT_FALSE(again.HasMember("error")) << to_json(again);
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

}  // namespace
}  // namespace sftest
