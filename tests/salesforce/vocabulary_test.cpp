// The words of the connector's documents: each parses to its enum and back,
// and a word outside its set is refused where a document is read.
#include "vocabulary.h"

#include <gtest/gtest.h>

#include <string>

#include "connector_state.h"
#include "console_plugin/console_plugin.hpp"

namespace {

using namespace salesforce;

TEST(Vocabulary, EveryWordParsesToItsValueAndBack) {
  for (ButtonAction b : {ButtonAction::kInstall, ButtonAction::kUninstall, ButtonAction::kSkip}) {
    EXPECT_EQ(parse_button_action(to_string(b)), b);
  }
  for (WizardMode m : {WizardMode::kCreate, WizardMode::kReconfigure, WizardMode::kReauthorize}) {
    EXPECT_EQ(parse_wizard_mode(to_string(m)), m);
  }
  for (ConnectorStatus c : {ConnectorStatus::kConnected, ConnectorStatus::kReauthorizationNeeded}) {
    EXPECT_EQ(parse_connector_status(to_string(c)), c);
  }
  for (ConnectorAction a : {ConnectorAction::kRefresh, ConnectorAction::kPlan, ConnectorAction::kInstall,
                            ConnectorAction::kUninstall, ConnectorAction::kCheck, ConnectorAction::kRevoke}) {
    EXPECT_EQ(parse_connector_action(to_string(a)), a);
  }
  EXPECT_STREQ(to_string(ButtonAction::kInstall), "install");
  EXPECT_STREQ(to_string(StepStatus::kBrowser), "browser");
  EXPECT_STREQ(to_string(DisplayKind::kWarning), "warning");
  EXPECT_STREQ(display_name(ButtonAction::kInstall), "Install/Update");
  EXPECT_STREQ(display_name(ButtonAction::kUninstall), "Uninstall");
  EXPECT_STREQ(display_name(ButtonAction::kSkip), "Skip");
}

TEST(Vocabulary, WordsOutsideTheSetAreNotParsed) {
  for (const char* w : {"", "Install", "install ", "move", "reinstall", "\x01"}) {
    EXPECT_EQ(parse_button_action(w), std::nullopt) << w;
  }
  EXPECT_EQ(parse_wizard_mode("edit"), std::nullopt);
  EXPECT_EQ(parse_connector_action("delete"), std::nullopt);
  const console::Error e = unknown_word("connector state", "buttons", "move", kButtonActionWords);
  EXPECT_EQ(e.code(), "invalid_input");
  EXPECT_EQ(std::string(e.what()), "connector state: 'buttons' is 'move', not one of install, uninstall or skip.");
}

TEST(Vocabulary, TheConnectorStateReadsItsWordsOnceAndRefusesOthers) {
  const ConnectorState s = ConnectorState::from_json(R"({"environment":"test","buttons":"uninstall"})");
  EXPECT_EQ(s.environment, Environment::kTest);
  EXPECT_EQ(s.buttons, ButtonAction::kUninstall);
  const ConnectorState blank = ConnectorState::from_json(R"({"environment":"","buttons":""})");
  EXPECT_EQ(blank.environment, std::nullopt);
  EXPECT_EQ(blank.buttons, std::nullopt);
  EXPECT_NE(blank.to_json().find(R"("environment":"")"), std::string::npos);
  EXPECT_NE(blank.to_json().find(R"("buttons":"")"), std::string::npos);
  try {
    ConnectorState::from_json(R"({"environment":"staging"})");
    FAIL();
  } catch (const console::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "connector state: 'environment' is 'staging', not one of production, test or custom.");
  }
  EXPECT_THROW(ConnectorState::from_json(R"({"buttons":"move"})"), console::Error);
  EXPECT_THROW(ConnectorState::from_json(R"({"connector_status":"broken"})"), console::Error);
  EXPECT_EQ(ConnectorState::from_json("{}").connector_status, ConnectorStatus::kConnected);
  EXPECT_EQ(ConnectorState::from_json(R"({"connector_status":"reauthorization_needed"})").connector_status,
            ConnectorStatus::kReauthorizationNeeded);
}

}  // namespace
