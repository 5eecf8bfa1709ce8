#include "cli/cli_context.hpp"

#include <ctime>
#include <filesystem>
#include <iostream>

#include "host_error.hpp"
#include "store/data_paths.hpp"
#include "store/lease_owner.hpp"
#include "wizard/display_text.hpp"

namespace console_host {

namespace po = boost::program_options;

void add_global_options(po::options_description& desc, GlobalOptions& g) {
  desc.add_options()("help,h", "show this help")(
      "json", po::bool_switch(&g.json), "write the result as JSON on stdout (people-facing text goes to stderr)")(
      "store", po::value(&g.store),
      "the store file (default $CONSOLE_HOST_STORE, else ~/.local/share/console-host/console.db)")(
      "config", po::value(&g.config),
      "the host configuration file (default $CONSOLE_HOST_CONFIG, else ~/.config/console-host/config.ini)")(
      "plugin-path", po::value(&g.plugin_path),
      "plugin roots, colon-separated (default $CONSOLE_PLUGIN_PATH, else the folder above the binary)")(
      "verbose,v", po::bool_switch(&g.verbose), "log plugin and host details to stderr");
}

bool parse_command(const std::vector<std::string>& args, const std::string& usage, po::options_description& desc,
                   const po::positional_options_description* positional) {
  po::variables_map vm;
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (positional != nullptr)
      parser.positional(*positional);
    else
      parser.positional(po::positional_options_description());
    po::store(parser.run(), vm);
    if (vm.count("help") != 0) {
      std::cout << "usage: " << usage << "\n\n" << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    // The command's name: the usage's words before its first option.
    std::string name;
    std::istringstream words(usage);
    for (std::string w; words >> w && w[0] != '-' && w[0] != '[' && w[0] != '(';) name += (name.empty() ? "" : " ") + w;
    throw HostError(ExitCode::kUsage, e.what(), "see `" + name + " --help`");
  }
  return true;
}

// The configuration is read by every command, so a file that must be
// refused (a readable secret) or warned about (an unknown key) always is.
CliContext::CliContext(GlobalOptions g) : g_(std::move(g)) { config(); }

CliContext::~CliContext() {
  if (registry_) registry_->shutdown();
}

std::ostream& CliContext::human() { return g_.json ? std::cerr : std::cout; }

const HostConfig& CliContext::config() {
  if (!config_) {
    config_ = std::make_unique<HostConfig>(load_host_config(default_config_path(g_.config)));
    for (const auto& w : config_->warnings) std::cerr << "warning: " << w << "\n";
  }
  return *config_;
}

HostServices& CliContext::services() {
  if (!services_) {
    services_ = std::make_unique<HostServices>(config(), redactor_);
    if (g_.verbose) services_->set_log_threshold(CONSOLE_LOG_INFO);
  }
  return *services_;
}

PluginRegistry& CliContext::registry() {
  if (!registry_) {
    HostServices& s = services();
    registry_ = std::make_unique<PluginRegistry>([&s](const std::string& id) { return s.table_for(id); });
    registry_->load_roots(default_plugin_roots(g_.plugin_path));
    if (g_.verbose) {
      for (const auto& r : registry_->rejected())
        std::cerr << "warning: plugin refused: " << r.path << ": " << r.field << ": " << r.reason << "\n";
    }
    warn_unknown_plugin_keys();
  }
  return *registry_;
}

// Each plugin's sections against the keys its types declare: said once, when
// the plugins are loaded (the plugins themselves ignore keys they do not read).
void CliContext::warn_unknown_plugin_keys() {
  const HostConfig& cfg = config();
  if (cfg.path.empty()) return;
  std::vector<PluginConfigKeys> plugins;
  for (const auto& p : registry_->plugins()) {
    PluginConfigKeys keys{p->id, p->type_ids, std::vector<std::string>{}};
    for (const auto& type_id : p->type_ids) {
      const RegisteredType* t = registry_->find_type(type_id);
      std::optional<std::vector<std::string>> declared;
      try {
        if (t != nullptr) declared = parse_wizard_schema(client(*t)->describe()).config_keys;
      } catch (const std::exception&) {
        // A schema that cannot be read is reported by the command that needs it.
      }
      if (!declared) {
        keys.keys = std::nullopt;
        break;
      }
      keys.keys->insert(keys.keys->end(), declared->begin(), declared->end());
    }
    plugins.push_back(std::move(keys));
  }
  for (const auto& w : unknown_plugin_key_warnings(cfg, plugins)) std::cerr << "warning: " << w << "\n";
}

Store& CliContext::store() {
  if (!store_) {
    std::string path = default_store_path(g_.store);
    ensure_parent_directory(path);
    store_ = std::make_unique<Store>(path, open_store_key(path), &host_now_ms);
  }
  return *store_;
}

bool CliContext::store_exists() const {
  if (store_) return true;
  std::error_code ec;
  return std::filesystem::exists(default_store_path(g_.store), ec);
}

const RegisteredType& CliContext::type(const std::string& type_id) {
  const RegisteredType* t = registry().find_type(type_id);
  if (t != nullptr) return *t;
  std::string known;
  for (const auto* r : registry().types()) known += (known.empty() ? "" : ", ") + std::string(r->desc.type_id);
  throw HostError(ExitCode::kNotFound, "no connector type \"" + type_id + "\" is loaded",
                  known.empty() ? "no plugin is loaded; see `console-host plugins list`"
                                : "loaded types: " + known + " (see `console-host plugins list`)");
}

std::unique_ptr<ConnectorTypeClient> CliContext::client(const RegisteredType& type) {
  PluginRegistry& reg = registry();
  auto client = std::make_unique<ConnectorTypeClient>(type.desc, [&reg, &type](char* s) { reg.free_string(type, s); });
  client->cancel_on_interrupt(true);  // Ctrl-C stops a plugin call cleanly (host_services.hpp)
  return client;
}

ClientForType CliContext::client_factory() {
  PluginRegistry* reg = &registry();
  return [reg](const std::string& type_id) -> std::unique_ptr<ConnectorTypeClient> {
    const RegisteredType* t = reg->find_type(type_id);
    if (t == nullptr) return nullptr;
    return std::make_unique<ConnectorTypeClient>(t->desc, [reg, t](char* s) { reg->free_string(*t, s); });
  };
}

std::vector<FieldOption> CliContext::type_options() {
  std::vector<FieldOption> types;
  for (const auto* t : registry().types())
    types.push_back({t->desc.type_id, t->desc.display_name != nullptr ? t->desc.display_name : t->desc.type_id, ""});
  return types;
}

ConnectorRecord CliContext::connector(const std::string& project, const std::string& name, bool with_state) {
  if (project.empty()) throw HostError(ExitCode::kUsage, "--project is required");
  if (name.empty()) throw HostError(ExitCode::kUsage, "the connector name is required (--name NAME)");
  // Stored names are trimmed: "Sales Ops " finds "Sales Ops".
  return lookup_connector(checked_name("project name", project), checked_name("connector name", name, 200), with_state);
}

ConnectorRecord CliContext::lookup_connector(const std::string& project, const std::string& name, bool with_state) {
  // A store that does not exist holds no connector: say so without creating it.
  auto c = store_exists() ? store().find_connector(project, name, with_state) : std::nullopt;
  if (!c) {
    throw HostError(ExitCode::kNotFound, "project \"" + project + "\" has no connector named \"" + name + "\"",
                    "see `console-host connector list --project \"" + project + "\"`");
  }
  return *c;
}

std::string format_time(int64_t ms) { return ms <= 0 ? "-" : utc_time(ms, false); }

}  // namespace console_host
