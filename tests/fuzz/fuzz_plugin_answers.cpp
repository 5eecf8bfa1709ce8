// Fuzz target: the Salesforce plugin's own validation of wizard answers (its
// check is the law). A session is opened with a fixed context and the input
// is submitted as the environment step's answers, then as a redirect. Each
// call answers with a step result or throws console::Error; nothing else may
// escape, and nothing reaches the network.
#include <cstddef>
#include <cstdint>
#include <string>

#include "console_plugin/console_plugin.hpp"
#include "salesforce_type.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static console::Host host(nullptr);
  static salesforce::SalesforceType type(host);
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string first;
  auto session = type.open(R"({"schema_version":1,"mode":"create","project":"p","connector_name":"c",)"
                           R"("redirect_uri":"http://127.0.0.1:1717/oauth/callback"})",
                           nullptr, first);
  try {
    const std::string result = session->submit("environment", text);
    if (result.find("\"status\"") == std::string::npos) __builtin_trap();
  } catch (const console::Error&) {
  }
  try {
    session->callback(text);
  } catch (const console::Error&) {
  }
  try {
    session->submit(text.substr(0, 16), "{}");
  } catch (const console::Error&) {
  }
  return 0;
}
