#include "store/leased_action.hpp"

#include <rapidjson/document.h>

#include "host_error.hpp"
#include "json_document.hpp"
#include "store/lease_owner.hpp"

namespace console_host {

ConnectorChange change_from_plugin_document(const std::string& document_json, bool is_error) {
  ConnectorChange change;
  rapidjson::Document d;
  if (!try_parse_json(d, document_json) || !d.IsObject()) return change;
  const rapidjson::Value* carrier = &d;
  if (is_error) {
    const auto* detail = json_member(d, "detail");
    carrier = detail != nullptr && detail->IsObject() ? detail : nullptr;
  }
  if (carrier != nullptr) {
    if (const auto* s = json_member(*carrier, "state"); s != nullptr && s->IsObject()) change.state_json = to_json(*s);
    if (const auto* s = json_member(*carrier, "summary"); s != nullptr && s->IsObject())
      change.summary_json = to_json(*s);
    std::string status = json_string(*carrier, "connector_status");
    if (!status.empty()) change.status = status;
  }
  // auth_required means the remote system no longer accepts the connector's
  // authorization, whether or not the plugin said so in connector_status.
  if (is_error && parse_error_code(json_string(d, "code")) == ErrorCode::kAuthRequired && !change.status)
    change.status = to_string(ConnectorStatus::kReauthorizationNeeded);
  return change;
}

ActionReport run_action_under_lease(Store& store, Lease& lease, const ConnectorTypeClient& client,
                                    const std::string& action_id, const std::string& params_json,
                                    const Redactor& redactor) {
  ActionReport report;
  auto rec = store.find_by_id(lease.connector_id, true);  // the newest state: nobody else writes it now
  if (!rec) {
    report.code = ErrorCode::kNotFound;
    report.message = "the connector was deleted meanwhile";
    return report;
  }
  report.status = parse_connector_status(rec->status);
  CallContext call{rec->project + "/" + rec->name};
  ActionOutcome outcome = client.run_action(rec->state_json, action_id, params_json, &call);
  report.ok = outcome.ok;
  report.document = outcome.document;
  ConnectorChange change = change_from_plugin_document(outcome.document, !outcome.ok);
  change.touch_last_used = outcome.ok;
  if (change.state_json || change.summary_json || change.status || change.touch_last_used) store.commit(lease, change);
  if (change.status) report.status = parse_connector_status(*change.status);
  if (!outcome.ok) {
    rapidjson::Document d;
    if (!try_parse_json(d, outcome.document) || !d.IsObject()) d.SetObject();
    report.code = parse_error_code(json_string(d, "code", "internal"));
    report.message = redactor.redact(json_string(d, "message", "the action failed"));
  }
  return report;
}

ActionReport run_leased_action(Store& store, int64_t id, const std::string& action_id, const ClientForType& client_for,
                               const Redactor& redactor, const std::string& params_json,
                               std::chrono::milliseconds wait) {
  ActionReport report;
  auto rec = store.find_by_id(id, false);
  if (!rec) {
    report.code = ErrorCode::kNotFound;
    report.message = "the connector was deleted meanwhile";
    return report;
  }
  report.status = parse_connector_status(rec->status);
  if (rec->pending) {
    report.code = ErrorCode::kNotFound;
    report.message = store.lease_live(*rec) ? "the connector is still being created"
                                            : "the connector's creation was abandoned; delete it or create it again";
    return report;
  }
  auto client = client_for(rec->type_id);
  if (!client) {
    report.code = ErrorCode::kUnsupported;
    report.message = "connector type \"" + rec->type_id + "\" is not loaded";
    return report;
  }
  Lease lease;
  try {
    lease = store.acquire_lease(id, action_id, wait);
  } catch (const HostError& e) {
    if (e.code() != ExitCode::kConflict) throw;
    report.code = ErrorCode::kConflict;
    report.message = e.what();
    return report;
  }
  struct Release {
    Store& store;
    const Lease& lease;
    ~Release() { store.release_lease(lease); }
  } release{store, lease};
  LeaseKeeper keep(store, lease);
  return run_action_under_lease(store, lease, *client, action_id, params_json, redactor);
}

}  // namespace console_host
