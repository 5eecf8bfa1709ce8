// connector_wizard.hpp -- what every renderer of the Create connector
// wizard shares besides the engine: the host's own first step and its
// checks (name unique in the project, one connector of a singleton type),
// the session context handed to the plugin, and persisting under the
// connector's one-writer lease (store.hpp): the reservation a create holds
// from before sign-in, the state a step result carries, the result, the
// state an error carries, and deletion (uninstall, revoke, delete). The CLI
// and `serve` call these, so both refuse and persist exactly alike.
//
//   FieldErrors e = check_new_connector_name(store, "Sales Ops", "Salesforce");
//   std::string refusal = singleton_refusal(store, "Sales Ops", schema, "salesforce", "Salesforce");
//   Lease lease = reserve_new_connector(store, new_connector, "Salesforce");   // kConflict
//   std::string ctx = session_context("create", project, name, description, redirect_uri, nullptr);
//   complete_new_connector(store, lease, engine.result());
#ifndef CONSOLE_HOST_WIZARD_CONNECTOR_WIZARD_HPP
#define CONSOLE_HOST_WIZARD_CONNECTOR_WIZARD_HPP

#include <cstdint>
#include <string>
#include <vector>

#include "plugin/connector_type_client.hpp"
#include "redaction.hpp"
#include "store/leased_action.hpp"
#include "store/store.hpp"
#include "wizard/field_validation.hpp"
#include "wizard/schema.hpp"

namespace console_host {

// The connector document a completed session returns (wizard-protocol.md, section 4).
struct ConnectorDoc {
  std::string status;
  std::string summary_json;
  std::string state_json;
};
ConnectorDoc parse_connector_doc(const std::string& text);

// The session context document (wizard-protocol.md, section 2). `state_json`
// is the stored state for reconfigure/reauthorize, nullptr for create.
std::string session_context(const std::string& mode, const std::string& project, const std::string& name,
                            const std::string& description, const std::string& redirect_uri,
                            const std::string* state_json);

// The error shown next to the name when the project already has a connector of that name.
std::string name_taken_error(const std::string& project);
// {"name": [name_taken_error]} when a (finished) connector has the name, else
// empty. A pending row is the reservation's business: it names a live
// creator, and an abandoned creation gives its name back.
FieldErrors check_new_connector_name(Store& store, const std::string& project, const std::string& name);

// "" when the project may get a connector of this type; else why not
// (a project holds one connector of a singleton type). The early, friendly
// check: the reservation is the one that counts.
std::string singleton_refusal(Store& store, const std::string& project, const WizardSchema& schema,
                              const std::string& type_id, const std::string& display_name,
                              std::string* existing_name = nullptr);

// Reserves `c` (a pending row holding its name and singleton slot, leased by
// the caller), saying in the type's words who holds the slot when it is
// taken. Throws HostError(kConflict).
Lease reserve_new_connector(Store& store, const NewConnector& c, const std::string& display_name);
// Turns the reservation into the connector a completed create session produced.
void complete_new_connector(Store& store, Lease& lease, const std::string& connector_doc_json);
// Saves what a completed reconfigure/reauthorize session produced.
void commit_rerun(Store& store, Lease& lease, const std::string& connector_doc_json);
// Persists a state a step result carries (wizard-protocol.md, section 3).
void commit_step_state(Store& store, Lease& lease, const std::string& state_json, const std::string& status);
// A plugin error may carry a connector status and a new state (a token
// rotated before the failure, what is in place in the remote system):
// persist them before reporting the error.
void persist_error_state(Store& store, Lease& lease, const PluginError& e);

// Deleting a connector under its lease: uninstall first when asked (a
// failure keeps the connector), then revoke its authorization (a failure
// is only a warning), then delete the row.
struct DeleteReport {
  bool deleted = false;
  ActionReport uninstall;      // when asked for
  bool revoked = false;        // the authorization was revoked
  std::string revoke_warning;  // "" when revoked or nothing to revoke
};
DeleteReport delete_connector_leased(Store& store, Lease& lease, const ConnectorTypeClient* client, bool uninstall,
                                     const Redactor& redactor);

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_CONNECTOR_WIZARD_HPP
