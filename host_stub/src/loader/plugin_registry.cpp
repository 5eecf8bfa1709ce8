#include "loader/plugin_registry.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <array>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
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

std::string host_abi_version() { return std::to_string(kHostAbiMajor) + "." + std::to_string(kHostAbiMinor); }

// Reads at most one byte more than a manifest may hold, so that
// parse_manifest reports an oversized file without the host reading it all.
// In small chunks: a manifest is a few hundred bytes, and zero-filling a
// buffer of the limit (1 MiB, fresh pages from mmap) cost more than the read.
std::string read_file(const fs::path& p, bool& ok) {
  std::ifstream in(p, std::ios::binary);
  ok = static_cast<bool>(in);
  std::string text;
  std::array<char, 4096> chunk;
  while (in && text.size() <= kMaxManifestBytes) {
    const auto want = std::min(chunk.size(), kMaxManifestBytes + 1 - text.size());
    in.read(chunk.data(), static_cast<std::streamsize>(want));
    text.append(chunk.data(), static_cast<size_t>(in.gcount()));
  }
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

// One manifest on its way through the four stages of a load. Each stage
// either fills what the next needs or answers the rejection that stops it.
struct LoadAttempt {
  std::string root;
  std::string manifest_path;
  Manifest manifest;
  fs::path lib_path;
  const console_plugin* table = nullptr;
  uint32_t abi_major = 0;  // negotiated
  uint32_t abi_minor = 0;

  Rejection reject(const std::string& field, const std::string& reason) const { return {manifest_path, field, reason}; }
};

using Stage = std::optional<Rejection>;  // nullopt: the stage passed

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

  // The four stages of PluginRegistry::load_one.
  Stage read_manifest(LoadAttempt& a) const;
  static Stage verify_library(LoadAttempt& a);
  static Stage load_and_negotiate(LoadAttempt& a);
  Stage init_and_register(LoadAttempt& a, std::unique_ptr<LoadedPlugin>& loaded);

  // console_registrar.register_type: a C callback, so nothing escapes it.
  static console_status register_type(void* host_data, const console_connector_type* t, uint32_t size) noexcept;
  static console_status register_type_checked(Pending& pending, const console_connector_type* t, uint32_t size);
};

console_status PluginRegistry::Impl::register_type(void* host_data, const console_connector_type* t,
                                                   uint32_t size) noexcept {
  auto* pending = static_cast<Pending*>(host_data);
  if (!pending || !pending->open) return CONSOLE_MISUSE;  // only during init
  try {
    return register_type_checked(*pending, t, size);
  } catch (const std::exception& e) {
    try {
      pending->problems.push_back(std::string("the host failed to register a connector type: ") + e.what());
    } catch (...) {
    }
  } catch (...) {
    try {
      pending->problems.emplace_back("the host failed to register a connector type");
    } catch (...) {
    }
  }
  // Even when the reason could not be recorded the type is not stored, so
  // the plugin is refused ("did not register it").
  return CONSOLE_ERROR;
}

console_status PluginRegistry::Impl::register_type_checked(Pending& pending, const console_connector_type* t,
                                                           uint32_t size) {
  if (!t) {
    pending.problems.push_back("register_type was given a NULL descriptor");
    return CONSOLE_ERROR;
  }
  if (size < kMinTypeSize || t->struct_size < kMinTypeSize) {
    pending.problems.push_back("connector type descriptor is " + std::to_string(size) + " bytes; at least " +
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
      pending.problems.push_back(std::string("connector type '") + (d.type_id ? d.type_id : "?") +
                                 "' is missing required member '" + r.name + "'");
      return CONSOLE_ERROR;
    }
  }
  const std::string id = d.type_id;
  const auto& declared = pending.manifest->types;
  if (std::find(declared.begin(), declared.end(), id) == declared.end()) {
    pending.problems.push_back("connector type '" + id + "' is not declared in the manifest's types");
    return CONSOLE_ERROR;
  }
  for (const auto& other : pending.types) {
    if (id == other->desc.type_id) {
      pending.problems.push_back("connector type '" + id + "' was registered twice");
      return CONSOLE_ERROR;
    }
  }
  reg->plugin = pending.plugin;
  pending.types.push_back(std::move(reg));
  return CONSOLE_OK;
}

