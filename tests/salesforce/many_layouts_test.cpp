// An object with 12 page layouts (sfsim started with an org file): the
// Metadata API takes at most 10 components per readMetadata/upsertMetadata,
// so the connector needs two of each, and no more.
#include <gtest/gtest.h>

#include <cstdio>

#include "integration_fixture.h"

namespace sftest {
namespace {

constexpr int kLayouts = 12;

// The built-in org, with Contact holding 12 page layouts.
class ManyLayouts : public SimTest {
 protected:
  static void SetUpTestSuite() { sim_ = new Sim(org_with_layouts("Contact", kLayouts)); }

  WizardAnswers on_contact() {
    WizardAnswers a;
    a.object = "Contact";
    return a;
  }
  int soap_calls(const rapidjson::Value& state, const char* operation) {
    const auto& by = state["calls"]["by_endpoint"];
    const std::string key = std::string("soap.") + operation;
    return by.HasMember(key.c_str()) ? by[key.c_str()].GetInt() : 0;
  }
};

// Contact layouts holding the button (as a custom button and a Lightning action).
int contact_layouts_with_the_button(const rapidjson::Value& layouts) {
  int n = 0;
  for (const auto& l : layouts.GetObject()) {
    if (std::string(l.name.GetString()).rfind("Contact-", 0) != 0) continue;
    if (has_custom_button(l.value, "Smart_Flows") && has_action(l.value, "Smart_Flows")) ++n;
  }
  return n;
}

int contact_layouts(const rapidjson::Value& layouts) {
  int n = 0;
  for (const auto& l : layouts.GetObject()) n += std::string(l.name.GetString()).rfind("Contact-", 0) == 0 ? 1 : 0;
  return n;
}

void report(const char* action, int calls) { std::printf("[budget] %-40s %d API requests\n", action, calls); }

TEST_F(ManyLayouts, TheOrgFileGivesContactTwelveLayouts) {
  EXPECT_EQ(contact_layouts(sim().state()["layouts"]), kLayouts);
}

TEST_F(ManyLayouts, FirstInstallPutsTheButtonOnAllTwelveLayoutsInSevenRequests) {
  WizardRun run = complete_wizard(on_contact());
  ASSERT_TRUE(run.result.IsObject());
  const auto s = sim().state();
  EXPECT_EQ(contact_layouts_with_the_button(s["layouts"]), kLayouts);
  EXPECT_TRUE(s["weblinks"].HasMember("Contact.Smart_Flows"));
  EXPECT_STREQ(run.result["summary"]["installed"][0].GetString(), "Contact.Smart_Flows on 12 page layouts");
  const auto& lines = run.connected["display"][run.connected["display"].Size() - 2]["items"];
  EXPECT_STREQ(lines[0].GetString(), "Created the Smart Flows button Contact.Smart_Flows.");
  EXPECT_STREQ(lines[lines.Size() - 1].GetString(),
               "The Smart Flows button Contact.Smart_Flows is on 12 page layouts of Contact.");
  // composite, listMetadata, 2 readMetadata (10 + 2 layouts), upsertMetadata
  // (WebLink), 2 upsertMetadata (10 + 2 layouts): the fewest the Metadata API
  // allows (10 components per call, one type per upsert, button first).
  report("first Install/Update, 12 layouts", run.api_calls_after_exchange);
  EXPECT_EQ(run.api_calls_after_exchange, 7);
  EXPECT_EQ(soap_calls(s, "readMetadata"), 2);
  EXPECT_EQ(soap_calls(s, "upsertMetadata"), 3);
}

TEST_F(ManyLayouts, ARepeatedInstallChangesNothingInFourRequests) {
  WizardRun first = complete_wizard(on_contact());
  const auto before = sim().state();
  WizardAnswers again = reconfigure(first, on_contact());
  WizardRun second = complete_wizard(again);
  const auto after = sim().state();
  EXPECT_EQ(to_json(after["layouts"]), to_json(before["layouts"]));
  EXPECT_EQ(to_json(after["weblinks"]), to_json(before["weblinks"]));
  const auto& lines = second.connected["display"][second.connected["display"].Size() - 2]["items"];
  EXPECT_STREQ(lines[0].GetString(),
               "The Smart Flows button on Contact was already up to date on all 12 page layouts; nothing was changed.");
  // composite, listMetadata, 2 readMetadata; no write.
  report("repeated Install/Update, 12 layouts", second.api_calls_after_exchange);
  EXPECT_EQ(second.api_calls_after_exchange, 4);
}

TEST_F(ManyLayouts, UninstallRemovesTheButtonFromAllTwelveLayoutsInSevenRequests) {
  const auto pristine = sim().state();
  WizardRun first = complete_wizard(on_contact());
  WizardAnswers un = uninstall(first, on_contact());
  WizardRun second = complete_wizard(un);
  const auto s = sim().state();
  EXPECT_FALSE(s["weblinks"].HasMember("Contact.Smart_Flows"));
  EXPECT_EQ(contact_layouts_with_the_button(s["layouts"]), 0);
  EXPECT_TRUE(s["layouts"] == pristine["layouts"]);
  const auto& lines = second.connected["display"][second.connected["display"].Size() - 1]["items"];
  EXPECT_EQ(std::string(lines[0].GetString()).rfind("Removed the Smart Flows button from 12 page layouts: ", 0), 0u)
      << lines[0].GetString();
  EXPECT_STREQ(lines[1].GetString(), "Deleted the Smart Flows button Contact.Smart_Flows.");
  // composite, listMetadata (a layout cloned since the install is found
  // too), 2 readMetadata, 2 upsertMetadata, deleteMetadata.
  report("Uninstall, 12 layouts", second.api_calls_after_exchange);
  EXPECT_EQ(second.api_calls_after_exchange, 7);
}

TEST_F(ManyLayouts, ACancellationBetweenTwoLayoutBatchesSaysWhichLayoutsHoldTheButton) {
  WizardAnswers skip = on_contact();
  skip.buttons = "skip";
  WizardRun run = complete_wizard(skip);
  sim().reset_calls();
  // composite, listMetadata, 2 readMetadata, WebLink, first 10 layouts: then cancelled.
  host().cancel_when = [this] { return sim().api_calls() >= 6; };
  const auto r = action(state_of(run), "install", "{\"object\":\"Contact\"}");
  ASSERT_TRUE(r.HasMember("error")) << to_json(r);
  EXPECT_STREQ(r["code"].GetString(), "cancelled");
  EXPECT_STREQ(r["message"].GetString(),
               "Install/Update did not finish: it was cancelled before the next change in Salesforce. In place now: "
               "the Smart Flows button Contact.Smart_Flows exists and is on 10 of 12 page layouts of Contact "
               "(Contact Layout, Contact Layout 10, Contact Layout 11, Contact Layout 12, Contact Layout 2, Contact "
               "Layout 3, Contact Layout 4, Contact Layout 5, Contact Layout 6, Contact Layout 7); not yet on "
               "Contact Layout 8, Contact Layout 9. Run Install/Update again to finish.");
  auto s = sim().state();
  EXPECT_EQ(s["calls"]["api"].GetInt(), 6);
  EXPECT_EQ(contact_layouts_with_the_button(s["layouts"]), 10);

  host().cancel_when = nullptr;
  sim().reset_calls();
  const auto again = action(to_json(r["detail"]["state"]), "install", "{\"object\":\"Contact\"}");
  ASSERT_FALSE(again.HasMember("error")) << to_json(again);
  s = sim().state();
  EXPECT_EQ(contact_layouts_with_the_button(s["layouts"]), kLayouts);
  // composite, listMetadata, 2 readMetadata, 1 upsertMetadata (the 2 layouts left).
  EXPECT_EQ(s["calls"]["api"].GetInt(), 5);
}

}  // namespace
}  // namespace sftest
