// Fuzz target: the documents the host reads from a plugin: step results and
// action results (with their state, summary and status), error documents
// (with detail), and the wizard schema. Every input becomes a change to
// persist, an error to show or a HostError; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "host_error.hpp"
#include "json_document.hpp"
#include "store/leased_action.hpp"
#include "wizard/schema.hpp"
#include "wizard/wizard_runner.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (bool is_error : {false, true}) {
    const console_host::ConnectorChange change = console_host::change_from_plugin_document(text, is_error);
    const console_host::ConnectorChange expected = console_host::change_by_parsing(text, is_error);
    if (change.status != expected.status) __builtin_trap();
    // What is persisted must itself read back as a JSON object, the one a
    // parsed document finds.
    for (const auto& [json, want] : {std::pair{&change.state_json, &expected.state_json},
                                     std::pair{&change.summary_json, &expected.summary_json}}) {
      if (json->has_value() != want->has_value()) __builtin_trap();
      if (!*json) continue;
      rapidjson::Document d;
      if (!console_host::try_parse_json(d, **json) || !d.IsObject()) __builtin_trap();
      if (console_host::to_json(d) != **want) __builtin_trap();
    }
  }
  rapidjson::Document d;
  if (console_host::try_parse_json(d, text) && d.IsObject()) {
    (void)console_host::json_string(d, "status");
    if (const auto* display = console_host::json_member(d, "display")) {
      std::ostringstream out;
      console_host::render_json_tree(out, *display, 2);
    }
  }
  try {
    console_host::parse_wizard_schema(text);
  } catch (const console_host::HostError&) {
  }
  return 0;
}
