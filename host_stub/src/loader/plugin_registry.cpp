#include "loader/plugin_registry.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "console_plugin/input_bounds.hpp"
#include "loader/manifest.hpp"

namespace console_host {
namespace fs = std::filesystem;

namespace {

// Libraries are never closed (see plugin_registry.hpp). They live in this
// process-wide list, which is deliberately never destroyed: a static
// destructor would dlclose them while other statics may still point in.
std::vector<boost::dll::shared_library>& kept_libraries() {
  static auto* libs = new std::vector<boost::dll::shared_library>();
  return *libs;
}

// The smallest console_connector_type a plugin may register: every required
// callback of v1.0 (the last one is action_run).
constexpr size_t kMinTypeSize = offsetof(console_connector_type, action_run) + sizeof(void*);
constexpr size_t kMinPluginSize = offsetof(console_plugin, free_string) + sizeof(void*);

// Reads at most one byte more than a manifest may hold, so that
// parse_manifest reports an oversized file without the host reading it all.
std::string read_file(const fs::path& p, bool& ok) {
  std::ifstream in(p, std::ios::binary);
  ok = static_cast<bool>(in);
  std::string text(kMaxManifestBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

// The "message" member of a plugin's error document, or the raw text.
std::string error_message(const char* json) {
  if (!json) return "no error document";
  rapidjson::Document d;
  const std::string text(json);
  const bool parsed = !console::bounds::json_depth_exceeds(text, console::bounds::kMaxJsonDepth) &&
                      !d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size()).HasParseError();
  if (parsed && d.IsObject() && d.HasMember("message") && d["message"].IsString()) {
    std::string code = d.HasMember("code") && d["code"].IsString() ? d["code"].GetString() : "";
    return (code.empty() ? "" : code + ": ") + d["message"].GetString();
  }
  return console::bounds::truncate_for_display(json, 1000);
}

}  // namespace

struct PluginRegistry::Impl {
  ServicesFactory services;
  std::map<std::string, std::unique_ptr<RegisteredType>> types;
  std::map<std::string, std::string> type_owner_manifest;  // type id -> manifest path
  std::map<std::string, std::string> plugin_manifest;      // plugin id -> manifest path
  bool shut_down = false;

  // Registration context while one plugin's init runs.
  struct Pending {
    Impl* impl = nullptr;
    const Manifest* manifest = nullptr;
    LoadedPlugin* plugin = nullptr;
    std::vector<std::unique_ptr<RegisteredType>> types;
    std::vector<std::string> problems;
    bool open = false;
  };

