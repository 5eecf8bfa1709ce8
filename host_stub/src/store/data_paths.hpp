// data_paths.hpp -- where console-host keeps its files by default.
//
//   store:  --store, else $CONSOLE_HOST_STORE, else $XDG_DATA_HOME/console-host/console.db
//           (XDG_DATA_HOME defaults to ~/.local/share)
//   key:    <store>.key, beside the store
//   config: --config, else $CONSOLE_HOST_CONFIG, else $XDG_CONFIG_HOME/console-host/config.ini
//           when it exists (XDG_CONFIG_HOME defaults to ~/.config)
#ifndef CONSOLE_HOST_STORE_DATA_PATHS_HPP
#define CONSOLE_HOST_STORE_DATA_PATHS_HPP

#include <string>

namespace console_host {

std::string default_store_path(const std::string& flag_value);
std::string key_path_for_store(const std::string& store_path);
// "" when no config file is given and the default one does not exist.
std::string default_config_path(const std::string& flag_value);

// Creates the directory that will hold `file_path` (mode 0700), if missing.
void ensure_parent_directory(const std::string& file_path);

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_DATA_PATHS_HPP
