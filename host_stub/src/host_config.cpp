#include "host_config.hpp"

#include <rapidjson/document.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "console_plugin/input_bounds.hpp"
#include "host_error.hpp"
#include "json_document.hpp"

namespace console_host {
namespace {

namespace pt = boost::property_tree;

// A configuration file is a few sections of scalars.
constexpr size_t kMaxConfigBytes = size_t{256} * 1024;
constexpr size_t kMaxConfigDepth = 8;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_integer(const std::string& s) {
  if (s.empty() || s.size() > 15) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  return std::all_of(s.begin() + static_cast<long>(i), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

rapidjson::Value to_value(const pt::ptree& node, rapidjson::Document::AllocatorType& a) {
  if (node.empty()) {
    const std::string& s = node.data();
    if (s == "true") return rapidjson::Value(true);
    if (s == "false") return rapidjson::Value(false);
    if (is_integer(s)) return rapidjson::Value(static_cast<int64_t>(std::stoll(s)));
    return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
  }
  rapidjson::Value obj(rapidjson::kObjectType);
  for (const auto& kv : node) obj.AddMember(rapidjson::Value(kv.first.c_str(), a), to_value(kv.second, a), a);
  return obj;
}

int read_int(const pt::ptree& host, const char* key, int fallback, const std::string& path, int lo, int hi) {
  auto v = host.get_optional<std::string>(key);
  if (!v) return fallback;
  if (!is_integer(*v) || std::stoll(*v) < lo || std::stoll(*v) > hi) {
    throw HostError(ExitCode::kInvalidInput, path + ": [host] " + key + " = \"" + *v + "\" is not a number from " +
                                                 std::to_string(lo) + " to " + std::to_string(hi));
  }
  return static_cast<int>(std::stoll(*v));
}

// The keys console-host itself reads in [host] and in [serve] (serve_config.cpp).
const std::vector<std::string>& host_keys() {
  static const std::vector<std::string> keys{"callback_port", "timeout"};
  return keys;
}
const std::vector<std::string>& serve_keys() {
  static const std::vector<std::string> keys{"listen",
                                             "public_url",
                                             "threads",
                                             "session_idle_minutes",
                                             "wizard_idle_seconds",
                                             "sweep_seconds",
                                             "keepalive_idle_days",
                                             "keepalive_check_seconds",
                                             "tls_cert",
                                             "tls_key",
                                             "admin_user",
                                             "admin_password"};
  return keys;
}

std::string unknown_key_warning(const std::string& path, const std::string& section, const std::string& key,
                                const std::vector<std::string>& known) {
  std::string w = path + ": unknown key \"" + key + "\" in [" + section + "], which nothing reads";
  const std::string near = nearest_word(key, known);
  if (!near.empty()) w += "; did you mean \"" + near + "\"?";
  return w;
}

// A key whose value is a secret the file must keep from other users.
bool holds_secret(const std::string& key) {
  std::string k = key;
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word : {"secret", "password", "token"})
    if (k.find(word) != std::string::npos) return true;
  return false;
}

// Refuses a file that holds a secret and that group or others may read, as
// the store's key file is refused.
void check_private(const std::string& path, const pt::ptree& tree) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return;
  for (const auto& section : tree) {
    for (const auto& kv : section.second) {
      if (!kv.second.empty() || kv.second.data().empty() || !holds_secret(kv.first)) continue;
      char mode[8];
      std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
      throw HostError(ExitCode::kInvalidInput,
                      "host configuration " + path + " holds a secret ([" + section.first + "] " + kv.first +
                          ") and other users can read it (mode " + mode + ")",
                      "run `chmod 600 " + path + "`");
    }
  }
}

bool looks_secret(const std::string& key) {
  std::string k = key;
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word : {"secret", "password", "token", "key"})
    if (k.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace

HostConfig load_host_config(const std::string& path) {
  HostConfig cfg;
  if (path.empty()) return cfg;
  cfg.path = path;
  // Read with a size limit, and check a JSON file's nesting before
  // PropertyTree's recursive JSON parser sees it.
  std::ifstream file(path, std::ios::binary);
  if (!file) throw HostError(ExitCode::kInvalidInput, "cannot read host configuration " + path + ": cannot open file");
  std::string text(kMaxConfigBytes + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(file.gcount()));
  if (text.size() > kMaxConfigBytes) {
    throw HostError(ExitCode::kInvalidInput, "cannot read host configuration " + path + ": it is larger than " +
                                                 std::to_string(kMaxConfigBytes / 1024) + " KB");
  }
  const bool json = ends_with(path, ".json");
  if (json && console::bounds::json_depth_exceeds(text, kMaxConfigDepth)) {
    throw HostError(ExitCode::kInvalidInput, "cannot read host configuration " + path + ": it nests deeper than " +
                                                 std::to_string(kMaxConfigDepth) + " levels");
  }
  pt::ptree tree;
  try {
    std::istringstream in(text);
    if (json)
      pt::read_json(in, tree);
    else
      pt::read_ini(in, tree);
  } catch (const pt::file_parser_error& e) {
    throw HostError(ExitCode::kInvalidInput, "cannot read host configuration " + path +
                                                 (e.line() > 0 ? ":" + std::to_string(e.line()) : std::string()) +
                                                 ": " + e.message());
  }
  check_private(path, tree);
  for (const auto& section : tree) {
    if (section.second.empty() && !section.second.data().empty()) {
      throw HostError(
          ExitCode::kInvalidInput,
          path + ": \"" + section.first + "\" is outside any section; put it under [host] or a plugin's section");
    }
    if (section.first == "host") {
      cfg.callback_port = read_int(section.second, "callback_port", cfg.callback_port, path, 0, 65535);
      cfg.timeout_seconds = read_int(section.second, "timeout", cfg.timeout_seconds, path, 1, 86400);
      for (const auto& kv : section.second)
        if (std::find(host_keys().begin(), host_keys().end(), kv.first) == host_keys().end())
          cfg.warnings.push_back(unknown_key_warning(path, "host", kv.first, host_keys()));
      continue;
    }
    auto& keys = cfg.section_keys[section.first];
    for (const auto& kv : section.second) {
      keys.push_back(kv.first);
      if (section.first == "serve" &&
          std::find(serve_keys().begin(), serve_keys().end(), kv.first) == serve_keys().end())
        cfg.warnings.push_back(unknown_key_warning(path, "serve", kv.first, serve_keys()));
    }
    rapidjson::Document d;
    d.SetObject();
    rapidjson::Value v = to_value(section.second, d.GetAllocator());
    if (!v.IsObject()) v.SetObject();
    cfg.plugin_sections[section.first] = to_json(v);
  }
  return cfg;
}

std::string nearest_word(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  size_t best_distance = std::string::npos;
  for (const auto& k : known) {
    // Levenshtein distance, one row at a time.
    std::vector<size_t> row(k.size() + 1);
    for (size_t j = 0; j <= k.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= word.size(); ++i) {
      size_t diagonal = row[0];
      row[0] = i;
      for (size_t j = 1; j <= k.size(); ++j) {
        const size_t above = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (word[i - 1] == k[j - 1] ? 0 : 1)});
        diagonal = above;
      }
    }
    if (row[k.size()] < best_distance) {
      best_distance = row[k.size()];
      best = k;
    }
  }
  return best;
}

std::vector<std::string> unknown_plugin_key_warnings(const HostConfig& config,
                                                     const std::vector<PluginConfigKeys>& plugins) {
  std::vector<std::string> warnings;
  std::vector<std::string> sections{"host", "serve"};
  // Section -> the keys read there (nullopt: a type that declares none).
  std::map<std::string, std::optional<std::vector<std::string>>> allowed;
  for (const auto& p : plugins) {
    sections.push_back(p.plugin_id);
    sections.insert(sections.end(), p.type_ids.begin(), p.type_ids.end());
    // The plugin's section and its types' sections all reach the plugin.
    allowed[p.plugin_id] = p.keys;
    for (const auto& t : p.type_ids) allowed[t] = p.keys;
  }
  for (const auto& [section, keys] : config.section_keys) {
    if (section == "serve") continue;
    auto a = allowed.find(section);
    if (a == allowed.end()) {
      std::string w = config.path + ": section [" + section + "] configures no loaded plugin";
      const std::string near = nearest_word(section, sections);
      if (!near.empty()) w += "; did you mean [" + near + "]?";
      warnings.push_back(w);
      continue;
    }
    if (!a->second) continue;
    for (const auto& key : keys)
      if (std::find(a->second->begin(), a->second->end(), key) == a->second->end())
        warnings.push_back(unknown_key_warning(config.path, section, key, *a->second));
  }
  return warnings;
}

std::string HostConfig::config_json_for(const std::string& plugin_id, const std::vector<std::string>& type_ids) const {
  rapidjson::Document merged;
  merged.SetObject();
  auto& a = merged.GetAllocator();
  std::vector<std::string> keys{plugin_id};
  keys.insert(keys.end(), type_ids.begin(), type_ids.end());
  for (const auto& key : keys) {
    auto it = plugin_sections.find(key);
    if (it == plugin_sections.end()) continue;
    rapidjson::Document part;
    if (!try_parse_json(part, it->second) || !part.IsObject()) continue;
    for (auto& m : part.GetObject()) {
      rapidjson::Value name(m.name, a);
      rapidjson::Value value(m.value, a);
      auto existing = merged.FindMember(name);
      if (existing != merged.MemberEnd())
        existing->value = value;
      else
        merged.AddMember(name, value, a);
    }
  }
  return to_json(merged);
}

std::vector<std::string> HostConfig::secret_values() const {
  std::vector<std::string> out;
  for (const auto& section : plugin_sections) {
    rapidjson::Document d;
    if (!try_parse_json(d, section.second) || !d.IsObject()) continue;
    for (auto& m : d.GetObject()) {
      if (m.value.IsString() && m.value.GetStringLength() >= 4 && looks_secret(m.name.GetString()))
        out.emplace_back(m.value.GetString(), m.value.GetStringLength());
    }
  }
  return out;
}

}  // namespace console_host
