// Fuzz target: the manifest reader must answer every input with a manifest or
// a (field, reason) problem, never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "loader/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  console_host::Manifest m;
  console_host::ManifestProblem p;
  const bool ok = console_host::parse_manifest(std::string(reinterpret_cast<const char*>(data), size), m, p);
  if (!ok && (p.field.empty() || p.reason.empty())) __builtin_trap();  // every refusal names field and reason
  if (ok && (m.id.empty() || m.types.empty() || m.library_sha256.size() != 64)) __builtin_trap();
  return 0;
}
