// commands.hpp -- the console-host commands, one function per command,
// each taking the arguments after its name and returning the exit code.
#ifndef CONSOLE_HOST_CLI_COMMANDS_HPP
#define CONSOLE_HOST_CLI_COMMANDS_HPP

#include <string>
#include <vector>

namespace console_host {

using Args = std::vector<std::string>;

int plugins_list(const Args& args);
int project_list(const Args& args);
int connector_list(const Args& args);
int connector_show(const Args& args);
int connector_create(const Args& args);
int connector_reconfigure(const Args& args);
int connector_reauthorize(const Args& args);
int connector_refresh(const Args& args);
int connector_delete(const Args& args);
int serve(const Args& args);

}  // namespace console_host

#endif  // CONSOLE_HOST_CLI_COMMANDS_HPP
