// One run of the Salesforce wizard: environment -> authorize -> connected
// (docs/wizard-protocol.md, section 3, "The Salesforce sequence").
//
// The session owns the authorization attempt (state + PKCE verifier), the
// tokens once obtained, and the plan shown on the connected step; the
// button action runs when the connected step is submitted.
//
// Tokens: a reconfigure that changes only the buttons or the object uses
// the stored authorization while Salesforce accepts it (no sign-in); Skip
// and reauthorize sign in. The session knows which refresh token the host
// keeps (the stored one, or the last one handed over in a result, an error
// or a step result) and, when it is closed, revokes every other refresh
// token it obtained or replaced: a dry run, a cancelled or failed wizard and
// a replaced authorization leave no live refresh token behind. When the
// stored token is rotated during the session (Salesforce's refresh-token
// rotation kills the old one), the next step result hands the new state
// over at once, so the host never holds a dead token.
#pragma once

#include <map>
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
#include "vocabulary.h"

namespace salesforce {

class WizardSession : public console::Session {
 public:
  // Parses the session context; throws console::Error(invalid_input) for a
  // context without redirect_uri or with a malformed state.
  // `pool` (may be empty) lends warm connections.
  WizardSession(const console::Host& host, console::CallContext call, const std::string& context_json,
                std::shared_ptr<ConnectionPool> pool = nullptr);
  // Revokes the refresh tokens the host does not keep (never throws).
  ~WizardSession() override;

  // The first step result (step "environment", prefilled).
  std::string first_step();

  std::string submit(const std::string& step_id, const std::string& answers_json) override;
  std::string callback(const std::string& redirect_url) override;
  std::string result() override;

 private:
  // A callback runs in phases, in this order unless a phase answers (then
  // kAnswered): a retried callback whose checks failed goes from kMatchState
  // straight to kCheckOrg.
  enum class CallbackPhase {
    kReadRedirect,        // a redirect to this console's callback, or Salesforce's error page?
    kMatchState,          // does it answer this session's open authorization attempt?
    kReadGrant,           // did Salesforce grant a code, or say why not?
    kExchangeCode,        // the code for tokens, from a Salesforce instance only
    kAdoptAuthorization,  // the state takes the new tokens and the API version
    kCheckOrg,            // permissions, the object, the plan (after_authorization)
    kAnswered,            // `answer` holds the step result
  };
  struct CallbackRun {
    std::string redirect_url;
    RedirectParams params;
    AuthorizationAttempt attempt;
    TokenSet tokens;
    std::string answer;  // the step result, once kAnswered
  };
  CallbackPhase read_redirect(CallbackRun& run);
  CallbackPhase match_state(CallbackRun& run);
  CallbackPhase read_grant(CallbackRun& run);
  CallbackPhase exchange_code_for_tokens(CallbackRun& run);
  CallbackPhase adopt_authorization(CallbackRun& run);
  CallbackPhase check_org(CallbackRun& run);
  // Sets run.answer; returns kAnswered.
  static CallbackPhase answer(CallbackRun& run, std::string step_result_json);
  std::string run_callback(const std::string& redirect_url);
  StepResult submit_environment(const std::string& answers_json);
  StepResult submit_authorize(const std::string& answers_json);
  StepResult submit_connected();
  // After the token exchange (or a corrected object): inspect, plan, and
  // show the connected step, or the field errors.
  StepResult after_authorization();
  StepResult environment_fields(StepStatus status) const;
  StepResult authorize_error(const console::Error& e) const;
  HttpClient& http();
  // Reconfigure without signing in, while the stored authorization works.
  bool can_reuse_stored_authorization() const;
  // Records token changes (a sign-in, or a rotation) after each call.
  void track_tokens();
  // A step result with the renewed state when the host must keep it now.
  std::string finish(StepResult r);
  // An error that carries the state when the host must keep it (a rotated
  // stored token, or what is in place once the button action started).
  console::Error handing_over(const console::Error& e);
  bool must_hand_over() const;

  const console::Host& host_;
  console::CallContext call_;
  PluginConfig config_;
  WizardMode mode_ = WizardMode::kCreate;
  std::string project_;
  std::string redirect_uri_;
  ConnectorState state_;
  // Answers of the environment step.
  Environment environment_ = Environment::kProduction;
  std::string custom_domain_;
  ButtonAction buttons_ = ButtonAction::kInstall;
  std::string object_ = "Account";
  std::string login_url_;
  bool environment_done_ = false;
  // Authorization.
  std::optional<AuthorizationAttempt> attempt_;
  std::set<std::string> used_states_;
  bool authorized_ = false;
  bool signed_in_ = false;      // a code exchange happened in this session
  bool reused_ = false;         // authorized by the stored authorization
  bool apply_started_ = false;  // the button action sent a change
  // Refresh tokens: the stored one, the one the host keeps, every one seen
  // (with its login host), and those rotated away (already dead).
  std::string baseline_token_;
  std::string kept_token_;
  std::string last_token_;
  std::map<std::string, std::string> tokens_seen_;
  std::set<std::string> rotated_away_;
  // Connected step.
  std::optional<OrgInspection> inspection_;
  std::optional<ButtonPlan> plan_;
  bool complete_ = false;
  std::vector<DisplayItem> final_display_;
  std::shared_ptr<ConnectionPool> pool_;
  std::unique_ptr<HttpClient> http_;
};

}  // namespace salesforce