// Stage 1: the manifest is read and parsed, and nothing it claims collides
// with what is loaded or lies outside the ABI this host speaks.
Stage PluginRegistry::Impl::read_manifest(LoadAttempt& a) const {
  bool ok = false;
  const std::string text = read_file(a.manifest_path, ok);
  if (!ok) return a.reject("(file)", "cannot read the manifest");
  ManifestProblem problem;
  if (!parse_manifest(text, a.manifest, problem)) return a.reject(problem.field, problem.reason);
  const Manifest& m = a.manifest;
  if (auto it = plugin_manifest.find(m.id); it != plugin_manifest.end()) {
    return a.reject("plugin.id", "duplicate plugin id '" + m.id + "' (already loaded from " + it->second + ")");
  }
  for (const auto& t : m.types) {
    if (auto it = type_owner_manifest.find(t); it != type_owner_manifest.end()) {
      return a.reject("types", "duplicate connector type '" + t + "' (already provided by " + it->second + ")");
    }
  }
  if (m.abi_major != kHostAbiMajor || m.abi_min_minor > kHostAbiMinor) {
    return a.reject("abi", "plugin needs ABI " + std::to_string(m.abi_major) + "." + std::to_string(m.abi_min_minor) +
                               " or a newer minor, but this host speaks ABI " + host_abi_version());
  }
  return std::nullopt;
}

// Stage 2: the library exists and is the one the manifest names by SHA-256,
// checked before any of its code runs.
Stage PluginRegistry::Impl::verify_library(LoadAttempt& a) {
  a.lib_path = fs::path(a.root) / "plugins" / a.manifest.library_file;
  const std::string lib = a.lib_path.string();
  std::error_code ec;
  if (!fs::is_regular_file(a.lib_path, ec)) return a.reject("library.file", "library not found: " + lib);
  const std::string actual = file_sha256(lib);
  if (actual.empty()) return a.reject("library.file", "cannot read library " + lib);
  if (actual != a.manifest.library_sha256) {
    return a.reject("library.sha256", "checksum mismatch for " + lib + ": manifest says " + a.manifest.library_sha256 +
                                          ", the file's SHA-256 is " + actual);
  }
  return std::nullopt;
}

// Stage 3: the library is mapped (and kept: its code may have run), its
// entry point found and called, and the table and version it answers are
// checked against the manifest and this host.
Stage PluginRegistry::Impl::load_and_negotiate(LoadAttempt& a) {
  const std::string lib_name = a.lib_path.string();
  boost::dll::shared_library lib;
  boost::dll::fs::error_code load_ec;
  lib.load(a.lib_path, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now, load_ec);
  if (load_ec || !lib.is_loaded()) {
    return a.reject("library.file", "cannot load " + lib_name + ": " + load_ec.message());
  }
  // From here on the library's code may have run (static constructors), so
  // it is kept mapped whatever happens next.
  kept_libraries().push_back(lib);

  if (!lib.has(CONSOLE_PLUGIN_ENTRY_SYMBOL)) {
    return a.reject("entry", lib_name + " has no '" CONSOLE_PLUGIN_ENTRY_SYMBOL "' symbol");
  }
  auto entry = lib.get<console_plugin_entry_fn>(CONSOLE_PLUGIN_ENTRY_SYMBOL);
  if (!entry) return a.reject("entry", "'" CONSOLE_PLUGIN_ENTRY_SYMBOL "' is NULL");

  console_negotiation n{};
  n.struct_size = sizeof n;
  n.host_abi_major = kHostAbiMajor;
  n.host_abi_minor = kHostAbiMinor;
  const console_plugin* table = entry(&n);
  n.refusal[sizeof n.refusal - 1] = '\0';
  if (!table) {
    return a.reject("entry", n.refusal[0] ? std::string("plugin refused to load: ") + n.refusal
                                          : std::string("entry point returned no plugin table (no reason given)"));
  }
  if (table->struct_size < kMinPluginSize || !table->init || !table->shutdown || !table->free_string) {
    return a.reject("entry", "plugin table is incomplete (struct_size " + std::to_string(table->struct_size) +
                                 ", init/shutdown/free_string required)");
  }
  if (n.chosen_abi_major != kHostAbiMajor || n.chosen_abi_minor > kHostAbiMinor) {
    return a.reject("abi", "plugin chose ABI " + std::to_string(n.chosen_abi_major) + "." +
                               std::to_string(n.chosen_abi_minor) + " but this host speaks ABI " + host_abi_version());
  }
  const Manifest& m = a.manifest;
  if (!table->plugin_id || m.id != table->plugin_id) {
    return a.reject("plugin.id", "manifest says '" + m.id + "' but the library calls itself '" +
                                     std::string(table->plugin_id ? table->plugin_id : "") + "'");
  }
  if (!table->plugin_version || m.version != table->plugin_version) {
    return a.reject("plugin.version", "manifest says '" + m.version + "' but the library is version '" +
                                          std::string(table->plugin_version ? table->plugin_version : "") + "'");
  }
  a.table = table;
  a.abi_major = n.chosen_abi_major;
  a.abi_minor = n.chosen_abi_minor;
  return std::nullopt;
}

