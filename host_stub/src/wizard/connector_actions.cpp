#include "wizard/connector_actions.hpp"

#include <rapidjson/document.h>

#include "json_document.hpp"

namespace console_host {

ActionReport run_and_persist(Store& store, const Redactor& redactor, const ClientFactory& clients, int64_t id,
                             const std::string& action_id) {
  ActionReport report;
  auto rec = store.find_by_id(id, true);
  if (!rec) {
    report.code = "not_found";
    report.message = "the connector was deleted meanwhile";
    return report;
  }
  report.status = rec->status;
  auto client = clients(rec->type_id);
  if (!client) {
    report.code = "unsupported";
    report.message = "connector type \"" + rec->type_id + "\" is not loaded";
    return report;
  }
  CallContext call{rec->project + "/" + rec->name};
  ActionOutcome outcome = client->run_action(rec->state_json, action_id, "{}", &call);
  report.ok = outcome.ok;
  report.document = outcome.document;
  rapidjson::Document d;
  d.Parse(outcome.document.c_str());
  if (d.HasParseError() || !d.IsObject()) d.SetObject();
  ConnectorChange change;
  // A result carries state and status at its top level; an error document
  // carries them in its "detail" (wizard-protocol.md, sections 5 and 6).
  const rapidjson::Value* carrier = &d;
  if (!outcome.ok) {
    const auto* detail = json_member(d, "detail");
    carrier = detail != nullptr && detail->IsObject() ? detail : nullptr;
  }
  if (carrier != nullptr) {
    if (const auto* s = json_member(*carrier, "state"); s != nullptr && s->IsObject()) change.state_json = to_json(*s);
    if (const auto* s = json_member(*carrier, "summary"); s != nullptr && s->IsObject()) change.summary_json = to_json(*s);
  }
  std::string status = carrier != nullptr ? json_string(*carrier, "connector_status") : std::string();
  if (!status.empty()) change.status = status;
  // auth_required means the remote system no longer accepts the connector's
  // authorization, whether or not the plugin said so in connector_status.
  if (!outcome.ok && json_string(d, "code") == "auth_required" && !change.status)
    change.status = std::string("reauthorization_needed");
  change.touch_last_used = outcome.ok;
  if (change.state_json || change.summary_json || change.status || change.touch_last_used) {
    // Unconditional: the state the plugin just returned is the newest there is.
    store.update_connector(rec->id, change);
  }
  if (change.status) report.status = *change.status;
  if (!outcome.ok) {
    report.code = json_string(d, "code", "internal");
    report.message = redactor.redact(json_string(d, "message", "the action failed"));
  }
  return report;
}

}  // namespace console_host
