// leased_action.hpp -- a plugin action on a stored connector, run as the
// connector's one writer (store.hpp, "One writer per connector").
//
// The action's remote change and the state it returns are one unit: the
// lease is taken before the plugin is called (so the store is known to be
// writable before a token is spent), the state handed to the plugin is the
// newest one, read under the lease, and whatever the plugin returns (a
// rotated refresh token, a new status, what is in place after a failure) is
// committed before the lease is given up. A second process or thread that
// wants the connector meanwhile waits, then starts from the newer state.
//
// Usable from many threads at once over one Store (a server host does).
//
//   ActionReport r = run_leased_action(store, id, "refresh", client_for, redactor);
//   if (!r.ok) std::cerr << r.message;
//
//   Lease lease = store.acquire_lease(id, "delete", kActionLeaseWait);   // several actions under one lease
//   ActionReport u = run_action_under_lease(store, lease, client, "uninstall", "{}", redactor);
#ifndef CONSOLE_HOST_STORE_LEASED_ACTION_HPP
#define CONSOLE_HOST_STORE_LEASED_ACTION_HPP

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "plugin/connector_type_client.hpp"
#include "redaction.hpp"
#include "store/store.hpp"
#include "vocabulary.hpp"

namespace console_host {

// How long an action waits for another holder of the connector's lease.
constexpr std::chrono::milliseconds kActionLeaseWait = std::chrono::seconds(30);

struct ActionReport {
  bool ok = false;
  // The plugin's error code when !ok (kConflict when another holder kept the
  // lease, kNotFound when the connector was deleted meanwhile).
  ErrorCode code = ErrorCode::kInternal;
  std::string message;                               // redacted error message when !ok
  ConnectorStatus status = ConnectorStatus::kOther;  // the connector's status afterwards
  std::string document;                              // the plugin's result (or error) document
};

// Gives the client for a connector type, or nullptr when it is not loaded.
using ClientForType = std::function<std::unique_ptr<ConnectorTypeClient>(const std::string& type_id)>;

// Takes the lease (waiting up to `wait`), runs the action, commits, releases.
// Never throws for a plugin failure or a busy connector (see the report);
// throws HostError(kStore) when the store cannot be written.
ActionReport run_leased_action(Store& store, int64_t id, const std::string& action_id, const ClientForType& client_for,
                               const Redactor& redactor, const std::string& params_json = "{}",
                               std::chrono::milliseconds wait = kActionLeaseWait);

// Runs one action while the caller holds `lease`, and commits what it
// returned. The lease stays held.
ActionReport run_action_under_lease(Store& store, Lease& lease, const ConnectorTypeClient& client,
                                    const std::string& action_id, const std::string& params_json,
                                    const Redactor& redactor);

// The change a plugin document asks the host to persist: `state`,
// `summary` and `connector_status` at the top of a result, or in the
// `detail` of an error document (wizard-protocol.md, sections 5 and 6).
ConnectorChange change_from_plugin_document(const std::string& document_json, bool is_error);
// The same reading through a parsed document: the fallback for what the
// scan cannot follow, and the reference the tests compare the scan with.
ConnectorChange change_by_parsing(const std::string& document_json, bool is_error);

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_LEASED_ACTION_HPP
