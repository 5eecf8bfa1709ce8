// Install/Update, Uninstall and Skip against the simulator: what the admin
// sees and what the org holds afterwards.
#include <gtest/gtest.h>

#include "integration_fixture.h"

namespace sftest {
Sim* SimTest::sim_ = nullptr;

namespace {

using InstallActions = SimTest;

bool has_custom_button(const rapidjson::Value& layout, const char* name) {
  if (!layout.HasMember("customButtons")) return false;
  for (const auto& b : layout["customButtons"].GetArray()) {
    if (std::string(b.GetString()) == name) return true;
  }
  return false;
}

bool has_action(const rapidjson::Value& layout, const char* name) {
  if (!layout.HasMember("platformActionList")) return false;
  for (const auto& i : layout["platformActionList"]["platformActionListItems"].GetArray()) {
    if (std::string(i["actionName"].GetString()) == name && std::string(i["actionType"].GetString()) == "CustomButton")
      return true;
  }
  return false;
}

TEST_F(InstallActions, FirstInstallCreatesTheButtonAndPlacesItOnEveryAccountLayout) {
  WizardRun run = complete_wizard({});
  ASSERT_TRUE(run.result.IsObject());
  const auto s = sim().state();
  ASSERT_TRUE(s["weblinks"].HasMember("Account.Smart_Flows"));
  const auto& wl = s["weblinks"]["Account.Smart_Flows"];
  EXPECT_STREQ(wl["displayType"].GetString(), "button");
  EXPECT_STREQ(wl["masterLabel"].GetString(), "Smart Flows");
  for (const char* layout : {"Account-Account Layout", "Account-Account %28Marketing%29 Layout"}) {
    EXPECT_TRUE(has_custom_button(s["layouts"][layout], "Smart_Flows")) << layout;
  }
  EXPECT_STREQ(run.result["connector_status"].GetString(), "connected");
  EXPECT_STREQ(run.result["summary"]["installed"][0].GetString(), "Account.Smart_Flows on 2 page layouts");
  std::printf("first install: %d API calls\n", run.api_calls_after_exchange);
}

}  // namespace
}  // namespace sftest
