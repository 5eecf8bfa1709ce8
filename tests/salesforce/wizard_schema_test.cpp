// The wizard schema is what every host renders: its step and field ids are
// a contract (docs/wizard-protocol.md, section 1).
#include "wizard_schema.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

#include "console_plugin/console_plugin.hpp"
#include "plugin_config.h"

namespace {

const rapidjson::Value* find_by_id(const rapidjson::Value& array, const std::string& id) {
  for (const auto& v : array.GetArray()) {
    if (v["id"].GetString() == id) return &v;
  }
  return nullptr;
}

TEST(WizardSchema, IsAVersionOneSalesforceSchemaAllowingOneConnectorPerProject) {
  rapidjson::Document d;
  d.Parse(salesforce::wizard_schema_json().c_str());
  ASSERT_FALSE(d.HasParseError());
  EXPECT_EQ(d["schema_version"].GetInt(), 1);
  EXPECT_STREQ(d["type_id"].GetString(), "salesforce");
  EXPECT_TRUE(d["singleton_per_project"].GetBool());
}

TEST(WizardSchema, HasTheEnvironmentAuthorizeAndConnectedStepsInOrder) {
  rapidjson::Document d;
  d.Parse(salesforce::wizard_schema_json().c_str());
  const auto& steps = d["steps"];
  ASSERT_EQ(steps.Size(), 3u);
  EXPECT_STREQ(steps[0]["id"].GetString(), "environment");
  EXPECT_STREQ(steps[1]["id"].GetString(), "authorize");
  EXPECT_STREQ(steps[2]["id"].GetString(), "connected");
}

TEST(WizardSchema, EnvironmentStepOffersTheSeedsChoicesWithTheirVisibilityRules) {
  rapidjson::Document d;
  d.Parse(salesforce::wizard_schema_json().c_str());
  const auto& fields = d["steps"][0]["fields"];
  const auto* env = find_by_id(fields, "environment");
  ASSERT_NE(env, nullptr);
  EXPECT_STREQ((*env)["kind"].GetString(), "select");
  ASSERT_EQ((*env)["options"].Size(), 3u);
  EXPECT_STREQ((*env)["options"][0]["value"].GetString(), "custom");
  EXPECT_STREQ((*env)["options"][1]["value"].GetString(), "production");
  EXPECT_STREQ((*env)["options"][2]["value"].GetString(), "test");

  const auto* domain = find_by_id(fields, "custom_domain");
  ASSERT_NE(domain, nullptr);
  EXPECT_STREQ((*domain)["visible_when"]["environment"][0].GetString(), "custom");

  const auto* buttons = find_by_id(fields, "buttons");
  ASSERT_NE(buttons, nullptr);
  EXPECT_STREQ((*buttons)["kind"].GetString(), "radio");
  EXPECT_STREQ((*buttons)["default"].GetString(), "install");
  EXPECT_STREQ((*buttons)["options"][0]["value"].GetString(), "install");
  EXPECT_STREQ((*buttons)["options"][1]["value"].GetString(), "uninstall");
  EXPECT_STREQ((*buttons)["options"][2]["value"].GetString(), "skip");

  const auto* object = find_by_id(fields, "object");
  ASSERT_NE(object, nullptr);
  EXPECT_STREQ((*object)["default"].GetString(), "Account");
  EXPECT_STREQ((*object)["visible_when"]["buttons"][0].GetString(), "install");
}

TEST(WizardSchema, AuthorizeStepHasTheAuthorizeActionAndAStatus) {
  rapidjson::Document d;
  d.Parse(salesforce::wizard_schema_json().c_str());
  const auto& fields = d["steps"][1]["fields"];
  const auto* action = find_by_id(fields, "authorize");
  ASSERT_NE(action, nullptr);
  EXPECT_STREQ((*action)["kind"].GetString(), "action");
  EXPECT_STREQ((*action)["label"].GetString(), "Authorize Smart Flows");
  const auto* status = find_by_id(fields, "status");
  ASSERT_NE(status, nullptr);
  EXPECT_STREQ((*status)["kind"].GetString(), "status");
}

// The host warns about configuration keys nobody reads from the list the
// schema declares; that list is exactly what parse_plugin_config reads: a
// value of the wrong type for each declared key is refused by name.
TEST(WizardSchema, DeclaresTheConfigurationKeysThePluginReads) {
  rapidjson::Document d;
  d.Parse(salesforce::wizard_schema_json().c_str());
  ASSERT_TRUE(d.HasMember("config_keys") && d["config_keys"].IsArray());
  std::vector<std::string> declared;
  for (const auto& k : d["config_keys"].GetArray()) declared.emplace_back(k.GetString());
  EXPECT_EQ(declared, salesforce::plugin_config_keys());
  EXPECT_NE(std::find(declared.begin(), declared.end(), "console_url"), declared.end());
  for (const auto& key : declared) {
    try {
      salesforce::parse_plugin_config("{\"" + key + "\": [1]}");
      ADD_FAILURE() << key << " is declared but not read";
    } catch (const console::Error& e) {
      EXPECT_NE(std::string(e.what()).find("'" + key + "'"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
