// connector_type_client.hpp -- the host's C++ face of a registered
// console_connector_type: it owns the strings the plugin returns (freeing
// them with the plugin's free_string), serialises calls per session, and
// turns error documents into PluginError.
//
//   ConnectorTypeClient type(registered.desc, [&](char* s) { registry.free_string(registered, s); });
//   auto session = type.open(context_json, &call_context, first_step_json);
//   std::string next = session->submit("environment", R"({"environment":"custom"})");
#ifndef CONSOLE_HOST_PLUGIN_CONNECTOR_TYPE_CLIENT_HPP
#define CONSOLE_HOST_PLUGIN_CONNECTOR_TYPE_CLIENT_HPP

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "console_plugin/console_plugin.h"
#include "host_error.hpp"
#include "host_services.hpp"

namespace console_host {

// A failed plugin call: the error document's code, message and field (and,
// for --json, what is in place: the summary in its detail).
class PluginError : public HostError {
 public:
  PluginError(const std::string& code, const std::string& message, std::string field, std::string document_json);
  ErrorCode error_code() const { return error_code_; }
  // The whole error document (it may carry "state" and "connector_status").
  const std::string& document() const { return document_; }

 private:
  ErrorCode error_code_;
  std::string document_;
};

// The wizard's view of an open session (an interface, so tests can fake it).
class WizardSession {
 public:
  virtual ~WizardSession() = default;
  virtual std::string submit(const std::string& step_id, const std::string& answers_json) = 0;
  virtual std::string callback(const std::string& redirect_url) = 0;
  virtual std::string result() = 0;
};

// What action_run answered: `ok` false means the document is an error document.
struct ActionOutcome {
  bool ok = false;
  std::string document;
};

class ConnectorTypeClient {
 public:
  using FreeString = std::function<void(char*)>;
  ConnectorTypeClient(const console_connector_type& desc, FreeString free_string);

  const std::string type_id() const { return desc_.type_id != nullptr ? desc_.type_id : ""; }
  std::string display_name() const { return desc_.display_name != nullptr ? desc_.display_name : type_id(); }

  // The wizard schema JSON. Throws PluginError.
  std::string describe() const;
  // Opens a session; `first_step_json` receives the first step result.
  std::unique_ptr<WizardSession> open(const std::string& context_json, CallContext* ctx,
                                      std::string& first_step_json) const;
  // Runs an action. Never throws for a plugin failure: see ActionOutcome.
  ActionOutcome run_action(const std::string& state_json, const std::string& action_id, const std::string& params_json,
                           CallContext* ctx) const;

  // When on (the command line's clients), SIGINT/SIGTERM during any call
  // into the plugin cancel that call (InterruptCancels) instead of ending
  // the process. Off by default: `serve` handles its signals itself.
  void cancel_on_interrupt(bool on) { cancel_on_interrupt_ = on; }

 private:
  friend class PluginSession;
  // Takes ownership of a plugin string and frees it.
  std::string take(char* s) const;
  // Throws PluginError for a non-OK status.
  std::string check(console_status status, char* out) const;

  // An InterruptCancels for the duration of one call, when asked for.
  std::unique_ptr<InterruptCancels> interrupt_guard() const;

  console_connector_type desc_;
  FreeString free_string_;
  bool cancel_on_interrupt_ = false;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_PLUGIN_CONNECTOR_TYPE_CLIENT_HPP
