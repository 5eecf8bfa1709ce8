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
  if (is_error && json_string(d, "code") == "auth_required" && !change.status)
    change.status = std::string("reauthorization_needed");
  return change;
}

namespace {

// Runs the action on `rec` (the newest row, read under `lease`) and commits
// what it returned; with `release`, gives the lease up in the same write
// transaction (and sets `*released` once it is given up).
ActionReport run_on_record(Store& store, Lease& lease, const ConnectorRecord& rec, const ConnectorTypeClient& client,
                           const std::string& action_id, const std::string& params_json, const Redactor& redactor,
                           bool* released) {
  ActionReport report;
  report.status = rec.status;
  CallContext call{rec.project + "/" + rec.name};
  ActionOutcome outcome = client.run_action(rec.state_json, action_id, params_json, &call);
  report.ok = outcome.ok;
  ConnectorChange change = change_from_plugin_document(outcome.document, !outcome.ok);
  change.touch_last_used = outcome.ok;
  const bool changed = change.state_json || change.summary_json || change.status || change.touch_last_used;
  if (released != nullptr) {
    if (changed)
      store.commit_and_release(lease, change);
    else
      store.release_lease(lease);
    *released = true;
  } else if (changed) {
    store.commit(lease, change);
  }
  if (change.status) report.status = std::move(*change.status);
  if (!outcome.ok) {
    rapidjson::Document d;
    if (!try_parse_json(d, outcome.document) || !d.IsObject()) d.SetObject();
    report.code = json_string(d, "code", "internal");
    report.message = redactor.redact(json_string(d, "message", "the action failed"));
  }
  report.document = std::move(outcome.document);
  return report;
}

}  // namespace

ActionReport run_action_under_lease(Store& store, Lease& lease, const ConnectorTypeClient& client,
                                    const std::string& action_id, const std::string& params_json,
                                    const Redactor& redactor) {
  auto rec = store.find_by_id(lease.connector_id, true);  // the newest state: nobody else writes it now
  if (!rec) {
    ActionReport report;
    report.code = "not_found";
    report.message = "the connector was deleted meanwhile";
    return report;
  }
  return run_on_record(store, lease, *rec, client, action_id, params_json, redactor, nullptr);
}

ActionReport run_leased_action(Store& store, int64_t id, const std::string& action_id, const ClientForType& client_for,
                               const Redactor& redactor, const std::string& params_json,
                               std::chrono::milliseconds wait) {
  // Two write transactions in all: the lease is taken and the newest row
  // read at once, and the result is committed as the lease is given up.
  ActionReport report;
  ConnectorRecord rec;
  Lease lease;
  try {
    lease = store.acquire_lease(id, action_id, wait, Store::kLeaseTtlMs, &rec);
  } catch (const HostError& e) {
    if (e.code() == ExitCode::kConflict) {
      report.code = "conflict";
    } else if (e.code() == ExitCode::kNotFound) {  // deleted, or still (or never finished) being created
      report.code = "not_found";
      report.status = rec.status;
    } else {
      throw;
    }
    report.message = e.what();
    return report;
  }
  struct Release {
    Store& store;
    const Lease& lease;
    bool done = false;
    ~Release() {
      if (!done) store.release_lease(lease);
    }
  } release{store, lease};
  auto client = client_for(rec.type_id);
  if (!client) {
    report.status = rec.status;
    report.code = "unsupported";
    report.message = "connector type \"" + rec.type_id + "\" is not loaded";
    return report;
  }
  LeaseKeeper keep(store, lease);
  return run_on_record(store, lease, rec, *client, action_id, params_json, redactor, &release.done);
}

}  // namespace console_host
