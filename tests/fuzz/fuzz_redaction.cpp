// Fuzz target: the host's redaction of text it prints (plugin messages,
// error documents, URLs). It must finish in linear time on any input and
// never let a registered secret through unchanged.
#include <cstddef>
#include <cstdint>
#include <string>

#include "redaction.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static console_host::Redactor* redactor = [] {
    auto* r = new console_host::Redactor();
    r->add_secret("sim-consumer-secret");
    return r;
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string out = redactor->redact(text);
  // A registered secret never survives redaction.
  if (out.find("sim-consumer-secret") != std::string::npos) __builtin_trap();
  return 0;
}
