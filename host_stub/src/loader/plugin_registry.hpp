// plugin_registry.hpp -- finds, verifies, loads and keeps connector plugins.
//
// The registry reads every manifest under each plugin root
// (<root>/manifests/*.json), verifies the library's SHA-256 before any of its
// code runs, loads it with Boost.DLL (RTLD_LOCAL), negotiates the ABI version,
// lets the plugin register its connector types, and keeps every library
// mapped until the process exits (see the note on unloading below).
//
//   console_host::PluginRegistry registry(host_services_factory);
//   registry.load_roots({"/opt/console"});
//   for (auto& p : registry.plugins()) std::cout << p.id << "\n";
//   for (auto& r : registry.rejected()) std::cerr << r.path << ": " << r.field << ": " << r.reason << "\n";
//   const console_connector_type* sf = registry.find_type("salesforce");
//
// Unloading: the registry never closes a library. A plugin's function
// pointers, its static descriptors and the strings it registered point into
// its mapped code; so does the state of anything a plugin may have started
// (threads in libcurl, OpenSSL's atexit handlers). Keeping libraries mapped
// for the life of the process (as OBS and PostgreSQL do) makes every such
// pointer safe. shutdown() still runs each plugin's shutdown, which must free
// all the plugin created.
#ifndef CONSOLE_HOST_LOADER_PLUGIN_REGISTRY_HPP
#define CONSOLE_HOST_LOADER_PLUGIN_REGISTRY_HPP

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "console_plugin/console_plugin.h"
#include "loader/manifest.hpp"

namespace console_host {

// The ABI this host speaks (it speaks every older minor of the same major).
constexpr uint32_t kHostAbiMajor = CONSOLE_ABI_VERSION_MAJOR;
constexpr uint32_t kHostAbiMinor = CONSOLE_ABI_VERSION_MINOR;

// A plugin that loaded and registered its types.
struct LoadedPlugin {
  std::string id;
  std::string display_name;
  std::string version;
  std::string manifest_path;
  std::string library_path;
  uint32_t abi_major = 0;  // negotiated
  uint32_t abi_minor = 0;
  std::vector<std::string> type_ids;
  const console_plugin* table = nullptr;
};

// A manifest or library that was refused, and why.
struct Rejection {
  std::string path;    // the manifest (or library) at fault
  std::string field;   // the manifest field or load stage, e.g. "library.sha256", "entry"
  std::string reason;  // human text
};

// A registered connector type: a host-owned, zero-padded copy of what the
// plugin passed to register_type, plus the plugin that owns it.
struct RegisteredType {
  console_connector_type desc{};  // fields newer than this host are dropped
  const LoadedPlugin* plugin = nullptr;
};

// Host services given to each plugin. The factory is called once per plugin
// (with its id) and must return a table that lives as long as the registry.
using ServicesFactory = std::function<const console_host_services*(const std::string& plugin_id)>;

class PluginRegistry {
 public:
  explicit PluginRegistry(ServicesFactory services);
  ~PluginRegistry();  // calls shutdown()
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // Loads every manifest under <root>/manifests for each root. Never throws
  // for a bad plugin: it is recorded in rejected() and the others still load.
  void load_roots(const std::vector<std::string>& roots);

  const std::vector<std::unique_ptr<LoadedPlugin>>& plugins() const { return plugins_; }
  const std::vector<Rejection>& rejected() const { return rejected_; }

  // The type with this id, or nullptr.
  const RegisteredType* find_type(const std::string& type_id) const;
  std::vector<const RegisteredType*> types() const;

  // The plugin's free function for strings returned by `type`.
  void free_string(const RegisteredType& type, char* s) const;

  // Calls every plugin's shutdown (once). Libraries stay mapped.
  void shutdown();

 private:
  void load_one(const std::string& root, const std::string& manifest_path);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
  std::vector<Rejection> rejected_;
};

// The plugin roots: --plugin-path (colon-separated) if given, else
// $CONSOLE_PLUGIN_PATH, else the directory above the running binary.
std::vector<std::string> default_plugin_roots(const std::string& flag_value);

}  // namespace console_host

#endif  // CONSOLE_HOST_LOADER_PLUGIN_REGISTRY_HPP
