// console-host -- the stub host of the Smart Flows Project Console.
//
// Loads connector plugins through their manifests and drives their wizards
// from the command line, persisting connectors in a local store. See
// docs/host.md for every command, option and exit code.
#include <csignal>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "host_error.hpp"

namespace {

using console_host::Args;
using Command = int (*)(const Args&);

const std::map<std::string, std::map<std::string, Command>>& command_table() {
  static const std::map<std::string, std::map<std::string, Command>> table{
      {"plugins", {{"list", &console_host::plugins_list}}},
      {"project", {{"list", &console_host::project_list}}},
      {"connector",
       {{"create", &console_host::connector_create},
        {"list", &console_host::connector_list},
        {"show", &console_host::connector_show},
        {"reconfigure", &console_host::connector_reconfigure},
        {"reauthorize", &console_host::connector_reauthorize},
        {"refresh", &console_host::connector_refresh},
        {"delete", &console_host::connector_delete}}},
  };
  return table;
}

// Commands without a group ("serve").
const std::map<std::string, Command>& single_commands() {
  static const std::map<std::string, Command> table{{"serve", &console_host::serve}};
  return table;
}

void print_usage(std::ostream& out) {
  out << "usage: console-host <group> <command> [options]\n\n"
         "commands:\n"
         "  plugins list                       loaded plugins, their types, and refused plugins\n"
         "  project list                       projects and how many connectors each holds\n"
         "  connector create --project P       run the wizard and save a new connector\n"
         "  connector list [--project P]       connectors and their status\n"
         "  connector show --project P NAME    one connector's summary\n"
         "  connector reconfigure --project P NAME   re-run the type's steps (change the object, uninstall, skip)\n"
         "  connector reauthorize --project P NAME   sign in again to renew the authorization\n"
         "  connector refresh --project P NAME | --all [--idle-over DAYS]   renew tokens\n"
         "  connector delete --project P NAME [--uninstall]   delete (after uninstalling from the remote system)\n"
         "  serve [--listen 127.0.0.1:8080]    the Connectors pages and the Create connector wizard in a browser\n\n"
         "Every command takes --help, --json, --store, --config, --plugin-path and --verbose.\n"
         "Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid input, 4 not found, 5 conflict,\n"
         "6 authorization, 7 timeout, 8 callback port busy, 9 remote system, 10 partial,\n"
         "11 cancelled, 12 store (see docs/host.md).\n";
}

// `console-host <group> --help`: the group's commands, as gh and sf print them.
void print_group_usage(std::ostream& out, const std::string& group) {
  std::ostringstream all;
  print_usage(all);
  std::istringstream lines(all.str());
  out << "usage: console-host " << group << " <command> [options]\n\ncommands:\n";
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  " + group + " ", 0) == 0) out << line << "\n";
  }
  out << "\nRun `console-host " << group << " <command> --help` for a command's options.\n";
}

bool is_help(const std::string& arg) { return arg == "--help" || arg == "-h" || arg == "help"; }

// Whether the command line asks for JSON on stdout (so its error, too, is
// written as JSON there), even when the rest of it cannot be read.
bool wants_json(const Args& args) {
  for (const auto& a : args) {
    if (a == "--") break;
    if (a == "--json") return true;
  }
  return false;
}

// Runs a command; an error it throws is reported here and only here (once,
// with its hint; with --json also as one error object on stdout) and becomes
// the documented exit code.
int run_reporting_errors(const Command& command, const Args& args) {
  try {
    return command(args);
  } catch (const std::exception& e) {
    return console_host::report_error(e, wants_json(args));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  Args args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? static_cast<int>(console_host::ExitCode::kUsage) : 0;
  }
  if (auto single = single_commands().find(args[0]); single != single_commands().end()) {
    return run_reporting_errors(single->second, Args(args.begin() + 1, args.end()));
  }
  const auto& table = command_table();
  auto group = table.find(args[0]);
  if (group == table.end()) {
    const int rc = console_host::report_error(
        console_host::HostError(console_host::ExitCode::kUsage, "unknown command group \"" + args[0] + "\""),
        wants_json(args));
    print_usage(std::cerr);
    return rc;
  }
  if (args.size() >= 2 && is_help(args[1])) {
    print_group_usage(std::cout, args[0]);
    return 0;
  }
  if (args.size() < 2 || group->second.count(args[1]) == 0) {
    std::string message =
        std::string(args.size() < 2 ? "missing" : "unknown") + " command for \"" + args[0] + "\"; one of:";
    for (const auto& c : group->second) message += " " + c.first;
    return console_host::report_error(console_host::HostError(console_host::ExitCode::kUsage, message),
                                      wants_json(args));
  }
  return run_reporting_errors(group->second.at(args[1]), Args(args.begin() + 2, args.end()));
}
