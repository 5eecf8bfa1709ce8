/* Exposes every v1 ABI type through one exported function, so libabigail's
 * abidw/abidiff see their exact layouts. The ABI gate compares this library
 * with the committed baseline (plugin_api/abi/console_plugin_abi.xml). The
 * static asserts pin the v1 layout on this platform: a failing one means a
 * field was moved, resized or inserted instead of appended. */
#include <stddef.h>

#include "console_plugin/console_plugin.h"

#ifndef CONSOLE_ABI_PROBE_NO_LAYOUT_ASSERTS /* only the ABI gate's own self-test turns them off */
_Static_assert(sizeof(console_status) == 4, "console_status is int32_t");
_Static_assert(offsetof(console_host_services, host_data) == 8, "host_services layout");
_Static_assert(offsetof(console_host_services, config_json) == 40, "host_services layout");
_Static_assert(sizeof(console_host_services) == 56, "host_services v1.1 size");
_Static_assert(offsetof(console_host_services, is_cancelled) == 48, "host_services v1.1 layout");
_Static_assert(offsetof(console_connector_type, type_id) == 8, "connector_type layout");
_Static_assert(offsetof(console_connector_type, describe) == 32, "connector_type layout");
_Static_assert(offsetof(console_connector_type, action_run) == 80, "connector_type layout");
_Static_assert(sizeof(console_connector_type) == 88, "connector_type v1.0 size");
_Static_assert(sizeof(console_registrar) == 24, "registrar v1.0 size");
_Static_assert(offsetof(console_plugin, plugin_id) == 16, "plugin layout");
_Static_assert(offsetof(console_plugin, free_string) == 48, "plugin layout");
_Static_assert(sizeof(console_plugin) == 56, "plugin v1.0 size");
_Static_assert(offsetof(console_negotiation, refusal) == 24, "negotiation layout");
_Static_assert(sizeof(console_negotiation) == 536, "negotiation v1.0 size");
#endif

typedef struct console_abi_v1 {
  console_host_services* services;
  console_connector_type* type;
  console_registrar* registrar;
  console_plugin* plugin;
  console_negotiation* negotiation;
  console_plugin_entry_fn entry;
  console_session* session;
} console_abi_v1;

__attribute__((visibility("default"))) size_t console_abi_probe_v1(const console_abi_v1* abi) {
  return abi == NULL ? 0 : sizeof *abi;
}
