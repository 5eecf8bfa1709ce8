// wizard_options.hpp -- the options every wizard command shares (create,
// reconfigure, reauthorize), and what they add up to.
#ifndef CONSOLE_HOST_CLI_WIZARD_OPTIONS_HPP
#define CONSOLE_HOST_CLI_WIZARD_OPTIONS_HPP

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "cli/cli_context.hpp"
#include "wizard/wizard_runner.hpp"

namespace console_host {

struct WizardFlags {
  std::vector<std::string> set;
  std::string answers_file;
  bool non_interactive = false;
  bool dry_run = false;
  bool no_browser = false;
  int callback_port = -1;  // -1: from the configuration
  int timeout_seconds = -1;
};

void add_wizard_options(boost::program_options::options_description& desc, WizardFlags& f);

// The runner options: interactive only on a terminal, without --json and
// without --non-interactive; answers from --answers, then --set (flags win).
WizardOptions wizard_options(CliContext& ctx, const WizardFlags& f);

// The callback port: the flag, else [host] callback_port.
int callback_port(CliContext& ctx, const WizardFlags& f);

}  // namespace console_host

#endif  // CONSOLE_HOST_CLI_WIZARD_OPTIONS_HPP
