#include "vocabulary.h"

#include <array>
#include <utility>

namespace salesforce {
namespace {

template <typename E, size_t N>
using Words = std::array<std::pair<E, const char*>, N>;

constexpr Words<Environment, 3> kEnvironments = {
    {{Environment::kProduction, "production"}, {Environment::kTest, "test"}, {Environment::kCustom, "custom"}}};
constexpr Words<ButtonAction, 3> kButtonActions = {
    {{ButtonAction::kInstall, "install"}, {ButtonAction::kUninstall, "uninstall"}, {ButtonAction::kSkip, "skip"}}};
constexpr Words<WizardMode, 3> kWizardModes = {{{WizardMode::kCreate, "create"},
                                                {WizardMode::kReconfigure, "reconfigure"},
                                                {WizardMode::kReauthorize, "reauthorize"}}};
constexpr Words<ConnectorAction, 6> kConnectorActions = {{{ConnectorAction::kRefresh, "refresh"},
                                                          {ConnectorAction::kPlan, "plan"},
                                                          {ConnectorAction::kInstall, "install"},
                                                          {ConnectorAction::kUninstall, "uninstall"},
                                                          {ConnectorAction::kCheck, "check"},
                                                          {ConnectorAction::kRevoke, "revoke"}}};
constexpr Words<StepStatus, 3> kStepStatuses = {
    {{StepStatus::kOk, "ok"}, {StepStatus::kInvalid, "invalid"}, {StepStatus::kBrowser, "browser"}}};
constexpr Words<DisplayKind, 4> kDisplayKinds = {{{DisplayKind::kCheck, "check"},
                                                  {DisplayKind::kText, "text"},
                                                  {DisplayKind::kList, "list"},
                                                  {DisplayKind::kWarning, "warning"}}};
constexpr Words<ConnectorStatus, 2> kConnectorStatuses = {
    {{ConnectorStatus::kConnected, "connected"}, {ConnectorStatus::kReauthorizationNeeded, "reauthorization_needed"}}};

template <typename E, size_t N>
std::optional<E> parse(const Words<E, N>& words, std::string_view word) {
  for (const auto& [value, text] : words) {
    if (word == text) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
const char* text_of(const Words<E, N>& words, E value) {
  for (const auto& [v, text] : words) {
    if (v == value) return text;
  }
  return "";  // unreachable: every enumerator has its word
}

}  // namespace

std::optional<Environment> parse_environment(std::string_view word) { return parse(kEnvironments, word); }
std::optional<ButtonAction> parse_button_action(std::string_view word) { return parse(kButtonActions, word); }
std::optional<WizardMode> parse_wizard_mode(std::string_view word) { return parse(kWizardModes, word); }
std::optional<ConnectorStatus> parse_connector_status(std::string_view word) { return parse(kConnectorStatuses, word); }
std::optional<ConnectorAction> parse_connector_action(std::string_view word) { return parse(kConnectorActions, word); }

const char* to_string(Environment v) { return text_of(kEnvironments, v); }
const char* to_string(ButtonAction v) { return text_of(kButtonActions, v); }
const char* to_string(WizardMode v) { return text_of(kWizardModes, v); }
const char* to_string(ConnectorAction v) { return text_of(kConnectorActions, v); }
const char* to_string(StepStatus v) { return text_of(kStepStatuses, v); }
const char* to_string(DisplayKind v) { return text_of(kDisplayKinds, v); }
const char* to_string(ConnectorStatus v) { return text_of(kConnectorStatuses, v); }

const char* display_name(ButtonAction v) {
  switch (v) {
    case ButtonAction::kInstall:
      return "Install/Update";
    case ButtonAction::kUninstall:
      return "Uninstall";
    case ButtonAction::kSkip:
      return "Skip";
  }
  return "";
}

console::Error unknown_word(const std::string& document, const std::string& member, std::string_view word,
                            const char* words) {
  return console::Error(CONSOLE_ERR_INVALID_INPUT,
                        document + ": '" + member + "' is '" + std::string(word) + "', not one of " + words + ".");
}

}  // namespace salesforce
