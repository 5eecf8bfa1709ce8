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
//
// A file that holds a secret (a key naming secret, password or token) must
// be private: readable by group or others, it is refused, naming the file
// and `chmod 600 FILE`. A key no one reads is a warning naming the key, the
// file and the nearest known key: [host] and [serve] keys at once
// (HostConfig::warnings), a plugin's section against the keys its types
// declare (`config_keys` in their wizard schemas) once the plugins are
// loaded (unknown_plugin_key_warnings).
#ifndef CONSOLE_HOST_HOST_CONFIG_HPP
#define CONSOLE_HOST_HOST_CONFIG_HPP

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace console_host {

struct HostConfig {
  std::string path;  // "" when no file was read
  int callback_port = 1717;
  int timeout_seconds = 300;
  // Plugin or type id -> JSON object text.
  std::map<std::string, std::string> plugin_sections;
  // Every section but [host] -> its keys, in file order.
  std::map<std::string, std::vector<std::string>> section_keys;
  // Unknown [host] and [serve] keys, each a sentence naming the key, the
  // file and the nearest known key.
  std::vector<std::string> warnings;

  // The configuration JSON for a plugin: its own section merged with the
  // sections of the types it provides (later keys win), or "{}".
  std::string config_json_for(const std::string& plugin_id, const std::vector<std::string>& type_ids) const;

  // Every string value in any plugin section whose key looks secret
  // (secret, password, token, key): for redaction.
  std::vector<std::string> secret_values() const;
};

// Reads the file; "" gives the defaults. Throws HostError(kInvalidInput)
// naming the file and line on a syntax error, and naming the file and the
// fix when it holds a secret and group or others may read it.
HostConfig load_host_config(const std::string& path);

// What a loaded plugin reads from the configuration: its id, its types, and
// the keys its types declare, together (nullopt when a type declares none:
// the plugin's sections are then not checked).
struct PluginConfigKeys {
  std::string plugin_id;
  std::vector<std::string> type_ids;
  std::optional<std::vector<std::string>> keys;
};

// Warnings for keys of plugin sections that no loaded plugin reads, and for
// sections that configure no loaded plugin (and are not [serve]).
std::vector<std::string> unknown_plugin_key_warnings(const HostConfig& config,
                                                     const std::vector<PluginConfigKeys>& plugins);

// The word of `known` nearest to `word` (edit distance), or "" when `known` is empty.
std::string nearest_word(const std::string& word, const std::vector<std::string>& known);

}  // namespace console_host

#endif  // CONSOLE_HOST_HOST_CONFIG_HPP
