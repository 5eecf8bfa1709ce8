// The work shared by the wizard and the host's actions once the connector
// holds tokens: check the user and the object, plan the button action, and
// run the actions of docs/wizard-protocol.md section 5 (refresh, plan,
// install, uninstall, check).
//
//   Prepared p = prepare_button_action(api, config, state, ButtonAction::kInstall, "Account");
//   ApplyReport r = apply_plan(api, p.plan, state);
#pragma once

#include <string>
#include <vector>

#include "api_session.h"
#include "button_plan.h"
#include "connector_state.h"
#include "console_plugin/console_plugin.hpp"
#include "org_inspection.h"
#include "plugin_config.h"
#include "result_documents.h"
#include "vocabulary.h"

namespace salesforce {

struct Prepared {
  OrgInspection inspection;
  ButtonPlan plan;
};

// One composite request (permissions, user, org, object), then the plan's
// reads. Throws missing_permissions_error (field "authorize") or
// object_error (field "object") before reading any metadata.
Prepared prepare_button_action(ApiSession& api, const PluginConfig& config, ConnectorState& state, ButtonAction buttons,
                               const std::string& object);

// Display lines about the user: org, user, instance, API-only note.
std::vector<DisplayItem> identity_display(const ConnectorState& state, const OrgInspection& inspection);

// The HTTP settings of the plugin configuration; `pool` (may be empty)
// lends the connection.
HttpClient::Options http_options(const PluginConfig& config, std::shared_ptr<ConnectionPool> pool);

// Runs `action_id` on a persisted connector; returns the action result.
// Throws console::Error(unsupported) for an action id outside
// ConnectorAction, and (invalid_input) for a "buttons" parameter outside
// ButtonAction.
// `pool` (may be empty) lends a warm connection.
std::string run_connector_action(const console::Host& host, console::CallContext call, const std::string& state_json,
                                 const std::string& action_id, const std::string& params_json,
                                 std::shared_ptr<ConnectionPool> pool = nullptr);

}  // namespace salesforce
