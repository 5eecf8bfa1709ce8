// The host's configuration for the Salesforce plugin
// (docs/wizard-protocol.md, section 7), read once per call.
//
//   PluginConfig c = parse_plugin_config(host.config_json());
//   if (c.allow_loopback_login_host) { ... development only ... }
#pragma once

#include <string>
#include <vector>

namespace salesforce {

struct PluginConfig {
  std::string client_id;                   // the Connected App's consumer key
  std::string client_secret;               // its consumer secret; a secret, never logged
  bool email_enabled = false;              // Send Email becomes a required permission
  bool allow_loopback_login_host = false;  // development only: the simulator
  std::string ca_file;                     // optional PEM bundle for TLS verification
  std::string api_version;                 // e.g. "62.0"; empty = the newest the org offers
  // Where the Smart Flows button sends the user (the Project Console).
  std::string console_url = "https://console.smartflows.example";
  long http_timeout_ms = 60000;  // whole request
  long connect_timeout_ms = 10000;
  int max_attempts = 3;           // transient failures: 1 try + 2 retries
  int retry_base_delay_ms = 200;  // backoff base; doubled per retry, plus jitter
};

// Parses the configuration object; unknown members are ignored, members of
// the wrong type are refused with console::Error(invalid_input) naming them.
PluginConfig parse_plugin_config(const std::string& json);

// The keys parse_plugin_config reads: the wizard schema declares them
// ("config_keys"), so the host can warn about a key nobody reads.
const std::vector<std::string>& plugin_config_keys();

}  // namespace salesforce
