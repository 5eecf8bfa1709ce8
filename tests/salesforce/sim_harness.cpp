#include "sim_harness.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim_launcher.h"

namespace sftest {

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  if (d.HasParseError()) throw std::runtime_error("not JSON: " + json);
  return d;
}

std::string to_json(const rapidjson::Value& v) { return console::json::to_string(v); }

void expect_error(const rapidjson::Value& r, const char* code, bool retryable, const std::string& message) {
  EXPECT_STREQ(r["code"].GetString(), code);
  EXPECT_EQ(r["retryable"].GetBool(), retryable) << code;
  EXPECT_EQ(r["message"].GetString(), message);
}

void expect_sent_back(const rapidjson::Value& r, const char* step, const char* field, const std::string& message) {
  ASSERT_TRUE(r.IsObject());
  EXPECT_STREQ(r["status"].GetString(), "invalid") << to_json(r);
  EXPECT_STREQ(r["step"].GetString(), step);
  EXPECT_EQ(field_error(r, field), message);
}

std::string field_error(const rapidjson::Value& r, const char* field) {
  if (!r.HasMember("fields") || !r["fields"].HasMember(field)) return {};
  const auto& f = r["fields"][field];
  if (!f.HasMember("errors") || f["errors"].Empty()) return {};
  return f["errors"][0].GetString();
}

std::string builtin_org_json() {
  FILE* p = popen(SFSIM_PATH " --print-builtin-org", "r");
  if (!p) throw std::runtime_error("cannot run sfsim --print-builtin-org");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (pclose(p) != 0) throw std::runtime_error("sfsim --print-builtin-org failed");
  return out;
}

std::string org_with_layouts(const std::string& object, int count) {
  rapidjson::Document org = parse(builtin_org_json());
  auto& a = org.GetAllocator();
  auto& layouts = org["layouts"];
  const std::string prefix = object + "-";
  const rapidjson::Value* first = nullptr;
  for (const auto& l : layouts.GetArray()) {
    if (std::string(l["fullName"].GetString()).rfind(prefix, 0) == 0) {
      first = &l;
      break;
    }
  }
  if (!first) throw std::runtime_error("the built-in org has no layout of " + object);
  rapidjson::Value model(*first, a);
  for (int i = 2; i <= count; ++i) {
    rapidjson::Value copy(model, a);
    const std::string name = prefix + object + " Layout " + std::to_string(i);
    copy["fullName"].SetString(name.c_str(), static_cast<rapidjson::SizeType>(name.size()), a);
    layouts.PushBack(copy, a);
  }
  return to_json(org);
}

Sim::Sim(const std::string& org_json) {
  if (!org_json.empty()) {
    std::string path = (std::filesystem::temp_directory_path() / "sfsim-org-XXXXXX.json").string();
    const int fd = mkstemps(path.data(), 5);
    if (fd < 0) throw std::runtime_error("cannot create the org file");
    close(fd);
    std::ofstream(path) << org_json;
    org_file_ = path;
  }
  process_ = std::make_unique<simlaunch::SimLauncher>(
      SFSIM_PATH, org_file_.empty() ? std::vector<std::string>{} : std::vector<std::string>{"--org", org_file_});
  url_ = process_->base_url();
  if (url_.empty()) throw std::runtime_error("sfsim did not start: " + process_->first_line());
}

Sim::~Sim() {
  process_.reset();
  if (!org_file_.empty()) std::remove(org_file_.c_str());
}

std::string Sim::request(const std::string& method, const std::string& path, const std::string& body,
                         const std::string& content_type) {
  return process_->control(method, path, body, content_type);
}

rapidjson::Document Sim::state() { return parse(request("GET", "/__sim/state", "")); }
void Sim::reset() { request("POST", "/__sim/reset", "{}"); }
void Sim::reset_calls() { request("POST", "/__sim/calls/reset", "{}"); }
void Sim::post(const std::string& path, const std::string& json) { request("POST", path, json); }
void Sim::clear_faults() { request("DELETE", "/__sim/faults", ""); }

bool Sim::refresh_token_active(const std::string& refresh_token) {
  const auto d = parse(request("POST", "/services/oauth2/introspect",
                               simlaunch::form({{"token", refresh_token},
                                                {"token_type_hint", "refresh_token"},
                                                {"client_id", kClientId},
                                                {"client_secret", kClientSecret}}),
                               "application/x-www-form-urlencoded"));
  return d.HasMember("active") && d["active"].GetBool();
}

int Sim::refresh_tokens_of(const std::string& username) {
  const auto s = state();
  const auto& by_user = s["tokens"]["refresh_by_user"];
  return by_user.HasMember(username.c_str()) ? by_user[username.c_str()].GetInt() : 0;
}