// Stage 4: init runs with the registrar open, and exactly the types the
// manifest declares get registered. On success `loaded` is the plugin and
// its types are in the registry.
Stage PluginRegistry::Impl::init_and_register(LoadAttempt& a, std::unique_ptr<LoadedPlugin>& loaded) {
  const Manifest& m = a.manifest;
  const console_plugin* table = a.table;
  auto plugin = std::make_unique<LoadedPlugin>();
  plugin->id = m.id;
  plugin->display_name = m.display_name;
  plugin->version = m.version;
  plugin->manifest_path = a.manifest_path;
  plugin->library_path = a.lib_path.string();
  plugin->abi_major = a.abi_major;
  plugin->abi_minor = a.abi_minor;
  plugin->table = table;

  Pending pending;
  pending.impl = this;
  pending.manifest = &m;
  pending.plugin = plugin.get();
  pending.open = true;
  console_registrar registrar{};
  registrar.struct_size = sizeof registrar;
  registrar.host_data = &pending;
  registrar.register_type = &Impl::register_type;

  const console_host_services* table_services = services ? services(m.id) : nullptr;
  static const console_host_services no_services = {
      sizeof(console_host_services), 0, nullptr, nullptr, nullptr, nullptr, "{}", nullptr};
  char* err = nullptr;
  const console_status st = table->init(table_services ? table_services : &no_services, &registrar, &err);
  pending.open = false;
  // A refused registration is the more precise story when init then fails.
  if (!pending.problems.empty()) {
    table->free_string(err);
    table->shutdown();
    return a.reject("types", pending.problems.front());
  }
  if (st != CONSOLE_OK) {
    std::string msg = error_message(err);
    table->free_string(err);
    table->shutdown();
    return a.reject("init", "plugin init failed: " + msg);
  }
  table->free_string(err);
  for (const auto& declared : m.types) {
    bool found = std::any_of(pending.types.begin(), pending.types.end(),
                             [&](const auto& t) { return declared == t->desc.type_id; });
    if (!found) {
      table->shutdown();
      return a.reject("types",
                      "manifest declares connector type '" + declared + "' but the plugin did not register it");
    }
  }
  for (auto& t : pending.types) {
    plugin->type_ids.push_back(t->desc.type_id);
    type_owner_manifest[t->desc.type_id] = a.manifest_path;
    types[t->desc.type_id] = std::move(t);
  }
  plugin_manifest[m.id] = a.manifest_path;
  loaded = std::move(plugin);
  return std::nullopt;
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

// The stages in order; the first that rejects stops the load.
void PluginRegistry::load_one(const std::string& root, const std::string& manifest_path) {
  LoadAttempt a;
  a.root = root;
  a.manifest_path = manifest_path;
  std::unique_ptr<LoadedPlugin> loaded;
  Stage stop = impl_->read_manifest(a);
  if (!stop) stop = Impl::verify_library(a);
  if (!stop) stop = Impl::load_and_negotiate(a);
  if (!stop) stop = impl_->init_and_register(a, loaded);
  if (stop) {
    rejected_.push_back(std::move(*stop));
    return;
  }
  plugins_.push_back(std::move(loaded));
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
