// connector_actions.hpp -- runs a connector type's action (refresh,
// uninstall, ...) on a stored connector and persists at once whatever state
// and status it returned, even when the action failed. Shared by the CLI's
// `connector refresh | delete` and by `serve` (its buttons and its
// keep-alive refreshes).
//
//   ActionReport r = run_and_persist(store, redactor, clients, id, "refresh");
//   if (!r.ok) show(r.code, r.message);       // r.status may be "reauthorization_needed"
#ifndef CONSOLE_HOST_WIZARD_CONNECTOR_ACTIONS_HPP
#define CONSOLE_HOST_WIZARD_CONNECTOR_ACTIONS_HPP

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "plugin/connector_type_client.hpp"
#include "redaction.hpp"
#include "store/store.hpp"

namespace console_host {

struct ActionReport {
  bool ok = false;
  std::string code;     // error code when !ok
  std::string message;  // error message when !ok (redacted)
  std::string status;   // the connector's status afterwards
  std::string document;
};

// The client of a loaded type id, or nullptr when that type is not loaded.
using ClientFactory = std::function<std::unique_ptr<ConnectorTypeClient>(const std::string& type_id)>;

ActionReport run_and_persist(Store& store, const Redactor& redactor, const ClientFactory& clients, int64_t id,
                             const std::string& action_id);

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_CONNECTOR_ACTIONS_HPP
