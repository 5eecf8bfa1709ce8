// Fuzz target: JSON bodies from Salesforce (token responses, REST and OAuth
// error documents). Malformed input becomes console::Error or "not an error
// document"; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "console_plugin/console_plugin.hpp"
#include "oauth_flow.h"
#include "salesforce_errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  try {
    salesforce::parse_token_response(body, true);
  } catch (const console::Error&) {
  }
  if (auto e = salesforce::find_salesforce_error(body)) {
    (void)salesforce::api_failure(400, *e).to_json();
  }
  (void)salesforce::parse_oauth_error(body);
  return 0;
}
