// Fuzz target: the OAuth redirect the browser brings back is outside input.
// Every input is either parsed or refused with console::Error; nothing else
// may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "console_plugin/console_plugin.hpp"
#include "oauth_flow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  try {
    salesforce::RedirectParams p = salesforce::parse_redirect(url, "http://127.0.0.1:1717/oauth/callback");
    if (p.code.empty() && p.error.empty()) {
      // An accepted redirect carries a code or an error, never neither.
      __builtin_trap();
    }
  } catch (const console::Error&) {
  }
  return 0;
}
