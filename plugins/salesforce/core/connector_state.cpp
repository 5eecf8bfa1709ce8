#include "connector_state.h"

#include <utility>

#include "console_plugin/console_plugin.hpp"
#include "smart_flows_button.h"

namespace salesforce {
namespace {

void put(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

// "" (not chosen yet) or a word of the set; another word is an error.
template <typename E>
std::optional<E> optional_word(const rapidjson::Value& d, const char* member,
                               std::optional<E> (*parse)(std::string_view), const char* words) {
  const std::string text = console::json::get_string(d, member);
  if (text.empty()) return std::nullopt;
  const std::optional<E> value = parse(text);
  if (!value) throw unknown_word("connector state", member, text, words);
  return value;
}

template <typename E>
const char* word_or_empty(const std::optional<E>& value) {
  return value ? to_string(*value) : "";
}

// The document `write` writes, as text.
template <class Write>
std::string written(const Write& write) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write(w);
  return buf.GetString();
}

}  // namespace

ConnectorState ConnectorState::from_json(const std::string& json) {
  const rapidjson::Document d = console::json::parse_object(json.empty() ? "{}" : json, "connector state");
  if (d.HasMember("schema_version") && (!d["schema_version"].IsInt() || d["schema_version"].GetInt() != 1)) {
    throw console::Error(CONSOLE_ERR_UNSUPPORTED, "connector state has an unknown schema_version");
  }
  using console::json::get_string;
  ConnectorState s;
  s.environment = optional_word(d, "environment", &parse_environment, kEnvironmentWords);
  s.buttons = optional_word(d, "buttons", &parse_button_action, kButtonActionWords);
  // The members that are plain text, read as they were written.
  static constexpr std::pair<const char*, std::string ConnectorState::*> kText[] = {
      {"custom_domain", &ConnectorState::custom_domain},
      {"login_url", &ConnectorState::login_url},
      {"object", &ConnectorState::object},
      {"instance_url", &ConnectorState::instance_url},
      {"id_url", &ConnectorState::id_url},
      {"org_id", &ConnectorState::org_id},
      {"user_id", &ConnectorState::user_id},
      {"username", &ConnectorState::username},
      {"org_name", &ConnectorState::org_name},
      {"api_version", &ConnectorState::api_version},
      {"access_token", &ConnectorState::access_token},
      {"refresh_token", &ConnectorState::refresh_token},
      {"installed_object", &ConnectorState::installed_object},
      {"button_fingerprint", &ConnectorState::button_fingerprint},
  };
  for (const auto& [key, member] : kText) s.*member = get_string(d, key);
  if (d.HasMember("connector_status") && d["connector_status"].IsString()) {
    const std::string status = get_string(d, "connector_status");
    const std::optional<ConnectorStatus> parsed = parse_connector_status(status);
    if (!parsed) throw unknown_word("connector state", "connector_status", status, kConnectorStatusWords);
    s.connector_status = *parsed;
  }
  s.project = get_string(d, "project");
  s.uncertain = d.HasMember("uncertain") && d["uncertain"].IsBool() && d["uncertain"].GetBool();
  if (d.HasMember("placements") && d["placements"].IsObject()) {
    for (const auto& m : d["placements"].GetObject()) {
      auto& layouts = s.placements[m.name.GetString()];
      if (!m.value.IsArray()) continue;
      for (const auto& v : m.value.GetArray())
        if (v.IsString()) layouts.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  if (d.HasMember("installed_layouts") && d["installed_layouts"].IsArray()) {
    for (const auto& v : d["installed_layouts"].GetArray()) {
      if (v.IsString()) s.installed_layouts.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  return s;
}

void ConnectorState::write_json(JsonWriter& w) const {
  w.StartObject();
  w.Key("schema_version");
  w.Int(1);
  put(w, "environment", word_or_empty(environment));
  put(w, "custom_domain", custom_domain);
  put(w, "login_url", login_url);
  put(w, "buttons", word_or_empty(buttons));
  put(w, "object", object);
  put(w, "instance_url", instance_url);
  put(w, "id_url", id_url);
  put(w, "org_id", org_id);
  put(w, "user_id", user_id);
  put(w, "username", username);
  put(w, "org_name", org_name);
  put(w, "api_version", api_version);
  put(w, "access_token", access_token);
  put(w, "refresh_token", refresh_token);
  put(w, "installed_object", installed_object);
  w.Key("installed_layouts");
  w.StartArray();
  for (const auto& l : installed_layouts) w.String(l.c_str());
  w.EndArray();
  put(w, "button_fingerprint", button_fingerprint);
  put(w, "connector_status", to_string(connector_status));
  put(w, "project", project);
  w.Key("placements");
  w.StartObject();
  for (const auto& [object, layouts] : placements) {
    w.Key(object.c_str());
    w.StartArray();
    for (const auto& l : layouts) w.String(l.c_str());
    w.EndArray();
  }
  w.EndObject();
  w.Key("uncertain");
  w.Bool(uncertain);
  w.EndObject();
}

std::string ConnectorState::to_json() const {
  return written([this](JsonWriter& w) { write_json(w); });
}

void ConnectorState::write_summary(JsonWriter& w) const {
  w.StartObject();
  put(w, "environment", word_or_empty(environment));
  put(w, "login_host", login_url);
  put(w, "instance_url", instance_url);
  put(w, "org_id", org_id);
  if (!org_name.empty()) put(w, "org_name", org_name);
  put(w, "user", username.empty() ? user_id : username);
  put(w, "buttons", word_or_empty(buttons));
  if (buttons == ButtonAction::kInstall) put(w, "object", object);
  w.Key("installed");
  w.StartArray();
  for (const auto& line : installed_lines(*this)) w.String(line.c_str());
  w.EndArray();
  put(w, "connector_status", to_string(connector_status));
  w.EndObject();
}

std::string ConnectorState::summary_json() const {
  return written([this](JsonWriter& w) { write_summary(w); });
}

std::vector<std::string> installed_lines(const ConnectorState& s) {
  std::vector<std::string> out;
  const auto line = [](const std::string& object, size_t n) {
    return weblink_full_name(object) + " on " + std::to_string(n) + " page layout" + (n == 1 ? "" : "s");
  };
  if (!s.placements.empty()) {
    for (const auto& [object, layouts] : s.placements) out.push_back(line(object, layouts.size()));
  } else if (!s.installed_object.empty()) {
    out.push_back(line(s.installed_object, s.installed_layouts.size()));  // a state from before placements
  }
  if (s.uncertain) {
    out.push_back(
        "uncertain: the answer to the last change in Salesforce was lost, so it may or may not have been "
        "applied; run the wizard again to check");
  }
  return out;
}

}  // namespace salesforce
