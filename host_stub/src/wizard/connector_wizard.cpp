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
    state.Parse(state_json->c_str());
    if (state.HasParseError() || !state.IsObject()) state.SetObject();
    d.AddMember("state", rapidjson::Value(state, a), a);
  }
  return to_json(d);
}

std::string name_taken_error(const std::string& project) {
  return "is already used in project \"" + project + "\"; choose another name";
}

FieldErrors check_new_connector_name(Store& store, const std::string& project, const std::string& name) {
  FieldErrors errors;
  if (store.find_connector(project, name, false)) errors["name"].push_back(name_taken_error(project));
  return errors;
}

std::string singleton_refusal(Store& store, const std::string& project, const WizardSchema& schema,
                              const std::string& type_id, const std::string& display_name,
                              std::string* existing_name) {
  if (!schema.singleton_per_project) return "";
  auto existing = store.find_of_type(project, type_id);
  if (!existing) return "";
  if (existing_name != nullptr) *existing_name = existing->name;
  return "project \"" + project + "\" already has a " + display_name + " connector (\"" + existing->name +
         "\"); a project can have only one " + display_name + " connector";
}

int64_t save_new_connector(Store& store, const NewConnectorNames& names, const WizardSchema& schema,
                           const std::string& type_id, const std::string& connector_doc_json) {
  ConnectorDoc doc = parse_connector_doc(connector_doc_json);
  NewConnector c;
  c.project = names.project;
  c.name = names.name;
  c.description = names.description;
  c.type_id = type_id;
  c.singleton = schema.singleton_per_project;
  c.status = doc.status;
  c.summary_json = doc.summary_json;
  c.state_json = doc.state_json;
  return store.insert_connector(c);
}

void save_rerun(Store& store, const ConnectorRecord& rec, const std::string& connector_doc_json) {
  ConnectorDoc doc = parse_connector_doc(connector_doc_json);
  ConnectorChange change;
  change.status = doc.status;
  change.summary_json = doc.summary_json;
  change.state_json = doc.state_json;
  change.touch_last_used = true;
  store.update_connector(rec.id, change, rec.version);
}

void persist_error_state(Store& store, const ConnectorRecord& rec, const PluginError& e) {
  rapidjson::Document d;
  d.Parse(e.document().c_str());
  if (d.HasParseError() || !d.IsObject()) return;
  const auto* detail = json_member(d, "detail");
  if (detail == nullptr || !detail->IsObject()) return;
  ConnectorChange change;
  if (const auto* s = json_member(*detail, "state"); s != nullptr && s->IsObject()) change.state_json = to_json(*s);
  std::string status = json_string(*detail, "connector_status");
  if (!status.empty()) change.status = status;
  if (change.state_json || change.status) store.update_connector(rec.id, change);
}

}  // namespace console_host