int Sim::api_calls() {
  const auto s = state();
  return s["calls"]["api"].GetInt();
}

int Sim::endpoint_calls(const std::string& endpoint) {
  const auto s = state();
  const auto& by = s["calls"]["by_endpoint"];
  return by.HasMember(endpoint.c_str()) ? by[endpoint.c_str()].GetInt() : 0;
}

std::string Sim::browser_authorize(const std::string& authorize_url, const std::string& username,
                                   const std::string& decision) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("authorize_url");
  w.String(authorize_url.c_str());
  w.Key("username");
  w.String(username.c_str());
  w.Key("password");
  w.String(kPassword);
  w.Key("decision");
  w.String(decision.c_str());
  w.EndObject();
  const auto d = parse(request("POST", "/__sim/browser/authorize", buf.GetString()));
  return d["redirect"].GetString();
}

namespace {

void log_line(void* host_data, void*, int32_t, const char* message) {
  static_cast<FakeHost*>(host_data)->logs.emplace_back(message);
}

int64_t now_ms(void*) { return 0; }

int32_t is_cancelled(void* host_data, void*) {
  auto* host = static_cast<FakeHost*>(host_data);
  ++host->cancel_polls;
  return host->cancel_when && host->cancel_when() ? 1 : 0;
}

}  // namespace

FakeHost::FakeHost(const std::string& config_json) : config(config_json), host_(&services_) {
  services_.struct_size = sizeof services_;
  services_.host_data = this;
  services_.log = &log_line;
  services_.now_ms = &now_ms;
  services_.config_json = config.c_str();
  services_.is_cancelled = &is_cancelled;
}

std::string sim_config(bool email_enabled) {
  return std::string("{\"client_id\":\"") + kClientId + "\",\"client_secret\":\"" + kClientSecret +
         "\",\"allow_loopback_login_host\":true,\"retry_base_delay_ms\":20,\"http_timeout_ms\":5000" +
         ",\"email_enabled\":" + (email_enabled ? "true" : "false") + "}";
}

WizardRun run_wizard(Sim& sim, salesforce::SalesforceType& type, const WizardAnswers& a) {
  WizardRun run;
  std::string context = std::string("{\"schema_version\":1,\"mode\":\"") + a.mode + "\",\"project\":\"" + a.project +
                        "\",\"connector_name\":\"SF\",\"redirect_uri\":\"" + kRedirectUri + "\"";
  if (!a.state_json.empty()) context += ",\"state\":" + a.state_json;
  context += "}";
  std::string first;
  run.session = type.open(context, nullptr, first);
  const std::string env = "{\"environment\":\"custom\",\"custom_domain\":\"" + sim.url() + "\",\"buttons\":\"" +
                          a.buttons + "\",\"object\":\"" + a.object + "\"}";
  if (a.mode != "create") sim.reset_calls();
  run.environment = parse(run.session->submit("environment", env));
  if (std::string(run.environment["status"].GetString()) != "ok") return run;
  if (std::string(run.environment["step"].GetString()) == "connected") {
    run.reused = true;
    run.callback = parse(to_json(run.environment));
  } else {
    run.browser = parse(run.session->submit("authorize", "{\"authorize\":true}"));
    if (std::string(run.browser["status"].GetString()) != "browser") return run;
    run.redirect = sim.browser_authorize(run.browser["browser_url"].GetString(), a.username, a.decision);
    sim.reset_calls();
    run.callback = parse(run.session->callback(run.redirect));
  }
  if (std::string(run.callback["status"].GetString()) != "ok") {
    run.api_calls_after_exchange = sim.api_calls();
    return run;
  }
  if (a.stop_before_connected) return run;
  run.connected = parse(run.session->submit("connected", "{}"));
  run.api_calls_after_exchange = sim.api_calls();
  if (run.connected["complete"].GetBool()) run.result = parse(run.session->result());
  return run;
}

bool has_custom_button(const rapidjson::Value& layout, const char* name) {
  if (!layout.HasMember("customButtons")) return false;
  for (const auto& b : layout["customButtons"].GetArray()) {
    if (std::string(b.GetString()) == name) return true;
  }
  return false;
}

bool has_action(const rapidjson::Value& layout, const char* name) {
  if (!layout.HasMember("platformActionList") || !layout["platformActionList"].IsObject()) return false;
  const auto& list = layout["platformActionList"];
  if (!list.HasMember("platformActionListItems")) return false;
  for (const auto& i : list["platformActionListItems"].GetArray()) {
    if (std::string(i["actionName"].GetString()) == name && std::string(i["actionType"].GetString()) == "CustomButton")
      return true;
  }
  return false;
}

}  // namespace sftest
