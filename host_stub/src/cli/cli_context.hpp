// cli_context.hpp -- what every console-host command shares: the global
// options, and lazily built host parts (configuration, services table,
// plugin registry, store), so a command pays only for what it uses.
//
//   CliContext ctx(globals);
//   const RegisteredType& t = ctx.type("salesforce");    // loads plugins
//   Store& store = ctx.store();                           // opens and migrates
#ifndef CONSOLE_HOST_CLI_CLI_CONTEXT_HPP
#define CONSOLE_HOST_CLI_CLI_CONTEXT_HPP

#include <boost/program_options.hpp>
#include <functional>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "host_config.hpp"
#include "host_services.hpp"
#include "loader/plugin_registry.hpp"
#include "plugin/connector_type_client.hpp"
#include "redaction.hpp"
#include "store/leased_action.hpp"
#include "store/store.hpp"
#include "terminal.hpp"
#include "wizard/schema.hpp"

namespace console_host {

struct GlobalOptions {
  std::string store;
  std::string config;
  std::string plugin_path;
  bool json = false;
  bool verbose = false;
};

// Adds --store, --config, --plugin-path, --json, --verbose, --help.
void add_global_options(boost::program_options::options_description& desc, GlobalOptions& g);

// A ProgramOptions notifier that refuses a value outside [lo, hi] while
// the command line is parsed (exit 2 naming the flag), so `--jobs 0` or
// `--timeout -5` never reach the command:
//   ("jobs", po::value(&jobs)->notifier(in_range("--jobs", 1, 64)), "...")
template <typename T>
std::function<void(const T&)> in_range(const std::string& flag, T lo, T hi) {
  return [flag, lo, hi](const T& v) {
    if (v < lo || v > hi) {
      std::ostringstream m;
      m << flag << " must be from " << lo << " to " << hi << ", not " << v;
      throw boost::program_options::error(m.str());
    }
  };
}

// Parses a command's arguments; prints help and returns false for --help.
// Throws HostError(kUsage) on bad arguments.
bool parse_command(const std::vector<std::string>& args, const std::string& usage,
                   boost::program_options::options_description& desc,
                   const boost::program_options::positional_options_description* positional = nullptr);

class CliContext {
 public:
  explicit CliContext(GlobalOptions g);
  ~CliContext();

  const GlobalOptions& globals() const { return g_; }
  const Terminal& term() const { return term_; }
  // Where people-facing text goes: stdout, or stderr when --json owns stdout.
  std::ostream& human();

  const HostConfig& config();
  HostServices& services();
  Redactor& redactor() { return redactor_; }
  PluginRegistry& registry();
  Store& store();
  // Whether the store file is there; read-only commands check it first so
  // that they never create a store, its folder or its key.
  bool store_exists() const;
  ConnectorRecord lookup_connector(const std::string& project, const std::string& name, bool with_state);

  // The loaded connector type, or HostError(kNotFound) listing the loaded ones.
  const RegisteredType& type(const std::string& type_id);
  std::unique_ptr<ConnectorTypeClient> client(const RegisteredType& type);
  // Clients by type id (nullptr for a type that is not loaded); thread-safe once plugins are loaded.
  ClientForType client_factory();
  // The loaded types as the host step's Type options (id -> display name).
  std::vector<FieldOption> type_options();
  // The connector, or HostError(kNotFound).
  ConnectorRecord connector(const std::string& project, const std::string& name, bool with_state);

 private:
  void warn_unknown_plugin_keys();

  GlobalOptions g_;
  Terminal term_;
  Redactor redactor_;
  std::unique_ptr<HostConfig> config_;
  std::unique_ptr<HostServices> services_;
  std::unique_ptr<PluginRegistry> registry_;
  std::unique_ptr<Store> store_;
};

// Millisecond timestamp as "2026-11-27 18:37 UTC".
std::string format_time(int64_t ms);

}  // namespace console_host

#endif  // CONSOLE_HOST_CLI_CLI_CONTEXT_HPP
