// schema.hpp -- a connector type's wizard schema (docs/wizard-protocol.md,
// section 1), parsed into plain structs the renderer walks.
//
//   WizardSchema schema = parse_wizard_schema(describe_json);   // throws HostError
//   for (const auto& step : schema.steps) ...
//
// The host's own first step (Name, Description, Type) is expressed in the
// same terms by host_step(), so it is rendered and validated like any other.
#ifndef CONSOLE_HOST_WIZARD_SCHEMA_HPP
#define CONSOLE_HOST_WIZARD_SCHEMA_HPP

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace console_host {

struct FieldOption {
  std::string value;
  std::string label;
  std::string help;
};

struct WizardField {
  std::string id;
  std::string label;
  std::string help;
  std::string kind;  // text, textarea, select, radio, checkbox, action, status
  bool required = false;
  std::optional<std::string> default_value;  // as the admin would type it
  std::vector<FieldOption> options;
  // field id -> accepted values; all must hold for the field to be visible.
  std::map<std::string, std::vector<std::string>> visible_when;
  std::optional<std::string> pattern;
  std::optional<size_t> max_length;  // in characters (UTF-8 code points)
  bool secret = false;

  // Fields the admin answers (not action buttons, not status displays).
  bool answerable() const { return kind != "action" && kind != "status"; }
  bool has_options() const { return kind == "select" || kind == "radio"; }
};

struct WizardStep {
  std::string id;
  std::string title;
  std::string help;
  std::vector<WizardField> fields;

  const WizardField* find(const std::string& field_id) const;
};

struct WizardSchema {
  std::string type_id;
  std::string display_name;
  bool singleton_per_project = false;
  // The keys the type reads from its configuration section(s)
  // (wizard-protocol.md, section 7); nullopt when it does not say.
  std::optional<std::vector<std::string>> config_keys;
  std::vector<WizardStep> steps;

  const WizardStep* find(const std::string& step_id) const;
};

// Parses and checks a schema document. Throws HostError(kFailure) naming the
// member at fault ("steps[1].fields[0].kind: unknown kind \"slider\"").
WizardSchema parse_wizard_schema(const std::string& json);

// The id of the host's first step, and the step itself: name (required, at
// most 80 characters), description (optional), type (one of `types`: id ->
// display name).
constexpr const char* kHostStepId = "connector";
WizardStep host_step(const std::vector<FieldOption>& types);

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_SCHEMA_HPP
