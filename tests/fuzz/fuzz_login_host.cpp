// Fuzz target: the custom domain an admin types. Whatever is accepted must be
// an https URL unless the loopback development setting is on; whatever is
// refused must say why.
#include <cstddef>
#include <cstdint>
#include <string>

#include "console_plugin/console_plugin.hpp"
#include "login_host.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  for (salesforce::Environment env :
       {salesforce::Environment::kCustom, salesforce::Environment::kProduction, salesforce::Environment::kTest}) {
    for (bool loopback : {false, true}) {
      salesforce::LoginHost h = salesforce::resolve_login_host(env, input, loopback);
      if (!h.ok && h.error.empty()) __builtin_trap();
      if (h.ok && !loopback && h.url.rfind("https://", 0) != 0) __builtin_trap();
      if (h.ok && h.url.find_first_of(" \t\r\n?#@") != std::string::npos) __builtin_trap();
    }
  }
  return 0;
}
