// Fuzz target: the host's configuration file, INI or JSON (chosen by the
// first byte), read from disk as the host reads it. Every input becomes a
// configuration or a HostError; nothing else may escape.
#include <sys/stat.h>
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
  ::chmod(path.c_str(), 0600);  // private, as a file holding a secret must be
  try {
    const console_host::HostConfig cfg = console_host::load_host_config(path);
    (void)cfg.config_json_for("salesforce", {"salesforce"});
    (void)cfg.secret_values();
    (void)console_host::unknown_plugin_key_warnings(
        cfg, {{"salesforce", {"salesforce"}, std::vector<std::string>{"client_id", "client_secret"}}});
  } catch (const console_host::HostError&) {
  }
  std::remove(path.c_str());
  return 0;
}
