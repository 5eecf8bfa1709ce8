#include "store/data_paths.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "host_error.hpp"

namespace console_host {
namespace {

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

std::string home() {
  std::string h = env_or_empty("HOME");
  return h.empty() ? std::string(".") : h;
}

}  // namespace

std::string default_store_path(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  std::string env = env_or_empty("CONSOLE_HOST_STORE");
  if (!env.empty()) return env;
  std::string data = env_or_empty("XDG_DATA_HOME");
  if (data.empty()) data = home() + "/.local/share";
  return data + "/console-host/console.db";
}

std::string key_path_for_store(const std::string& store_path) { return store_path + ".key"; }

std::string default_config_path(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  std::string env = env_or_empty("CONSOLE_HOST_CONFIG");
  if (!env.empty()) return env;
  std::string cfg = env_or_empty("XDG_CONFIG_HOME");
  if (cfg.empty()) cfg = home() + "/.config";
  std::string path = cfg + "/console-host/config.ini";
  std::error_code ec;
  return std::filesystem::exists(path, ec) ? path : std::string();
}

void ensure_parent_directory(const std::string& file_path) {
  std::filesystem::path parent = std::filesystem::path(file_path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  if (std::filesystem::exists(parent, ec)) return;
  std::filesystem::create_directories(parent, ec);
  if (ec) throw HostError(ExitCode::kStore, "cannot create directory " + parent.string() + ": " + ec.message());
  std::filesystem::permissions(parent, std::filesystem::perms::owner_all, ec);
}

}  // namespace console_host
