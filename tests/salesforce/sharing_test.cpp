// An org shared by several console projects and runs that do not finish:
// which project a button belongs to, managed-package layouts, writes whose
// answer is lost, and the refresh tokens a wizard leaves behind. Everything
// is asserted on the org as sfsim holds it.
#include <gtest/gtest.h>

#include <cstdio>

#include "integration_fixture.h"

namespace sftest {
namespace {

bool mentioned_anywhere(const rapidjson::Value& layouts, const std::string& object = "") {
  for (const auto& l : layouts.GetObject()) {
    if (!object.empty() && std::string(l.name.GetString()).rfind(object + "-", 0) != 0) continue;
    if (has_custom_button(l.value, "Smart_Flows") || has_action(l.value, "Smart_Flows")) return true;
  }
  return false;
}

int layouts_with_button(const rapidjson::Value& layouts, const std::string& object) {
  int n = 0;
  for (const auto& l : layouts.GetObject())
    if (std::string(l.name.GetString()).rfind(object + "-", 0) == 0 && has_custom_button(l.value, "Smart_Flows")) ++n;
  return n;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string last_items(const rapidjson::Value& step) {
  const auto& display = step["display"];
  std::string out;
  for (const auto& d : display.GetArray()) {
    if (!d.HasMember("items")) continue;
    for (const auto& i : d["items"].GetArray()) out += std::string(i.GetString()) + "\n";
  }
  return out;
}

// ---- button ownership ----

using Ownership = SimTest;

TEST_F(Ownership, AnotherProjectsInstallLeavesTheButtonOfTheFirstProjectUntouched) {
  WizardAnswers x;
  x.project = "X";
  complete_wizard(x);  // X: Account
  const auto before = sim().state();
  WizardAnswers y;
  y.project = "Y";
  y.object = "Lead";
  WizardRun yrun = complete_wizard(y);
  const auto s = sim().state();
  // X's button and layouts are exactly as X left them.
  EXPECT_EQ(to_json(s["weblinks"]["Account.Smart_Flows"]), to_json(before["weblinks"]["Account.Smart_Flows"]));
  EXPECT_EQ(to_json(s["layouts"]["Account-Account Layout"]), to_json(before["layouts"]["Account-Account Layout"]));
  EXPECT_EQ(layouts_with_button(s["layouts"], "Account"), 2);
  // Y has its own, saying whose it is.
  ASSERT_TRUE(s["weblinks"].HasMember("Lead.Smart_Flows"));
  EXPECT_TRUE(contains(to_json(s["weblinks"]["Lead.Smart_Flows"]), "Managed by Smart Flows project \\\"Y\\\"."));
  EXPECT_TRUE(contains(to_json(s["weblinks"]["Account.Smart_Flows"]), "Managed by Smart Flows project \\\"X\\\"."));
  EXPECT_EQ(layouts_with_button(s["layouts"], "Lead"), 1);
  EXPECT_TRUE(contains(last_items(yrun.connected),
                       "The Smart Flows button on Account belongs to Smart Flows project \"X\" and is left as it is."))
      << last_items(yrun.connected);

  // Y's uninstall removes Y's button only.
  WizardAnswers yun = uninstall(yrun, y);
  complete_wizard(yun);
  const auto after = sim().state();
  EXPECT_FALSE(after["weblinks"].HasMember("Lead.Smart_Flows"));
  EXPECT_FALSE(mentioned_anywhere(after["layouts"], "Lead"));
  EXPECT_EQ(to_json(after["weblinks"]["Account.Smart_Flows"]), to_json(before["weblinks"]["Account.Smart_Flows"]));
  EXPECT_EQ(layouts_with_button(after["layouts"], "Account"), 2);
}

TEST_F(Ownership, InstallingOnAnObjectWhoseButtonBelongsToAnotherProjectIsRefusedNamingIt) {
  WizardAnswers x;
  x.project = "X";
  complete_wizard(x);
  const auto before = sim().state();
  WizardAnswers y;
  y.project = "Y";
  WizardRun yrun = run_wizard(sim(), type(), y);
  expect_sent_back(
      yrun.callback, "environment", "object",
      "The Smart Flows button on Account (Account.Smart_Flows) belongs to another Smart Flows project, \"X\", "
      "that shares this org; installing it here would take it from that project. Choose another object, choose "
      "Skip, or change the button from project \"X\".");
  const auto s = sim().state();
  EXPECT_EQ(to_json(s["weblinks"]), to_json(before["weblinks"]));
  EXPECT_EQ(to_json(s["layouts"]), to_json(before["layouts"]));
}

TEST_F(Ownership, AButtonNamingNoProjectOnAnotherObjectIsLeftAlone) {
  // Made by hand (or by a connector from before buttons named their project).
  WizardAnswers legacy;
  legacy.project = "";
  WizardRun hand = complete_wizard(legacy);
  ASSERT_FALSE(contains(to_json(sim().state()["weblinks"]["Account.Smart_Flows"]), "Managed by"));
  WizardAnswers y;
  y.project = "Y";
  y.object = "Contact";
  WizardRun yrun = complete_wizard(y);
  const auto s = sim().state();
  EXPECT_TRUE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_EQ(layouts_with_button(s["layouts"], "Account"), 2);
  EXPECT_TRUE(contains(last_items(yrun.connected),
                       "The Smart Flows button on Account names no Smart Flows project (this connector did not "
                       "install it) and is left as it is."))
      << last_items(yrun.connected);
}

// ---- managed-package layouts ----

using ManagedPackage = SimTest;

TEST_F(ManagedPackage, InstallPlacesTheButtonOnTheManagedLayoutUnderItsQualifiedName) {
  WizardAnswers a;
  a.object = "Case";
  WizardRun run = complete_wizard(a);
  const auto s = sim().state();
  ASSERT_TRUE(s["layouts"].HasMember("Case-acmesvc__Service Case Layout"));
  EXPECT_TRUE(has_custom_button(s["layouts"]["Case-acmesvc__Service Case Layout"], "Smart_Flows"));
  EXPECT_TRUE(has_custom_button(s["layouts"]["Case-Case Layout"], "Smart_Flows"));
  EXPECT_FALSE(s["layouts"].HasMember("Case-Service Case Layout"));  // no copy under the listed name
  EXPECT_STREQ(run.result["summary"]["installed"][0].GetString(), "Case.Smart_Flows on 2 page layouts");
  EXPECT_TRUE(contains(last_items(run.connected),
                       "Added it to 2 page layouts of Case: Case Layout, acmesvc__Service Case Layout."))
      << last_items(run.connected);
  // Uninstall finds it again.
  WizardAnswers un = uninstall(run, a);
  complete_wizard(un);
  EXPECT_FALSE(mentioned_anywhere(sim().state()["layouts"]));
}

TEST_F(ManagedPackage, ALayoutSalesforceAnswersNothingForIsReportedAndNeverCountedAsDone) {
  WizardAnswers skip = skip_answers();
  WizardRun run = complete_wizard(skip);
  // readMetadata of Case's two layouts: Salesforce answers an empty record for each.
  sim().post(
      "/__sim/faults",
      R"({"path_prefix":"/services/Soap/m/","soap_operation":"readMetadata","count":1,"status":200,)"
      R"("content_type":"text/xml","body":"<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope )"
      R"(xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns=\"http://soap.sforce.com/2006/04/metadata\" )"
      R"(xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><readMetadataResponse><result>)"
      R"(<records xsi:nil=\"true\"/><records xsi:nil=\"true\"/></result></readMetadataResponse></soapenv:Body>)"
      R"(</soapenv:Envelope>"})");
  const auto before = sim().state();
  const auto r = action(state_of(run), "install", R"({"object":"Case"})");
  ASSERT_FALSE(r.HasMember("error")) << to_json(r);
  const std::string lines = last_items(r);
  EXPECT_TRUE(contains(lines,
                       "Page layout Case Layout could not be read (Salesforce answered nothing for it), so the button "
                       "was not placed on it."))
      << lines;
  EXPECT_TRUE(contains(lines,
                       "Page layout acmesvc__Service Case Layout could not be read (Salesforce answered nothing for "
                       "it), so the button was not placed on it."))
      << lines;
  EXPECT_TRUE(contains(lines, "The Smart Flows button Case.Smart_Flows is on 0 page layouts of Case.")) << lines;
  EXPECT_STREQ(r["summary"]["installed"][0].GetString(), "Case.Smart_Flows on 0 page layouts");
  const auto s = sim().state();
  EXPECT_EQ(to_json(s["layouts"]), to_json(before["layouts"]));
}

// ---- writes whose answer is lost ----

class LostAnswers : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    // One attempt per request, so one lost answer stays lost.
    std::string c = sim_config();
    c.insert(c.size() - 1, ",\"max_attempts\":1");
    use_config(c);
  }
  // The org carries out the (skip+1)-th `operation` and the connection
  // drops. Twice: libcurl resends once by itself when a reused connection
  // dies before answering (the resend is carried out and lost too).
  void lose(const char* operation, int skip) {
    sim().post("/__sim/faults", std::string("{\"path_prefix\":\"/services/Soap/m/\",\"soap_operation\":\"") +
                                    operation + "\",\"skip\":" + std::to_string(skip) +
                                    ",\"count\":2,\"apply\":true,\"drop\":true}");
  }
  // No outcome the connector does not know is claimed.
  static void expect_no_false_claim(const std::string& message) {
    EXPECT_TRUE(contains(message, "may or may not have been")) << message;
    EXPECT_TRUE(contains(message, "run it again to check") || contains(message, "again to check and finish"))
        << message;
    for (const char* claim : {"Salesforce is unchanged", "is on 0 of 2", "is on no page layout", "not yet on"})
      EXPECT_FALSE(contains(message, claim)) << claim << " in: " << message;
  }
  std::string skip_state() {
    WizardAnswers skip = skip_answers();
    return state_of(complete_wizard(skip));
  }
};

