// Fuzz target: the callback listener's reading of a request target (the
// first line is the target, the second the state the wizard expects), and
// the query-parameter reader the wizard uses on the authorize URL. Every
// input is classified; nothing may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "oauth/callback_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const size_t nl = text.find('\n');
  const std::string target = text.substr(0, nl);
  const std::string state = nl == std::string::npos ? std::string() : text.substr(nl + 1);
  const auto kind = console_host::classify_callback_target(target, "/OauthRedirect", state);
  // A redirect accepted against a state really carries that state.
  if (kind == console_host::CallbackTarget::kRedirect && !state.empty() &&
      console_host::query_parameter(target, "state") != state)
    __builtin_trap();
  (void)console_host::query_parameter(text, "code");
  return 0;
}
