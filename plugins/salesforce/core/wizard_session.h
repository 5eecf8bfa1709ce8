// One run of the Salesforce wizard: environment -> authorize -> connected
// (docs/wizard-protocol.md, section 3, "The Salesforce sequence").
//
// The session owns the authorization attempt (state + PKCE verifier), the
// tokens once obtained, and the plan shown on the connected step; the
// button action runs when the connected step is submitted.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "button_plan.h"
#include "connector_state.h"
#include "console_plugin/console_plugin.hpp"
#include "http_client.h"
#include "oauth_flow.h"
#include "org_inspection.h"
#include "plugin_config.h"
#include "result_documents.h"

namespace salesforce {

class WizardSession : public console::Session {
 public:
  // Parses the session context; throws console::Error(invalid_input) for a
  // context without redirect_uri or with a malformed state.
  // `pool` (may be empty) lends warm connections.
  WizardSession(const console::Host& host, console::CallContext call, const std::string& context_json,
                std::shared_ptr<ConnectionPool> pool = nullptr);

  // The first step result (step "environment", prefilled).
  std::string first_step();

  std::string submit(const std::string& step_id, const std::string& answers_json) override;
  std::string callback(const std::string& redirect_url) override;
  std::string result() override;

 private:
  StepResult submit_environment(const std::string& answers_json);
  StepResult submit_authorize(const std::string& answers_json);
  StepResult submit_connected();
  // After the token exchange (or a corrected object): inspect, plan, and
  // show the connected step, or the field errors.
  StepResult after_authorization();
  StepResult environment_fields(const std::string& status) const;
  StepResult authorize_error(const console::Error& e) const;
  HttpClient& http();

  const console::Host& host_;
  console::CallContext call_;
  PluginConfig config_;
  std::string mode_;
  std::string redirect_uri_;
  ConnectorState state_;
  // Answers of the environment step.
  std::string environment_ = "production";
  std::string custom_domain_;
  std::string buttons_ = "install";
  std::string object_ = "Account";
  std::string login_url_;
  bool environment_done_ = false;
  // Authorization.
  std::optional<AuthorizationAttempt> attempt_;
  std::set<std::string> used_states_;
  bool authorized_ = false;
  // Connected step.
  std::optional<OrgInspection> inspection_;
  std::optional<ButtonPlan> plan_;
  bool complete_ = false;
  std::vector<DisplayItem> final_display_;
  std::shared_ptr<ConnectionPool> pool_;
  std::unique_ptr<HttpClient> http_;
};

}  // namespace salesforce