struct LostWrite {
  const char* name;
  const char* before;  // "" = nothing installed; else the object installed first
  const char* action;
  const char* object;
  const char* operation;
  int skip;
};

TEST_F(LostAnswers, AtEachWriteNoMessageClaimsAnOutcomeItDoesNotKnowAndARerunRepairs) {
  const LostWrite cases[] = {
      {"install: the button", "", "install", "Account", "upsertMetadata", 0},
      {"install: the layouts", "", "install", "Account", "upsertMetadata", 1},
      {"move: the new button", "Account", "install", "Contact", "upsertMetadata", 0},
      {"move: the layouts", "Account", "install", "Contact", "upsertMetadata", 1},
      {"move: deleting the old button", "Account", "install", "Contact", "deleteMetadata", 0},
      {"uninstall: the layouts", "Account", "uninstall", "", "upsertMetadata", 0},
      {"uninstall: deleting the button", "Account", "uninstall", "", "deleteMetadata", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    sim().reset();
    std::string state = skip_state();
    if (*c.before) {
      const auto first = action(state, "install", std::string("{\"object\":\"") + c.before + "\"}");
      ASSERT_FALSE(first.HasMember("error")) << to_json(first);
      state = to_json(first["state"]);
    }
    lose(c.operation, c.skip);
    const std::string params = *c.object ? std::string("{\"object\":\"") + c.object + "\"}" : "{}";
    const auto failed = action(state, c.action, params);
    ASSERT_TRUE(failed.HasMember("error")) << to_json(failed);
    std::printf("[lost answer] %s: %s\n", c.name, failed["message"].GetString());
    expect_no_false_claim(failed["message"].GetString());
    EXPECT_TRUE(failed["detail"]["state"]["uncertain"].GetBool());
    EXPECT_TRUE(contains(to_json(failed["detail"]["summary"]), "uncertain: ")) << to_json(failed["detail"]);

    // The rerun looks at the org first and finishes the job.
    sim().clear_faults();
    const auto again = action(to_json(failed["detail"]["state"]), c.action, params);
    ASSERT_FALSE(again.HasMember("error")) << to_json(again);
    const auto s = sim().state();
    if (std::string(c.action) == "install") {
      EXPECT_EQ(layouts_with_button(s["layouts"], c.object), std::string(c.object) == "Account" ? 2 : 1);
      EXPECT_TRUE(s["weblinks"].HasMember((std::string(c.object) + ".Smart_Flows").c_str()));
      if (*c.before) {
        EXPECT_FALSE(s["weblinks"].HasMember((std::string(c.before) + ".Smart_Flows").c_str()));
        EXPECT_FALSE(mentioned_anywhere(s["layouts"], c.before));
      }
    } else {
      EXPECT_FALSE(mentioned_anywhere(s["layouts"]));
      EXPECT_FALSE(s["weblinks"].HasMember("Account.Smart_Flows"));
    }
    const auto final_state = again.HasMember("state") ? to_json(again["state"]) : std::string();
    EXPECT_TRUE(contains(final_state, "\"uncertain\":false")) << final_state;
  }
}

TEST_F(LostAnswers, AnAnswerThatTimesOutIsUnknownTooAndARerunRepairs) {
  std::string c = sim_config();
  c.replace(c.find("\"http_timeout_ms\":5000"), 22, "\"http_timeout_ms\":300");
  c.insert(c.size() - 1, ",\"max_attempts\":1");
  use_config(c);
  const auto first = action(skip_state(), "install", R"({"object":"Account"})");
  ASSERT_FALSE(first.HasMember("error")) << to_json(first);
  // The layouts of the move are written, and the answer comes too late.
  sim().post("/__sim/faults",
             R"({"path_prefix":"/services/Soap/m/","soap_operation":"upsertMetadata","skip":1,"count":1,)"
             R"("apply":true,"delay_ms":1500})");
  const auto failed = action(to_json(first["state"]), "install", R"({"object":"Contact"})");
  ASSERT_TRUE(failed.HasMember("error")) << to_json(failed);
  std::printf("[lost answer] move: the layouts (timeout): %s\n", failed["message"].GetString());
  expect_no_false_claim(failed["message"].GetString());
  EXPECT_TRUE(has_custom_button(sim().state()["layouts"]["Contact-Contact Layout"], "Smart_Flows"));  // it was applied
  sim().clear_faults();
  const auto again = action(to_json(failed["detail"]["state"]), "install", R"({"object":"Contact"})");
  ASSERT_FALSE(again.HasMember("error")) << to_json(again);
  const auto s = sim().state();
  EXPECT_FALSE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_FALSE(mentioned_anywhere(s["layouts"], "Account"));
  EXPECT_EQ(layouts_with_button(s["layouts"], "Contact"), 1);
}

// ---- refresh tokens a wizard leaves behind ----

using TokenHygiene = SimTest;

TEST_F(TokenHygiene, AWizardStoppedAfterSignInRevokesTheTokenItGot) {
  WizardAnswers a;
  a.stop_before_connected = true;  // a dry run, or an admin who said no
  WizardRun run = run_wizard(sim(), type(), a);
  ASSERT_STREQ(run.callback["status"].GetString(), "ok");
  EXPECT_EQ(sim().refresh_tokens_of("admin@simorg.example"), 1);
  run.session.reset();  // the host closes the session
  EXPECT_EQ(sim().refresh_tokens_of("admin@simorg.example"), 0);
}

TEST_F(TokenHygiene, AFailedWizardRevokesTheTokenItGot) {
  WizardAnswers a;
  a.object = "Nonexistent__c";  // refused after sign-in
  WizardRun run = run_wizard(sim(), type(), a);
  ASSERT_STREQ(run.callback["status"].GetString(), "invalid");
  run.session.reset();
  EXPECT_EQ(sim().refresh_tokens_of("admin@simorg.example"), 0);
}

TEST_F(TokenHygiene, ASignInThatReplacesTheStoredAuthorizationRevokesTheOldToken) {
  WizardAnswers skip = skip_answers();
  WizardRun first = complete_wizard(skip);
  const std::string old_token = first.result["state"]["refresh_token"].GetString();
  WizardAnswers again = skip;
  again.mode = "reauthorize";
  again.state_json = state_of(first);
  WizardRun second = complete_wizard(again);
  EXPECT_FALSE(second.reused);
  const std::string new_token = second.result["state"]["refresh_token"].GetString();
  second.session.reset();
  EXPECT_FALSE(sim().refresh_token_active(old_token));
  EXPECT_TRUE(sim().refresh_token_active(new_token));
  EXPECT_EQ(sim().refresh_tokens_of("admin@simorg.example"), 1);
}

TEST_F(TokenHygiene, ReconfiguringTheObjectUsesTheStoredAuthorizationWithoutSigningIn) {
  WizardRun first = complete_wizard({});
  const std::string token = first.result["state"]["refresh_token"].GetString();
  first.session.reset();
  WizardAnswers move = reconfigure(first);
  move.object = "Contact";
  sim().reset_calls();
  WizardRun second = complete_wizard(move);
  EXPECT_TRUE(second.reused);
  EXPECT_EQ(sim().endpoint_calls("oauth.authorize"), 0);
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), 0);
  EXPECT_STREQ(second.result["state"]["refresh_token"].GetString(), token.c_str());
  second.session.reset();
  EXPECT_TRUE(sim().refresh_token_active(token));
  EXPECT_TRUE(sim().state()["weblinks"].HasMember("Contact.Smart_Flows"));
}

