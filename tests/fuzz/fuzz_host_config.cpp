// Fuzz target: the host's configuration file, INI or JSON (chosen by the
// first byte), read from disk as the host reads it. Every input becomes a
// configuration or a HostError; nothing else may escape.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "host_config.hpp"
#include "host_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string base = "/tmp/fuzz_host_config_" + std::to_string(::getpid());
  const bool json = size > 0 && (data[0] & 1) != 0;
  const std::string path = base + (json ? ".json" : ".ini");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const console_host::HostConfig cfg = console_host::load_host_config(path);
    (void)cfg.config_json_for("salesforce", {"salesforce"});
    (void)cfg.secret_values();
  } catch (const console_host::HostError&) {
  }
  std::remove(path.c_str());
  return 0;
}
