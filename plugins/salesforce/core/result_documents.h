// Writers for the documents the connector hands the host: step results
// (docs/wizard-protocol.md, section 3) and action results (section 5).
//
//   StepResult r;
//   r.status = StepStatus::kOk; r.step = "authorize";
//   r.fields["custom_domain"].value = "acme.my.salesforce.com";
//   r.display.push_back(DisplayItem::check(true, "Smart Flows is authorized"));
//   std::string json = r.to_json();
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connector_state.h"
#include "console_plugin/console_plugin.hpp"
#include "vocabulary.h"

namespace salesforce {

struct DisplayItem {
  DisplayKind kind = DisplayKind::kText;
  std::string label;
  std::string value;
  bool ok = true;
  std::vector<std::string> items;

  static DisplayItem check(bool ok, std::string label);
  static DisplayItem text(std::string label, std::string value);
  static DisplayItem list(std::string label, std::vector<std::string> items);
  static DisplayItem warning(std::string label);
  void write_json(JsonWriter& w) const;
};

struct FieldResult {
  std::optional<std::string> value;
  std::vector<std::string> errors;
  std::vector<std::string> recommended;
  std::optional<bool> visible;
};

struct StepResult {
  StepStatus status = StepStatus::kOk;
  // For kInvalid: why, as an error document code (auth_denied, network,
  // remote_error, permission_missing, ...), so a host that cannot ask again
  // exits as the cause says; "" = not said (the answers were refused).
  std::string code;
  std::string step;
  bool complete = false;
  std::map<std::string, FieldResult> fields;
  std::string browser_url;
  std::vector<DisplayItem> display;
  std::string plan_json;  // "" = no plan member
  // A state the host must persist at once (the stored authorization was
  // renewed and its old refresh token is dead); "" = none.
  std::string state_json;
  ConnectorStatus connector_status = ConnectorStatus::kConnected;
  std::string to_json() const;
};

// An action result document. With `state_json` (state.to_json(), already
// written by the caller), the state is copied in as it is, not written again.
std::string action_result_json(const ConnectorState& state, bool state_changed, const std::vector<DisplayItem>& display,
                               const std::string& plan_json, const std::string* state_json = nullptr);

// `error` with detail {"connector_status", "state", "summary"} added (and
// its other detail members, e.g. salesforce_code, kept), so the host
// persists a state that changed before the failure (a rotated refresh
// token, what is in place after a change that stopped part-way).
console::Error with_state(const console::Error& error, const ConnectorState& state, bool include_state);

}  // namespace salesforce
