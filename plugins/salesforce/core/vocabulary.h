// The closed sets of words the connector's documents use (answers, the
// connector state, action ids, the session context, step results), as
// enums. Each word is parsed once where a document is read, and written
// back with to_string where one is written; inside, the enums are compared.
//
//   std::optional<ButtonAction> b = parse_button_action(answer);  // nullopt: not a word of the set
//   if (!b) throw unknown_word("action parameters", "buttons", answer, kButtonActionWords);
//   if (*b == ButtonAction::kInstall) { ... }
//   w.String(to_string(*b));
//
// Vocabularies Salesforce owns (error codes, OAuth errors, metadata and XML
// element names) stay strings: a word Salesforce adds tomorrow is not an
// error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "console_plugin/console_plugin.hpp"

namespace salesforce {

// Where the connector user logs in (the "environment" field).
enum class Environment { kProduction, kTest, kCustom };
// What the button action does (the "buttons" field, a plan's "action").
enum class ButtonAction { kInstall, kUninstall, kSkip };
// Why the host opened the wizard (the session context's "mode").
enum class WizardMode { kCreate, kReconfigure, kReauthorize };
// The actions on a persisted connector (docs/wizard-protocol.md section 5).
enum class ConnectorAction { kRefresh, kPlan, kInstall, kUninstall, kCheck, kRevoke };
// A step result's "status".
enum class StepStatus { kOk, kInvalid, kBrowser };
// A display item's "kind".
enum class DisplayKind { kCheck, kText, kList, kWarning };
// What the host shows of a connector (the state's and results'
// "connector_status").
enum class ConnectorStatus { kConnected, kReauthorizationNeeded };

// nullopt for a word outside the set (matching is exact: "Install" is not
// "install").
std::optional<Environment> parse_environment(std::string_view word);
std::optional<ButtonAction> parse_button_action(std::string_view word);
std::optional<WizardMode> parse_wizard_mode(std::string_view word);
std::optional<ConnectorAction> parse_connector_action(std::string_view word);
std::optional<ConnectorStatus> parse_connector_status(std::string_view word);

// The word a document carries.
const char* to_string(Environment v);
const char* to_string(ButtonAction v);
const char* to_string(WizardMode v);
const char* to_string(ConnectorAction v);
const char* to_string(StepStatus v);
const char* to_string(DisplayKind v);
const char* to_string(ConnectorStatus v);

// The label an admin sees: "Install/Update", "Uninstall", "Skip".
const char* display_name(ButtonAction v);

// The words of each set, for messages: "production, test or custom".
inline constexpr const char* kEnvironmentWords = "production, test or custom";
inline constexpr const char* kButtonActionWords = "install, uninstall or skip";
inline constexpr const char* kWizardModeWords = "create, reconfigure or reauthorize";
inline constexpr const char* kConnectorStatusWords = "connected or reauthorization_needed";

// console::Error(invalid_input): "<document>: '<member>' is 'x', not one of <words>."
console::Error unknown_word(const std::string& document, const std::string& member, std::string_view word,
                            const char* words);

}  // namespace salesforce
