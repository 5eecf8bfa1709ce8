#include "plugin_config.h"

#include "console_plugin/console_plugin.hpp"

namespace salesforce {
namespace {

void read_string(const rapidjson::Value& obj, const char* key, std::string& out) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return;
  if (!it->value.IsString()) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT,
                         std::string("plugin configuration: '") + key + "' must be a string");
  }
  out.assign(it->value.GetString(), it->value.GetStringLength());
}

void read_bool(const rapidjson::Value& obj, const char* key, bool& out) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return;
  if (!it->value.IsBool()) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT,
                         std::string("plugin configuration: '") + key + "' must be true or false");
  }
  out = it->value.GetBool();
}

template <typename Int>
void read_int(const rapidjson::Value& obj, const char* key, Int& out, long min, long max) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return;
  if (!it->value.IsInt64() || it->value.GetInt64() < min || it->value.GetInt64() > max) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, std::string("plugin configuration: '") + key +
                                                        "' must be an integer from " + std::to_string(min) + " to " +
                                                        std::to_string(max));
  }
  out = static_cast<Int>(it->value.GetInt64());
}

}  // namespace

const std::vector<std::string>& plugin_config_keys() {
  static const std::vector<std::string> keys{
      "client_id",          "client_secret", "email_enabled",   "allow_loopback_login_host", "ca_file",
      "api_version",        "console_url",   "http_timeout_ms", "connect_timeout_ms",        "max_attempts",
      "retry_base_delay_ms"};
  return keys;
}

PluginConfig parse_plugin_config(const std::string& json) {
  PluginConfig c;
  const rapidjson::Document d = console::json::parse_object(json.empty() ? "{}" : json, "plugin configuration");
  read_string(d, "client_id", c.client_id);
  read_string(d, "client_secret", c.client_secret);
  read_bool(d, "email_enabled", c.email_enabled);
  read_bool(d, "allow_loopback_login_host", c.allow_loopback_login_host);
  read_string(d, "ca_file", c.ca_file);
  read_string(d, "api_version", c.api_version);
  read_string(d, "console_url", c.console_url);
  while (!c.console_url.empty() && c.console_url.back() == '/') c.console_url.pop_back();
  read_int(d, "http_timeout_ms", c.http_timeout_ms, 100, 600000);
  read_int(d, "connect_timeout_ms", c.connect_timeout_ms, 100, 600000);
  read_int(d, "max_attempts", c.max_attempts, 1, 10);
  read_int(d, "retry_base_delay_ms", c.retry_base_delay_ms, 0, 60000);
  return c;
}

}  // namespace salesforce
