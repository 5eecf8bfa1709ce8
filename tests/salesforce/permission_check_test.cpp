// The permission check after authorization: every missing permission by its
// Setup label, all at once, and nothing installed while one is missing.
#include <gtest/gtest.h>

#include "integration_fixture.h"

namespace sftest {
namespace {

using PermissionCheck = SimTest;

struct MissingCase {
  const char* username;
  const char* message;
};

class OnePermissionMissing : public SimTest, public ::testing::WithParamInterface<MissingCase> {};

TEST_P(OnePermissionMissing, IsNamedAndNothingIsInstalled) {
  WizardAnswers a;
  a.username = GetParam().username;
  WizardRun run = run_wizard(sim(), type(), a);
  expect_sent_back(run.callback, "authorize", "authorize", GetParam().message);
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

INSTANTIATE_TEST_SUITE_P(
    EachRequiredPermission, OnePermissionMissing,
    ::testing::Values(
        MissingCase{"no-modifyalldata@simorg.example",
                    "The connector user no-modifyalldata@simorg.example lacks 1 permission that Smart Flows needs: "
                    "Modify All Data. Nothing was changed in Salesforce. Grant it in Setup (a permission set assigned "
                    "to the user, System Permissions), then press Authorize Smart Flows again."},
        MissingCase{"no-modifymetadata@simorg.example",
                    "The connector user no-modifymetadata@simorg.example lacks 1 permission that Smart Flows needs: "
                    "Modify Metadata Through Metadata API Functions. Nothing was changed in Salesforce. Grant it in "
                    "Setup (a permission set assigned to the user, System Permissions), then press Authorize Smart "
                    "Flows again."},
        MissingCase{"no-authorapex@simorg.example",
                    "The connector user no-authorapex@simorg.example lacks 1 permission that Smart Flows needs: "
                    "Author Apex. Nothing was changed in Salesforce. Grant it in Setup (a permission set assigned to "
                    "the user, System Permissions), then press Authorize Smart Flows again."},
        MissingCase{"no-customizeapplication@simorg.example",
                    "The connector user no-customizeapplication@simorg.example lacks 1 permission that Smart Flows "
                    "needs: Customize Application. Nothing was changed in Salesforce. Grant it in Setup (a permission "
                    "set assigned to the user, System Permissions), then press Authorize Smart Flows again."},
        MissingCase{"no-apienabled@simorg.example",
                    "The connector user lacks 1 permission that Smart Flows needs: API Enabled. Nothing was changed "
                    "in Salesforce. Grant it in Setup (a permission set assigned to the user, System Permissions), "
                    "then press Authorize Smart Flows again."}));

TEST_F(PermissionCheck, AllMissingPermissionsAreReportedTogetherWithWhereToGrantThem) {
  WizardAnswers a;
  a.username = "basic@simorg.example";
  WizardRun run = run_wizard(sim(), type(), a);
  EXPECT_EQ(field_error(run.callback, "authorize"),
            "The connector user basic@simorg.example lacks 4 permissions that Smart Flows needs: Modify All Data, "
            "Modify Metadata Through Metadata API Functions, Author Apex, Customize Application. Nothing was changed "
            "in Salesforce. Grant them in Setup (a permission set assigned to the user, System Permissions), then "
            "press Authorize Smart Flows again.");
  const auto& display = run.callback["display"];
  const auto& list = display[display.Size() - 1];
  EXPECT_STREQ(list["label"].GetString(), "Missing permissions");
  ASSERT_EQ(list["items"].Size(), 4u);
  EXPECT_STREQ(list["items"][0].GetString(),
               "Modify All Data: Setup > Users > Permission Sets > (a permission set assigned to the connector user) "
               "> System Permissions > Edit > Modify All Data");
}

TEST_F(PermissionCheck, SendEmailIsRequiredOnlyWhenTheHostEnablesEmail) {
  WizardAnswers a;
  a.username = "minimal@simorg.example";
  WizardRun without_email = run_wizard(sim(), type(), a);
  EXPECT_STREQ(without_email.callback["status"].GetString(), "ok") << to_json(without_email.callback);

  use_config(sim_config(/*email_enabled=*/true));
  WizardRun with_email = run_wizard(sim(), type(), a);
  EXPECT_EQ(field_error(with_email.callback, "authorize"),
            "The connector user minimal@simorg.example lacks 1 permission that Smart Flows needs: Send Email. "
            "Nothing was changed in Salesforce. Grant it in Setup (a permission set assigned to the user, System "
            "Permissions), then press Authorize Smart Flows again.");

  a.username = "email@simorg.example";
  WizardRun email_user = run_wizard(sim(), type(), a);
  EXPECT_STREQ(email_user.callback["status"].GetString(), "ok") << to_json(email_user.callback);
}

TEST_F(PermissionCheck, TheExactlyMinimalUserCanInstall) {
  WizardAnswers a;
  a.username = "minimal@simorg.example";
  WizardRun run = complete_wizard(a);
  EXPECT_TRUE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

TEST_F(PermissionCheck, AnApiOnlyUserIsAccepted) {
  WizardAnswers a;
  a.username = "apionly@simorg.example";
  WizardRun run = complete_wizard(a);
  ASSERT_TRUE(run.result.IsObject());
  bool noted = false;
  for (const auto& d : run.callback["display"].GetArray()) {
    noted = noted || std::string(d["label"].GetString()) == "API Only User";
  }
  EXPECT_TRUE(noted);
}

TEST_F(PermissionCheck, AnOrgWithoutApiAccessIsExplained) {
  sim().post("/__sim/settings", "{\"api_enabled_for_org\":false}");
  WizardRun run = run_wizard(sim(), type(), {});
  ASSERT_TRUE(run.callback.IsObject());
  EXPECT_STREQ(run.callback["status"].GetString(), "invalid");
  EXPECT_EQ(field_error(run.callback, "authorize"),
            "The API is not enabled for this Salesforce organization (API_DISABLED_FOR_ORG). Smart Flows needs an "
            "edition with API access (Enterprise, Unlimited, Performance or Developer Edition, or Professional "
            "Edition with the API add-on); ask Salesforce to enable it.");
}

}  // namespace
}  // namespace sftest
