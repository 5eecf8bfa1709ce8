// host_config.hpp -- the host's configuration file.
//
// INI (or JSON when the file name ends in .json), read with Boost.PropertyTree.
// The [host] section configures console-host itself; every other section is
// the configuration of the plugin whose type or plugin id it names, handed to
// that plugin as a JSON object through console_host_services.config_json.
//
//   [host]
//   callback_port = 1717        ; port of the OAuth redirect http://localhost:PORT/OauthRedirect
//                               ; (register that exact URL on the app; 0 = any free port, for tests
//                               ; that register the port they got)
//   timeout = 300               ; seconds to wait for the browser
//   [salesforce]
//   client_id = 3MVG9...
//   client_secret = ...
//   allow_loopback_login_host = true
//
// INI values "true"/"false" become JSON booleans and whole numbers become
// JSON numbers; everything else stays a string. A JSON file has the shape
// {"host": {...}, "salesforce": {...}}.
#ifndef CONSOLE_HOST_HOST_CONFIG_HPP
#define CONSOLE_HOST_HOST_CONFIG_HPP

#include <map>
#include <string>
#include <vector>

namespace console_host {

struct HostConfig {
  std::string path;  // "" when no file was read
  int callback_port = 1717;
  int timeout_seconds = 300;
  // Plugin or type id -> JSON object text.
  std::map<std::string, std::string> plugin_sections;

  // The configuration JSON for a plugin: its own section merged with the
  // sections of the types it provides (later keys win), or "{}".
  std::string config_json_for(const std::string& plugin_id, const std::vector<std::string>& type_ids) const;

  // Every string value in any plugin section whose key looks secret
  // (secret, password, token, key): for redaction.
  std::vector<std::string> secret_values() const;
};

// Reads the file; "" gives the defaults. Throws HostError(kInvalidInput)
// naming the file and line on a syntax error.
HostConfig load_host_config(const std::string& path);

}  // namespace console_host

#endif  // CONSOLE_HOST_HOST_CONFIG_HPP
