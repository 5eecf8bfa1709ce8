// Fuzz target: the documents the Salesforce plugin reads from its host: the
// persisted connector state, the plugin configuration, and an action's
// parameters. Each becomes a value or console::Error; nothing else may
// escape, and nothing reaches the network (the action's state holds no
// authorization, so it stops after reading its parameters).
#include <cstddef>
#include <cstdint>
#include <string>

#include "connector_actions.h"
#include "connector_state.h"
#include "console_plugin/console_plugin.hpp"
#include "plugin_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const salesforce::ConnectorState s = salesforce::ConnectorState::from_json(text);
    // What the plugin writes back, it must read back the same.
    const std::string once = s.to_json();
    if (salesforce::ConnectorState::from_json(once).to_json() != once) __builtin_trap();
    (void)salesforce::installed_lines(s);
  } catch (const console::Error&) {
  }
  try {
    (void)salesforce::parse_plugin_config(text);
  } catch (const console::Error&) {
  }
  static console::Host host(nullptr);
  for (const char* action : {"plan", "install", "check"}) {
    try {
      (void)salesforce::run_connector_action(host, console::CallContext{}, "{}", action, text);
    } catch (const console::Error&) {
    }
  }
  return 0;
}