TEST_F(TokenHygiene, ARotatedStoredTokenIsHandedOverAtOnceAndKeptWhenTheWizardStops) {
  WizardRun first = complete_wizard({});
  first.session.reset();
  sim().post("/__sim/settings", R"({"refresh_rotation":true})");
  sim().post("/__sim/sessions/expire", "{}");  // the next call renews, and the token rotates
  WizardAnswers move = reconfigure(first);
  move.object = "Contact";
  move.stop_before_connected = true;  // then the admin stops
  WizardRun run = run_wizard(sim(), type(), move);
  ASSERT_TRUE(run.reused);
  ASSERT_TRUE(run.callback.HasMember("state")) << to_json(run.callback);
  const std::string rotated = run.callback["state"]["refresh_token"].GetString();
  EXPECT_NE(rotated, first.result["state"]["refresh_token"].GetString());
  run.session.reset();
  EXPECT_TRUE(sim().refresh_token_active(rotated));  // the host holds the only live token
  EXPECT_EQ(sim().refresh_tokens_of("admin@simorg.example"), 1);
}

TEST_F(TokenHygiene, TheRevokeActionEndsTheAuthorization) {
  WizardRun run = complete_wizard(skip_answers());
  const std::string token = run.result["state"]["refresh_token"].GetString();
  run.session.reset();
  const auto r = action(state_of(run), "revoke");
  ASSERT_FALSE(r.HasMember("error")) << to_json(r);
  EXPECT_STREQ(r["connector_status"].GetString(), "reauthorization_needed");
  EXPECT_STREQ(r["state"]["refresh_token"].GetString(), "");
  EXPECT_FALSE(sim().refresh_token_active(token));
  // Revoking what Salesforce no longer knows is no error.
  EXPECT_FALSE(action(state_of(run), "revoke").HasMember("error"));
}

}  // namespace
}  // namespace sftest
