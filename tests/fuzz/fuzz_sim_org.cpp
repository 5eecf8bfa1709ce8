// Fuzz target: sfsim's org file (--org). Every input becomes an org or an
// OrgLoadError naming the place; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "org_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  try {
    (void)sfsim::load_org_definition(json);
  } catch (const sfsim::OrgLoadError&) {
  }
  return 0;
}
