#include "connector_actions.h"

#include "button_install.h"
#include "http_client.h"
#include "permission_check.h"
#include "token_revoke.h"
#include "wizard_schema.h"

namespace salesforce {

Prepared prepare_button_action(ApiSession& api, const PluginConfig& config, ConnectorState& state, ButtonAction buttons,
                               const std::string& object) {
  Prepared p;
  p.inspection = inspect_org(api, config, buttons == ButtonAction::kInstall ? object : std::string());
  if (!p.inspection.username.empty()) state.username = p.inspection.username;
  if (!p.inspection.org_name.empty()) state.org_name = p.inspection.org_name;
  if (!p.inspection.permissions.missing.empty()) {
    throw missing_permissions_error(p.inspection.permissions, state.username);
  }
  switch (buttons) {
    case ButtonAction::kInstall:
      if (!p.inspection.object.usable()) throw object_error(p.inspection.object, object);
      p.plan = plan_install(api, state, p.inspection.object.name, config.console_url);
      break;
    case ButtonAction::kUninstall:
      p.plan = plan_uninstall(api, state);
      break;
    case ButtonAction::kSkip:
      p.plan = plan_skip();
      break;
  }
  return p;
}

std::vector<DisplayItem> identity_display(const ConnectorState& state, const OrgInspection& inspection) {
  std::vector<DisplayItem> d;
  d.push_back(DisplayItem::text("Organization",
                                state.org_name.empty() ? state.org_id : state.org_name + " (" + state.org_id + ")"));
  d.push_back(DisplayItem::text("User", state.username.empty() ? state.user_id : state.username));
  d.push_back(DisplayItem::text("Instance", state.instance_url));
  d.push_back(DisplayItem::text("API version", state.api_version));
  d.push_back(DisplayItem::check(true, "The connector user has every permission Smart Flows needs"));
  if (inspection.permissions.api_only_user) {
    d.push_back(DisplayItem::text("API Only User",
                                  "yes: the user cannot log in to the Salesforce UI, which is fine "
                                  "for a connector user"));
  }
  return d;
}

HttpClient::Options http_options(const PluginConfig& config, std::shared_ptr<ConnectionPool> pool) {
  HttpClient::Options o;
  o.ca_file = config.ca_file;
  o.timeout_ms = config.http_timeout_ms;
  o.connect_timeout_ms = config.connect_timeout_ms;
  o.max_attempts = config.max_attempts;
  o.retry_base_delay_ms = config.retry_base_delay_ms;
  o.pool = std::move(pool);
  return o;
}

namespace {

// The button action an action runs: its own for install and uninstall,
// none (skip) for check, the "buttons" parameter (or the stored choice) for
// plan. Skip when nothing says otherwise.
ButtonAction button_action_of(ConnectorAction action, const rapidjson::Document& params, const ConnectorState& state) {
  switch (action) {
    case ConnectorAction::kInstall:
      return ButtonAction::kInstall;
    case ConnectorAction::kUninstall:
      return ButtonAction::kUninstall;
    case ConnectorAction::kPlan: {
      const auto it = params.FindMember("buttons");
      if (it == params.MemberEnd() || !it->value.IsString()) return state.buttons.value_or(ButtonAction::kSkip);
      const std::string word(it->value.GetString(), it->value.GetStringLength());
      if (word.empty()) return ButtonAction::kSkip;
      const std::optional<ButtonAction> b = parse_button_action(word);
      if (!b) throw unknown_word("action parameters", "buttons", word, kButtonActionWords);
      return *b;
    }
    default:
      return ButtonAction::kSkip;
  }
}

std::string plan_json_of(const ButtonPlan& plan) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  plan.write_json(w);
  return buf.GetString();
}

}  // namespace

std::string run_connector_action(const console::Host& host, console::CallContext call, const std::string& state_json,
                                 const std::string& action_id, const std::string& params_json,
                                 std::shared_ptr<ConnectionPool> pool) {
  const PluginConfig config = parse_plugin_config(host.config_json());
  ConnectorState state = ConnectorState::from_json(state_json);
  const rapidjson::Document params =
      console::json::parse_object(params_json.empty() ? "{}" : params_json, "action parameters");
  const std::optional<ConnectorAction> action = parse_connector_action(action_id);
  if (!action) {
    throw console::Error(CONSOLE_ERR_UNSUPPORTED,
                         "The Salesforce connector has no action '" + action_id +
                             "' (it has refresh, plan, install, uninstall, check and revoke).");
  }
  if (state.instance_url.empty() || state.login_url.empty()) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, "The connector state holds no Salesforce authorization.");
  }

  HttpClient http(http_options(config, std::move(pool)));
  http.set_trace([&host, call](const std::string& line) { host.log(call, CONSOLE_LOG_DEBUG, line); });
  ApiSession api(http, config, state);
  const std::string before = state.to_json();
  std::vector<DisplayItem> display;
  std::string plan_json;
  if (action == ConnectorAction::kRevoke) {
    // The connector is being deleted (or its authorization withdrawn): its
    // refresh token, and with it every session, stops working.
    revoke_refresh_token(http, state.login_url, state.refresh_token);
    state.refresh_token.clear();
    state.access_token.clear();
    state.connector_status = ConnectorStatus::kReauthorizationNeeded;
    host.log(call, CONSOLE_LOG_INFO, "salesforce: revoked the authorization for org " + state.org_id);
    return action_result_json(state, true, {DisplayItem::check(true, "The Salesforce authorization was revoked")}, "");
  }
  try {
    if (action == ConnectorAction::kRefresh) {
      api.refresh();
      display.push_back(DisplayItem::check(true, "The Salesforce authorization was renewed"));
    } else {
      const ButtonAction buttons = button_action_of(*action, params, state);
      std::string object = console::json::get_string(params, "object", state.object);
      if (object.empty()) object = kDefaultObject;
      Prepared p = prepare_button_action(api, config, state, buttons, object);
      display = identity_display(state, p.inspection);
      plan_json = *action == ConnectorAction::kCheck ? std::string() : plan_json_of(p.plan);
      if (*action == ConnectorAction::kInstall || *action == ConnectorAction::kUninstall) {
        host.progress(call, action_id, 0, 1, "Applying " + action_id + " in Salesforce");
        const ApplyReport r =
            apply_plan(api, p.plan, state, {[&host, call] { return host.cancelled(call); }, host.cancelled_code()});
        host.progress(call, action_id, 1, 1, "Done");
        state.buttons = buttons;
        if (buttons == ButtonAction::kInstall) state.object = p.plan.object;
        display.push_back(DisplayItem::list(display_name(buttons), r.lines));
        if (buttons == ButtonAction::kInstall)
          display.push_back(DisplayItem::text("Where it shows", kWhereTheButtonShows));
      } else if (*action == ConnectorAction::kPlan) {
        display.push_back(DisplayItem::list("Plan", p.plan.lines()));
      }
    }
  } catch (const console::Error& e) {
    const bool changed = state.to_json() != before;
    throw with_state(e, state, changed);
  }
  host.log(call, CONSOLE_LOG_INFO, "salesforce: action '" + action_id + "' finished for org " + state.org_id);
  std::string after = state.to_json();  // written once: compared, then copied into the result as it is
  const bool changed = after != before;
  return action_result_json(state, changed, display, plan_json, changed ? &after : nullptr);
}

}  // namespace salesforce
