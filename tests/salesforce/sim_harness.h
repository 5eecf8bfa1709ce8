// Test support: the simulator as a child process, its control API, a fake
// host, and a driver that plays the admin and the browser through the
// Salesforce wizard.
//
//   Sim sim;                                   // sfsim --port 0
//   FakeHost host(sim.url());
//   WizardRun run = run_wizard(sim, host, {.buttons = "install"});
//   rapidjson::Document state = sim.state();   // what the org holds
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "console_plugin/console_plugin.hpp"
#include "salesforce_type.h"

namespace simlaunch {
class SimLauncher;
}

namespace sftest {

inline constexpr const char* kPassword = "sim-password";
inline constexpr const char* kClientId = "3MVG9SIMULATOR0SmartFlowsConsumerKey";
inline constexpr const char* kClientSecret = "sim-consumer-secret";
inline constexpr const char* kRedirectUri = "http://localhost:1717/OauthRedirect";  // registered on sfsim's app

// The sfsim child process (started by the shared launcher, tests/support),
// shared by a test suite. With `org_json`, sfsim
// runs that org (--org, written to a temporary file) instead of the built-in.
class Sim {
 public:
  explicit Sim(const std::string& org_json = "");
  ~Sim();
  const std::string& url() const { return url_; }
  // Control API.
  rapidjson::Document state();
  void reset();
  void reset_calls();
  // calls.api: requests that count against the org's daily API limit.
  int api_calls();
  int endpoint_calls(const std::string& endpoint);
  void post(const std::string& path, const std::string& json);
  void clear_faults();
  // Whether Salesforce still accepts `refresh_token` (POST /services/oauth2/introspect).
  bool refresh_token_active(const std::string& refresh_token);
  // Active refresh tokens of `username` (tokens.refresh_by_user; 0 when none).
  int refresh_tokens_of(const std::string& username);
  // Plays the browser: login + Allow/Deny; returns the redirect URL.
  std::string browser_authorize(const std::string& authorize_url, const std::string& username,
                                const std::string& decision = "allow");

 private:
  // Through the shared launcher's plain libcurl client, never the plugin's.
  std::string request(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& content_type = "application/json");
  std::string org_file_;
  std::unique_ptr<simlaunch::SimLauncher> process_;
  std::string url_;
};

// `sfsim --print-builtin-org`.
std::string builtin_org_json();
// The built-in org where `object` has `count` page layouts: its first layout
// and copies of it named "<object>-<object> Layout 2" ... "<object> Layout <count>".
std::string org_with_layouts(const std::string& object, int count);

// A host: services table (ABI 1.1) with the given config; records log lines.
// is_cancelled answers `cancel_when()` (false while it is unset).
class FakeHost {
 public:
  explicit FakeHost(const std::string& config_json);
  console::Host& host() { return host_; }
  // Plays a host that negotiated ABI 1.<minor> (the default: this header's).
  void set_abi_minor(uint32_t minor) { host_ = console::Host(&services_, minor); }
  std::vector<std::string> logs;
  std::string config;
  std::function<bool()> cancel_when;
  int cancel_polls = 0;  // how often the plugin asked

 private:
  console_host_services services_{};
  console::Host host_;
};

// The plugin configuration for the simulator (loopback allowed).
std::string sim_config(bool email_enabled = false);

struct WizardAnswers {
  std::string buttons = "install";
  std::string object = "Account";
  std::string username = "admin@simorg.example";
  std::string decision = "allow";
  std::string mode = "create";
  std::string project = "P";
  std::string state_json;  // reconfigure: the persisted state
  bool stop_before_connected = false;
};

// One wizard run, step by step.
struct WizardRun {
  std::unique_ptr<console::Session> session;
  rapidjson::Document environment;    // result of submitting the environment step
  bool reused = false;                // no sign-in: the stored authorization was used
  rapidjson::Document browser;        // result of pressing Authorize
  std::string redirect;               // what the browser brought back
  rapidjson::Document callback;       // result of the callback
  rapidjson::Document connected;      // result of submitting "connected" (when callback was ok)
  rapidjson::Document result;         // connector document (when complete)
  int api_calls_after_exchange = -1;  // sim calls.api from the callback to the end
};

// Runs the whole sequence; stops at the first step that is not "ok"/"browser".
// When a reconfigure goes straight from the environment step to the
// connected step (the stored authorization still works), `callback` is that
// step result and nobody signs in.
WizardRun run_wizard(Sim& sim, salesforce::SalesforceType& type, const WizardAnswers& answers);

rapidjson::Document parse(const std::string& json);
std::string to_json(const rapidjson::Value& v);
// Whether a layout as /__sim/state shows it lists the custom button `name`
// (Classic customButtons), or the Lightning action for it (platformActionList).
bool has_custom_button(const rapidjson::Value& layout, const char* name);
bool has_action(const rapidjson::Value& layout, const char* name);

// Checks that the error document `r` (as SimTest::action() answers a
// failure) has `code`, says `message`, and is retryable or not.
void expect_error(const rapidjson::Value& r, const char* code, bool retryable, const std::string& message);

// Checks that the step result `r` sent the admin back to step `step` with
// `message` as the first error of field `field`.
void expect_sent_back(const rapidjson::Value& r, const char* step, const char* field, const std::string& message);

// The first error of field `field` in a step result ("" when none).
std::string field_error(const rapidjson::Value& step_result, const char* field);

}  // namespace sftest
