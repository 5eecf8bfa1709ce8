// connector_wizard.hpp -- what every renderer of the Create connector
// wizard shares besides the engine: the host's own first step and its
// checks (name unique in the project, one connector of a singleton type),
// the session context handed to the plugin, and saving the result. The CLI
// and `serve` call these, so both refuse and persist exactly alike.
//
//   FieldErrors e = check_new_connector_name(store, "Sales Ops", "Salesforce");
//   std::string refusal = singleton_refusal(store, "Sales Ops", schema, "Salesforce");
//   std::string ctx = session_context("create", project, name, description, redirect_uri, nullptr);
//   int64_t id = save_new_connector(store, {project, name, description}, schema, type_id, engine.result());
#ifndef CONSOLE_HOST_WIZARD_CONNECTOR_WIZARD_HPP
#define CONSOLE_HOST_WIZARD_CONNECTOR_WIZARD_HPP

#include <cstdint>
#include <string>
#include <vector>

#include "plugin/connector_type_client.hpp"
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
// {"name": [name_taken_error]} when taken, else empty.
FieldErrors check_new_connector_name(Store& store, const std::string& project, const std::string& name);

// "" when the project may get a connector of this type; else why not
// (a project holds one connector of a singleton type).
std::string singleton_refusal(Store& store, const std::string& project, const WizardSchema& schema,
                              const std::string& type_id, const std::string& display_name,
                              std::string* existing_name = nullptr);

struct NewConnectorNames {
  std::string project;
  std::string name;
  std::string description;
};
// Inserts the connector a completed create session produced. Throws HostError(kConflict).
int64_t save_new_connector(Store& store, const NewConnectorNames& names, const WizardSchema& schema,
                           const std::string& type_id, const std::string& connector_doc_json);

// Saves what a completed reconfigure/reauthorize session produced, refused
// (HostError kConflict) when the row changed since `rec` was read.
void save_rerun(Store& store, const ConnectorRecord& rec, const std::string& connector_doc_json);

// A plugin error may carry a connector status and a new state (a token
// rotated before the failure): persist them before reporting the error.
void persist_error_state(Store& store, const ConnectorRecord& rec, const PluginError& e);


}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_CONNECTOR_WIZARD_HPP
