// Fuzz target: a stored connector's summary as `connector show` renders it
// and `--json` writes it. The rendering must stay linear in the input
// (nesting is bounded, deep levels go on one line); nothing may escape.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "json_document.hpp"
#include "wizard/wizard_runner.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  rapidjson::Document summary;
  if (!console_host::try_parse_json(summary, text)) return 0;
  std::ostringstream out;
  console_host::render_json_tree(out, summary, 4);
  // Every byte of input yields a bounded amount of output: indentation is
  // capped at 24 columns plus a line's own text.
  if (out.str().size() > 64 * (text.size() + 1)) __builtin_trap();
  (void)console_host::to_pretty_json(summary);
  return 0;
}
