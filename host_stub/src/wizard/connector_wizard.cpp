#include "wizard/connector_wizard.hpp"

#include <rapidjson/document.h>

#include "host_error.hpp"
#include "json_document.hpp"

namespace console_host {

ConnectorDoc parse_connector_doc(const std::string& text) {
  rapidjson::Document d = parse_json_object(text, "the plugin's connector document");
  ConnectorDoc doc;
  doc.status = json_string(d, "connector_status", "connected");
  const auto* summary = json_member(d, "summary");
  doc.summary_json = summary != nullptr && summary->IsObject() ? to_json(*summary) : "{}";
  const auto* state = json_member(d, "state");
  doc.state_json = state != nullptr && state->IsObject() ? to_json(*state) : "{}";
  return doc;
}

std::string session_context(const std::string& mode, const std::string& project, const std::string& name,
                            const std::string& description, const std::string& redirect_uri,
                            const std::string* state_json) {
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  d.AddMember("schema_version", 1, a);
  d.AddMember("mode", rapidjson::Value(mode.c_str(), a), a);
  d.AddMember("project", rapidjson::Value(project.c_str(), a), a);
  d.AddMember("connector_name", rapidjson::Value(name.c_str(), a), a);
  d.AddMember("description", rapidjson::Value(description.c_str(), a), a);
  d.AddMember("redirect_uri", rapidjson::Value(redirect_uri.c_str(), a), a);
  if (state_json != nullptr) {
    rapidjson::Document state;
    if (!try_parse_json(state, *state_json) || !state.IsObject()) state.SetObject();
    d.AddMember("state", rapidjson::Value(state, a), a);
  }
  return to_json(d);
}

std::string name_taken_error(const std::string& project) {
  return "is already used in project \"" + project + "\"; choose another name";
}

FieldErrors check_new_connector_name(Store& store, const std::string& project, const std::string& name) {
  FieldErrors errors;
  auto existing = store.find_connector(project, name, false);
  if (existing && !existing->pending) errors["name"].push_back(name_taken_error(project));
  return errors;
}

std::string singleton_refusal(Store& store, const std::string& project, const WizardSchema& schema,
                              const std::string& type_id, const std::string& display_name, std::string* existing_name) {
  if (!schema.singleton_per_project) return "";
  auto existing = store.find_of_type(project, type_id);
  if (!existing || existing->pending) return "";
  if (existing_name != nullptr) *existing_name = existing->name;
  return "project \"" + project + "\" already has a " + display_name + " connector (\"" + existing->name +
         "\"); a project can have only one " + display_name + " connector";
}

Lease reserve_new_connector(Store& store, const NewConnector& c, const std::string& display_name) {
  try {
    return store.reserve_connector(c, "create");
  } catch (const HostError& e) {
    if (e.code() != ExitCode::kConflict || !c.singleton) throw;
    auto existing = store.find_of_type(c.project, c.type_id);
    if (!existing || existing->name == c.name || existing->pending) throw;
    throw HostError(ExitCode::kConflict,
                    "project \"" + c.project + "\" already has a " + display_name + " connector (\"" + existing->name +
                        "\"); a project can have only one " + display_name + " connector",
                    "reconfigure it with `console-host connector reconfigure --project \"" + c.project + "\" \"" +
                        existing->name + "\"`, or use another project");
  }
}

void complete_new_connector(Store& store, Lease& lease, const std::string& connector_doc_json) {
  ConnectorDoc doc = parse_connector_doc(connector_doc_json);
  store.complete_reservation(lease, doc.status, doc.summary_json, doc.state_json);
}

void commit_rerun(Store& store, Lease& lease, const std::string& connector_doc_json) {
  ConnectorDoc doc = parse_connector_doc(connector_doc_json);
  ConnectorChange change;
  change.status = doc.status;
  change.summary_json = doc.summary_json;
  change.state_json = doc.state_json;
  change.touch_last_used = true;
  store.commit(lease, change);
}

void commit_step_state(Store& store, Lease& lease, const std::string& state_json, const std::string& status) {
  ConnectorChange change;
  change.state_json = state_json;
  if (!status.empty()) change.status = status;
  change.touch_last_used = true;
  store.commit(lease, change);
}

void persist_error_state(Store& store, Lease& lease, const PluginError& e) {
  ConnectorChange change = change_from_plugin_document(e.document(), true);
  // The error's summary says what is in place now (`connector show` tells it).
  if (change.state_json || change.status || change.summary_json) store.commit(lease, change);
}

DeleteReport delete_connector_leased(Store& store, Lease& lease, const ConnectorTypeClient* client, bool uninstall,
                                     const Redactor& redactor) {
  DeleteReport report;
  if (uninstall && client == nullptr)
    throw HostError(ExitCode::kNotFound, "the connector's type is not loaded, so nothing can be uninstalled");
  if (uninstall) {
    report.uninstall = run_action_under_lease(store, lease, *client, "uninstall", "{}", redactor);
    if (!report.uninstall.ok) return report;
  }
  // A deleted connector's authorization must stop working. A type without a
  // "revoke" action (unsupported) has nothing to revoke; any other failure
  // is reported and does not keep the connector.
  if (client != nullptr) {
    ActionReport r = run_action_under_lease(store, lease, *client, "revoke", "{}", redactor);
    report.revoked = r.ok;
    if (!r.ok && r.code != ErrorCode::kUnsupported) report.revoke_warning = r.message;
  }
  store.delete_leased(lease);
  report.deleted = true;
  return report;
}

}  // namespace console_host