  static console_status register_type(void* host_data, const console_connector_type* t, uint32_t size);
};

console_status PluginRegistry::Impl::register_type(void* host_data, const console_connector_type* t, uint32_t size) {
  auto* pending = static_cast<Pending*>(host_data);
  if (!pending || !pending->open) return CONSOLE_MISUSE;  // only during init
  if (!t) {
    pending->problems.push_back("register_type was given a NULL descriptor");
    return CONSOLE_ERROR;
  }
  if (size < kMinTypeSize || t->struct_size < kMinTypeSize) {
    pending->problems.push_back("connector type descriptor is " + std::to_string(size) + " bytes; at least " +
                                std::to_string(kMinTypeSize) + " are required");
    return CONSOLE_ERROR;
  }
  // Copy what we were given into zeroed host memory: fields newer than this
  // host are dropped, fields the plugin did not know read as NULL.
  auto reg = std::make_unique<RegisteredType>();
  std::memcpy(&reg->desc, t, std::min<size_t>(size, sizeof(console_connector_type)));
  reg->desc.struct_size = static_cast<uint32_t>(std::min<size_t>(size, sizeof(console_connector_type)));
  const auto& d = reg->desc;

  struct Required {
    const char* name;
    bool present;
  };
  const Required required[] = {
      {"type_id", d.type_id != nullptr},
      {"display_name", d.display_name != nullptr},
      {"describe", d.describe != nullptr},
      {"session_open", d.session_open != nullptr},
      {"session_submit", d.session_submit != nullptr},
      {"session_callback", d.session_callback != nullptr},
      {"session_result", d.session_result != nullptr},
      {"session_close", d.session_close != nullptr},
      {"action_run", d.action_run != nullptr},
  };
  for (const auto& r : required) {
    if (!r.present) {
      pending->problems.push_back(std::string("connector type '") + (d.type_id ? d.type_id : "?") +
                                  "' is missing required member '" + r.name + "'");
      return CONSOLE_ERROR;
    }
  }
  const std::string id = d.type_id;
  const auto& declared = pending->manifest->types;
  if (std::find(declared.begin(), declared.end(), id) == declared.end()) {
    pending->problems.push_back("connector type '" + id + "' is not declared in the manifest's types");
    return CONSOLE_ERROR;
  }
  for (const auto& other : pending->types) {
    if (id == other->desc.type_id) {
      pending->problems.push_back("connector type '" + id + "' was registered twice");
      return CONSOLE_ERROR;
    }
  }
  if (pending->impl->types.count(id)) {
    pending->problems.push_back("connector type '" + id + "' is already provided by plugin '" +
                                pending->impl->types.at(id)->plugin->id + "'");
    return CONSOLE_ERROR;
  }
  reg->plugin = pending->plugin;
  pending->types.push_back(std::move(reg));
  return CONSOLE_OK;
}

PluginRegistry::PluginRegistry(ServicesFactory services) : impl_(std::make_unique<Impl>()) {
  impl_->services = std::move(services);
}

PluginRegistry::~PluginRegistry() { shutdown(); }

void PluginRegistry::load_roots(const std::vector<std::string>& roots) {
  for (const auto& root : roots) {
    const fs::path manifest_dir = fs::path(root) / "manifests";
    std::error_code ec;
    if (!fs::is_directory(manifest_dir, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(manifest_dir, ec)) {
      if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());  // deterministic: first one wins a duplicate
    for (const auto& file : files) load_one(root, file.string());
  }
}

void PluginRegistry::load_one(const std::string& root, const std::string& manifest_path) {
  auto reject = [&](const std::string& field, const std::string& reason) {
    rejected_.push_back({manifest_path, field, reason});
  };

  bool ok = false;
  const std::string text = read_file(manifest_path, ok);
  if (!ok) return reject("(file)", "cannot read the manifest");
  Manifest m;
  ManifestProblem problem;
  if (!parse_manifest(text, m, problem)) return reject(problem.field, problem.reason);

  if (auto it = impl_->plugin_manifest.find(m.id); it != impl_->plugin_manifest.end()) {
    return reject("plugin.id", "duplicate plugin id '" + m.id + "' (already loaded from " + it->second + ")");
  }
  for (const auto& t : m.types) {
    if (auto it = impl_->type_owner_manifest.find(t); it != impl_->type_owner_manifest.end()) {
      return reject("types", "duplicate connector type '" + t + "' (already provided by " + it->second + ")");
    }
  }
  const std::string host_version = std::to_string(kHostAbiMajor) + "." + std::to_string(kHostAbiMinor);
  if (m.abi_major != kHostAbiMajor || m.abi_min_minor > kHostAbiMinor) {
    return reject("abi", "plugin needs ABI " + std::to_string(m.abi_major) + "." + std::to_string(m.abi_min_minor) +
                             " or a newer minor, but this host speaks ABI " + host_version);
  }

  const fs::path lib_path = fs::path(root) / "plugins" / m.library_file;
  std::error_code ec;
  if (!fs::is_regular_file(lib_path, ec)) {
    return reject("library.file", "library not found: " + lib_path.string());
  }
  const std::string actual = file_sha256(lib_path.string());
  if (actual.empty()) return reject("library.file", "cannot read library " + lib_path.string());
  if (actual != m.library_sha256) {
    return reject("library.sha256", "checksum mismatch for " + lib_path.string() + ": manifest says " +
                                        m.library_sha256 + ", the file's SHA-256 is " + actual);
  }

  boost::dll::shared_library lib;
  boost::dll::fs::error_code load_ec;
  lib.load(lib_path, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now, load_ec);
  if (load_ec || !lib.is_loaded()) {
    return reject("library.file", "cannot load " + lib_path.string() + ": " + load_ec.message());
  }
  // From here on the library's code may have run (static constructors), so
  // it is kept mapped whatever happens next.
  kept_libraries().push_back(lib);

  if (!lib.has(CONSOLE_PLUGIN_ENTRY_SYMBOL)) {
    return reject("entry", lib_path.string() + " has no '" CONSOLE_PLUGIN_ENTRY_SYMBOL "' symbol");
  }
  auto entry = lib.get<console_plugin_entry_fn>(CONSOLE_PLUGIN_ENTRY_SYMBOL);
  if (!entry) return reject("entry", "'" CONSOLE_PLUGIN_ENTRY_SYMBOL "' is NULL");

  console_negotiation n{};
  n.struct_size = sizeof n;
  n.host_abi_major = kHostAbiMajor;
  n.host_abi_minor = kHostAbiMinor;
  const console_plugin* table = entry(&n);
  n.refusal[sizeof n.refusal - 1] = '\0';
  if (!table) {
    return reject("entry", n.refusal[0] ? std::string("plugin refused to load: ") + n.refusal
                                        : std::string("entry point returned no plugin table (no reason given)"));
  }
  if (table->struct_size < kMinPluginSize || !table->init || !table->shutdown || !table->free_string) {
    return reject("entry", "plugin table is incomplete (struct_size " + std::to_string(table->struct_size) +
                               ", init/shutdown/free_string required)");
  }
  if (n.chosen_abi_major != kHostAbiMajor || n.chosen_abi_minor > kHostAbiMinor) {
    return reject("abi", "plugin chose ABI " + std::to_string(n.chosen_abi_major) + "." +
                             std::to_string(n.chosen_abi_minor) + " but this host speaks ABI " + host_version);
  }
  if (!table->plugin_id || m.id != table->plugin_id) {
    return reject("plugin.id", "manifest says '" + m.id + "' but the library calls itself '" +
                                   std::string(table->plugin_id ? table->plugin_id : "") + "'");
  }
  if (!table->plugin_version || m.version != table->plugin_version) {
    return reject("plugin.version", "manifest says '" + m.version + "' but the library is version '" +
                                        std::string(table->plugin_version ? table->plugin_version : "") + "'");
  }

  auto plugin = std::make_unique<LoadedPlugin>();
  plugin->id = m.id;
  plugin->display_name = m.display_name;
  plugin->version = m.version;
  plugin->manifest_path = manifest_path;
  plugin->library_path = lib_path.string();
  plugin->abi_major = n.chosen_abi_major;
  plugin->abi_minor = n.chosen_abi_minor;
  plugin->table = table;

  Impl::Pending pending;
  pending.impl = impl_.get();
  pending.manifest = &m;
  pending.plugin = plugin.get();
  pending.open = true;
  console_registrar registrar{};
  registrar.struct_size = sizeof registrar;
  registrar.host_data = &pending;
  registrar.register_type = &Impl::register_type;

  const console_host_services* services = impl_->services ? impl_->services(m.id) : nullptr;
  static const console_host_services no_services = {
      sizeof(console_host_services), 0, nullptr, nullptr, nullptr, nullptr, "{}", nullptr};
  char* err = nullptr;
  const console_status st = table->init(services ? services : &no_services, &registrar, &err);
  pending.open = false;
  // A refused registration is the more precise story when init then fails.
  if (!pending.problems.empty()) {
    table->free_string(err);
    table->shutdown();
    return reject("types", pending.problems.front());
  }
  if (st != CONSOLE_OK) {
    std::string msg = error_message(err);
    table->free_string(err);
    table->shutdown();
    return reject("init", "plugin init failed: " + msg);
  }
  table->free_string(err);
  for (const auto& declared : m.types) {
    bool found = std::any_of(pending.types.begin(), pending.types.end(),
                             [&](const auto& t) { return declared == t->desc.type_id; });
    if (!found) {
      table->shutdown();
      return reject("types", "manifest declares connector type '" + declared + "' but the plugin did not register it");
    }
  }

  for (auto& t : pending.types) {
    plugin->type_ids.push_back(t->desc.type_id);
    impl_->type_owner_manifest[t->desc.type_id] = manifest_path;
    impl_->types[t->desc.type_id] = std::move(t);
  }
  impl_->plugin_manifest[m.id] = manifest_path;
  plugins_.push_back(std::move(plugin));
}

const RegisteredType* PluginRegistry::find_type(const std::string& type_id) const {
  auto it = impl_->types.find(type_id);
  return it == impl_->types.end() ? nullptr : it->second.get();
}

std::vector<const RegisteredType*> PluginRegistry::types() const {
  std::vector<const RegisteredType*> out;
  for (const auto& [id, t] : impl_->types) out.push_back(t.get());
  return out;
}

void PluginRegistry::free_string(const RegisteredType& type, char* s) const {
  if (s && type.plugin && type.plugin->table) type.plugin->table->free_string(s);
}

void PluginRegistry::shutdown() {
  if (!impl_ || impl_->shut_down) return;
  impl_->shut_down = true;
  for (auto& p : plugins_) {
    if (p->table) p->table->shutdown();
  }
}

std::vector<std::string> default_plugin_roots(const std::string& flag_value) {
  std::string spec = flag_value;
  if (spec.empty()) {
    if (const char* env = std::getenv("CONSOLE_PLUGIN_PATH")) spec = env;
  }
  std::vector<std::string> roots;
  if (!spec.empty()) {
    std::stringstream ss(spec);
    std::string part;
    while (std::getline(ss, part, ':')) {
      if (!part.empty()) roots.push_back(part);
    }
    return roots;
  }
  roots.push_back(boost::dll::program_location().parent_path().parent_path().string());
  return roots;
}

}  // namespace console_host
