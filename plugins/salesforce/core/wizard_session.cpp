#include "wizard_session.h"

#include <iterator>

#include "api_session.h"
#include "button_install.h"
#include "connector_actions.h"
#include "identity.h"
#include "login_host.h"
#include "oauth_state.h"
#include "permission_check.h"
#include "salesforce_errors.h"
#include "token_revoke.h"
#include "wizard_schema.h"

namespace salesforce {
namespace {

bool valid_object_name(const std::string& name) {
  if (name.empty() || name.size() > 80) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return name.back() != '_';
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// A prefilled answer of the environment step (the session context's
// "answers"): absent or not a string keeps `current`, "" is the field's
// default, another word must be one of the set.
template <typename E>
E prefilled(const rapidjson::Value& answers, const char* key, E current, E fallback,
            std::optional<E> (*parse)(std::string_view), const char* words) {
  if (!answers.IsObject() || !answers.HasMember(key) || !answers[key].IsString()) return current;
  const std::string word = answers[key].GetString();
  if (word.empty()) return fallback;
  const std::optional<E> value = parse(word);
  if (!value) throw unknown_word("session context", std::string("answers.environment.") + key, word, words);
  return *value;
}

// A submitted answer that must be one of a set of words: absent keeps
// `current`, "" (after trimming) is `fallback`; anything else that is not a
// word of the set (another word, or not a string) is refused: nullopt, and
// `shown` is what the field shows back (the text typed, if it was text).
template <typename E>
std::optional<E> chosen(const rapidjson::Value& answers, const char* key, E current, E fallback,
                        std::optional<E> (*parse)(std::string_view), std::string& shown) {
  shown.clear();
  if (!answers.HasMember(key)) return current;
  if (!answers[key].IsString()) return std::nullopt;
  shown = trimmed(answers[key].GetString());
  if (shown.empty()) return fallback;
  return parse(shown);
}

}  // namespace

WizardSession::WizardSession(const console::Host& host, console::CallContext call, const std::string& context_json,
                             std::shared_ptr<ConnectionPool> pool)
    : host_(host), call_(call), config_(parse_plugin_config(host.config_json())), pool_(std::move(pool)) {
  const rapidjson::Document ctx = console::json::parse_object(context_json, "session context");
  if (ctx.HasMember("schema_version") && (!ctx["schema_version"].IsInt() || ctx["schema_version"].GetInt() != 1)) {
    throw console::Error(CONSOLE_ERR_UNSUPPORTED, "session context has an unknown schema_version");
  }
  const std::string mode = console::json::get_string(ctx, "mode", "create");
  const std::optional<WizardMode> m = parse_wizard_mode(mode);
  if (!m) throw unknown_word("session context", "mode", mode, kWizardModeWords);
  mode_ = *m;
  redirect_uri_ = console::json::get_string(ctx, "redirect_uri");
  if (redirect_uri_.empty()) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, "session context: redirect_uri is required for Salesforce");
  }
  if (ctx.HasMember("state") && ctx["state"].IsObject() && ctx["state"].MemberCount() > 0) {
    state_ = ConnectorState::from_json(console::json::to_string(ctx["state"]));
    if (state_.environment) environment_ = *state_.environment;
    custom_domain_ = state_.custom_domain;
    if (state_.buttons) buttons_ = *state_.buttons;
    if (!state_.object.empty()) object_ = state_.object;
  }
  if (mode_ == WizardMode::kReauthorize) buttons_ = ButtonAction::kSkip;
  // The host's project owns what this connector installs (smart_flows_button.h).
  project_ = console::json::get_string(ctx, "project", state_.project);
  state_.project = project_;
  baseline_token_ = kept_token_ = last_token_ = state_.refresh_token;
  if (!baseline_token_.empty()) tokens_seen_[baseline_token_] = state_.login_url;
  if (ctx.HasMember("answers") && ctx["answers"].IsObject() && ctx["answers"].HasMember(kStepEnvironment)) {
    const auto& a = ctx["answers"][kStepEnvironment];
    environment_ =
        prefilled(a, kFieldEnvironment, environment_, Environment::kProduction, &parse_environment, kEnvironmentWords);
    custom_domain_ = console::json::get_string(a, kFieldCustomDomain, custom_domain_);
    buttons_ = prefilled(a, kFieldButtons, buttons_, ButtonAction::kInstall, &parse_button_action, kButtonActionWords);
    object_ = console::json::get_string(a, kFieldObject, object_);
  }
}

WizardSession::~WizardSession() {
  try {
    track_tokens();
    for (const auto& [token, login_url] : tokens_seen_) {
      if (token.empty() || token == kept_token_ || rotated_away_.count(token) != 0 || login_url.empty()) continue;
      try {
        revoke_refresh_token(http(), login_url, token);
        host_.log(call_, CONSOLE_LOG_INFO, "salesforce: revoked a refresh token the console does not keep");
      } catch (const std::exception& e) {
        host_.log(call_, CONSOLE_LOG_ERROR,
                  std::string("salesforce: could not revoke a refresh token the console does not keep: ") + e.what());
      }
    }
  } catch (...) {
    // Closing never fails.
  }
}

void WizardSession::track_tokens() {
  if (state_.refresh_token == last_token_) return;
  // A change without a sign-in is a rotation: the old token died with it.
  if (!last_token_.empty() && !signed_in_) rotated_away_.insert(last_token_);
  if (!state_.refresh_token.empty()) tokens_seen_[state_.refresh_token] = state_.login_url;
  last_token_ = state_.refresh_token;
}

bool WizardSession::must_hand_over() const {
  // Only a stored connector's authorization can be handed over early; a new
  // sign-in's token is kept only when the wizard completes (or the button
  // action started changing the org with it).
  return mode_ != WizardMode::kCreate && !state_.refresh_token.empty() && state_.refresh_token != kept_token_ &&
         (!signed_in_ || apply_started_);
}

std::string WizardSession::finish(StepResult r) {
  track_tokens();
  if (must_hand_over() && !signed_in_) {
    r.state_json = state_.to_json();
    r.connector_status = state_.connector_status;
    kept_token_ = state_.refresh_token;
  }
  return r.to_json();
}

console::Error WizardSession::handing_over(const console::Error& e) {
  track_tokens();
  if (mode_ == WizardMode::kCreate || !(must_hand_over() || apply_started_)) return e;
  kept_token_ = state_.refresh_token;
  return with_state(e, state_, true);
}

bool WizardSession::can_reuse_stored_authorization() const {
  return mode_ == WizardMode::kReconfigure && buttons_ != ButtonAction::kSkip && !state_.refresh_token.empty() &&
         state_.login_url == login_url_ && !state_.instance_url.empty() && !state_.api_version.empty() &&
         state_.connector_status != ConnectorStatus::kReauthorizationNeeded;
}

HttpClient& WizardSession::http() {
  if (!http_) {
    http_ = std::make_unique<HttpClient>(http_options(config_, pool_));
    const console::Host* host = &host_;
    console::CallContext call = call_;
    http_->set_trace([host, call](const std::string& line) { host->log(call, CONSOLE_LOG_DEBUG, line); });
  }
  return *http_;
}

StepResult WizardSession::environment_fields(StepStatus status) const {
  StepResult r;
  r.status = status;
  r.step = kStepEnvironment;
  r.fields[kFieldEnvironment].value = to_string(environment_);
  r.fields[kFieldCustomDomain].value = custom_domain_;
  r.fields[kFieldCustomDomain].visible = environment_ == Environment::kCustom;
  r.fields[kFieldButtons].value = to_string(buttons_);
  r.fields[kFieldObject].value = object_;
  r.fields[kFieldObject].visible = buttons_ == ButtonAction::kInstall;
  return r;
}

std::string WizardSession::first_step() { return environment_fields(StepStatus::kOk).to_json(); }

std::string WizardSession::submit(const std::string& step_id, const std::string& answers_json) {
  if (complete_) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, "The wizard is complete; ask for its result.");
  }
  try {
    if (step_id == kStepEnvironment) return finish(submit_environment(answers_json));
    if (step_id == kStepAuthorize) return finish(submit_authorize(answers_json));
    if (step_id == kStepConnected) return finish(submit_connected());
  } catch (const console::Error& e) {
    throw handing_over(e);
  }
  throw console::Error(CONSOLE_ERR_UNSUPPORTED, "The Salesforce wizard has no step '" + step_id + "'.");
}

StepResult WizardSession::submit_environment(const std::string& answers_json) {
  const rapidjson::Document a = console::json::parse_object(answers_json, "environment answers");
  // A free-text answer, trimmed: absent keeps `fallback`; nullopt when it is
  // not a string (refused below).
  const auto text = [&](const char* key, const std::string& fallback) -> std::optional<std::string> {
    if (!a.HasMember(key)) return fallback;
    if (!a[key].IsString()) return std::nullopt;
    return trimmed(a[key].GetString());
  };
  std::string environment_shown, buttons_shown;
  const std::optional<Environment> environment =
      chosen(a, kFieldEnvironment, environment_, Environment::kProduction, &parse_environment, environment_shown);
  const std::optional<ButtonAction> buttons =
      chosen(a, kFieldButtons, buttons_, ButtonAction::kInstall, &parse_button_action, buttons_shown);
  if (environment) environment_ = *environment;
  if (buttons) buttons_ = *buttons;
  const std::optional<std::string> raw_domain = text(kFieldCustomDomain, custom_domain_);
  const std::optional<std::string> object = text(kFieldObject, object_);
  const bool install = buttons == ButtonAction::kInstall;
  if (object) object_ = object->empty() && install ? std::string(kDefaultObject) : *object;

  StepResult r = environment_fields(StepStatus::kOk);
  bool ok = true;
  if (!environment) {
    // Not one of the options: shown back as typed, and nothing that depends
    // on the environment is checked.
    r.fields[kFieldEnvironment].value = environment_shown;
    r.fields[kFieldCustomDomain].visible = false;
    r.fields[kFieldEnvironment].errors.push_back("Choose Custom Domain, Production or Test.");
    ok = false;
  } else if (*environment == Environment::kCustom && !raw_domain) {
    r.fields[kFieldCustomDomain].errors.push_back("Enter your org's My Domain as text, e.g. acme.my.salesforce.com.");
    ok = false;
  } else {
    const std::string domain = raw_domain.value_or(std::string());
    const LoginHost host = resolve_login_host(*environment, domain, config_.allow_loopback_login_host);
    if (*environment == Environment::kCustom) {
      custom_domain_ = host.ok ? host.domain : domain;
      r.fields[kFieldCustomDomain].value = custom_domain_;
    }
    if (!host.ok) {
      r.fields[kFieldCustomDomain].errors.push_back(host.error);
      if (!host.recommended.empty()) r.fields[kFieldCustomDomain].recommended.push_back(host.recommended);
      ok = false;
    } else {
      if (authorized_ && host.url != login_url_) {
        // Another org: the tokens held are for the old one.
        authorized_ = false;
        inspection_.reset();
        plan_.reset();
      }
      login_url_ = host.url;
    }
  }
  if (!buttons) {
    r.fields[kFieldButtons].value = buttons_shown;
    r.fields[kFieldObject].visible = false;
    r.fields[kFieldButtons].errors.push_back("Choose Install/Update, Uninstall or Skip.");
    ok = false;
  }
  if (install && (!object || !valid_object_name(object_))) {
    r.fields[kFieldObject].errors.push_back(
        "Enter the API name of one object: letters, digits and underscores, starting with a letter (e.g. Account "
        "or Invoice__c).");
    ok = false;
  }
  if (!ok) {
    r.status = StepStatus::kInvalid;
    environment_done_ = false;
    return r;
  }
  environment_done_ = true;
  if (authorized_) return after_authorization();
  StepResult next;
  next.step = kStepAuthorize;
  next.fields[kFieldAuthorizeStatus].value = "not authorized";
  if (can_reuse_stored_authorization()) {
    // Only the buttons or the object change: no new sign-in while the
    // stored authorization works.
    authorized_ = true;
    reused_ = true;
    try {
      return after_authorization();
    } catch (const console::Error& e) {
      if (e.code() != CONSOLE_ERR_AUTH_REQUIRED) throw;
      authorized_ = false;
      reused_ = false;
      state_.connector_status = ConnectorStatus::kReauthorizationNeeded;
      next.display.push_back(DisplayItem::warning(
          "Salesforce no longer accepts the connector's stored authorization; sign in again to go on."));
    }
  }
  return next;
}

StepResult WizardSession::submit_authorize(const std::string& answers_json) {
  const rapidjson::Document a = console::json::parse_object(answers_json, "authorize answers");
  if (!environment_done_) {
    StepResult r = environment_fields(StepStatus::kInvalid);
    r.fields[kFieldEnvironment].errors.push_back("Choose the environment first.");
    return r;
  }
  if (!console::json::get_bool(a, kFieldAuthorize, false)) {
    if (authorized_ && plan_) {
      StepResult r;
      r.step = kStepConnected;
      return r;
    }
    StepResult r;
    r.status = StepStatus::kInvalid;
    r.step = kStepAuthorize;
    r.fields[kFieldAuthorize].errors.push_back("Press Authorize Smart Flows to sign in to Salesforce.");
    return r;
  }
  if (config_.client_id.empty()) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT,
                         "The console's Salesforce configuration has no client_id (the Connected App's consumer key).");
  }
  attempt_ = start_authorization(login_url_, redirect_uri_);
  StepResult r;
  r.status = StepStatus::kBrowser;
  r.step = kStepAuthorize;
  r.browser_url = authorize_url(*attempt_, config_.client_id);
  r.display.push_back(DisplayItem::text("Sign in", "Log in to Salesforce as the connector user and choose Allow."));
  return r;
}

StepResult WizardSession::authorize_error(const console::Error& e) const {
  StepResult r;
  r.status = StepStatus::kInvalid;
  r.code = e.code();
  r.step = kStepAuthorize;
  r.fields[kFieldAuthorize].errors.push_back(e.what());
  r.fields[kFieldAuthorizeStatus].value = "not authorized";
  r.display.push_back(DisplayItem::check(false, e.what()));
  return r;
}

std::string WizardSession::callback(const std::string& redirect_url) {
  try {
    return run_callback(redirect_url);
  } catch (const console::Error& e) {
    throw handing_over(e);
  }
}

std::string WizardSession::run_callback(const std::string& redirect_url) {
  CallbackRun run;
  run.redirect_url = redirect_url;
  // The step of each phase but kAnswered, in the enum's order.
  // Plain function pointers, not pointers to members: GCC's UBSan reads an
  // index into an array of member pointers wrongly and stops the process.
  using Step = CallbackPhase (*)(WizardSession&, CallbackRun&);
  static constexpr Step kSteps[] = {[](WizardSession& s, CallbackRun& r) { return s.read_redirect(r); },
                                    [](WizardSession& s, CallbackRun& r) { return s.match_state(r); },
                                    [](WizardSession& s, CallbackRun& r) { return s.read_grant(r); },
                                    [](WizardSession& s, CallbackRun& r) { return s.exchange_code_for_tokens(r); },
                                    [](WizardSession& s, CallbackRun& r) { return s.adopt_authorization(r); },
                                    [](WizardSession& s, CallbackRun& r) { return s.check_org(r); }};
  static_assert(std::size(kSteps) == static_cast<std::size_t>(CallbackPhase::kAnswered));
  CallbackPhase phase = CallbackPhase::kReadRedirect;
  while (phase != CallbackPhase::kAnswered) phase = kSteps[static_cast<std::size_t>(phase)](*this, run);
  return run.answer;
}

WizardSession::CallbackPhase WizardSession::answer(CallbackRun& run, std::string step_result_json) {
  run.answer = std::move(step_result_json);
  return CallbackPhase::kAnswered;
}

WizardSession::CallbackPhase WizardSession::read_redirect(CallbackRun& run) {
  try {
    run.params = parse_redirect(run.redirect_url, redirect_uri_);
  } catch (const console::Error& e) {
    // Salesforce does not redirect some OAuth errors (unknown or
    // uninstalled app, bad callback URL): the browser lands on its error
    // page instead. A host that hands over that address gets the cause.
    if (attempt_ && is_salesforce_oauth_error_page(run.redirect_url, attempt_->login_url)) {
      const RedirectParams err = parse_error_page(run.redirect_url);
      attempt_.reset();
      return answer(run, authorize_error(
                             oauth_failure({err.error, err.error_description}, OAuthPhase::kAuthorize, kFieldAuthorize))
                             .to_json());
    }
    return answer(run, authorize_error(e).to_json());
  }
  return CallbackPhase::kMatchState;
}

WizardSession::CallbackPhase WizardSession::match_state(CallbackRun& run) {
  const std::string& state = run.params.state;
  if (attempt_ && oauth_state_matches(state, attempt_->state)) {
    // The attempt is used up whatever happens next.
    run.attempt = *attempt_;
    attempt_.reset();
    used_states_.insert(run.attempt.state);
    return CallbackPhase::kReadGrant;
  }
  bool replay = false;
  for (const auto& used : used_states_) replay = replay || oauth_state_matches(state, used);
  if (replay && authorized_ && !plan_) {
    // The host retries a callback whose checks failed (e.g. network): the
    // tokens are held, so only the checks run again.
    return CallbackPhase::kCheckOrg;
  }
  if (replay) {
    return answer(run, authorize_error(console::Error(CONSOLE_ERR_AUTH_DENIED,
                                                      "This Salesforce response was already used (each authorization "
                                                      "works once). Press Authorize Smart Flows to authorize again.",
                                                      kFieldAuthorize))
                           .to_json());
  }
  return answer(run, authorize_error(console::Error(CONSOLE_ERR_AUTH_DENIED,
                                                    "This Salesforce response does not belong to this wizard (state "
                                                    "mismatch), so it was ignored. Press Authorize Smart Flows to try "
                                                    "again.",
                                                    kFieldAuthorize))
                         .to_json());
}

WizardSession::CallbackPhase WizardSession::read_grant(CallbackRun& run) {
  const RedirectParams& p = run.params;
  if (!p.error.empty()) {
    return answer(
        run, authorize_error(oauth_failure({p.error, p.error_description}, OAuthPhase::kAuthorize, kFieldAuthorize))
                 .to_json());
  }
  if (p.code.empty()) {
    return answer(run, authorize_error(console::Error(CONSOLE_ERR_AUTH_DENIED,
                                                      "Salesforce's response carries no authorization code. Press "
                                                      "Authorize Smart Flows to try again.",
                                                      kFieldAuthorize))
                           .to_json());
  }
  return CallbackPhase::kExchangeCode;
}

WizardSession::CallbackPhase WizardSession::exchange_code_for_tokens(CallbackRun& run) {
  try {
    run.tokens = exchange_code(http(), config_, run.attempt, run.params.code);
  } catch (const console::Error& e) {
    return answer(run, authorize_error(e).to_json());
  }
  if (!is_trusted_salesforce_url(run.tokens.instance_url, config_.allow_loopback_login_host)) {
    return answer(run, authorize_error(console::Error(CONSOLE_ERR_AUTH_DENIED,
                                                      "Salesforce named an instance that is not a Salesforce host (" +
                                                          run.tokens.instance_url +
                                                          "); the connector will not send it the tokens.",
                                                      kFieldAuthorize))
                           .to_json());
  }
  return CallbackPhase::kAdoptAuthorization;
}

WizardSession::CallbackPhase WizardSession::adopt_authorization(CallbackRun& run) {
  const TokenSet& tokens = run.tokens;
  state_.environment = environment_;
  state_.custom_domain = environment_ == Environment::kCustom ? custom_domain_ : std::string();
  state_.login_url = run.attempt.login_url;
  if (state_.org_id != tokens.org_id) {
    // A different org: what the old state says is installed is not here.
    state_.installed_object.clear();
    state_.installed_layouts.clear();
    state_.button_fingerprint.clear();
    state_.placements.clear();
    state_.uncertain = false;
  }
  state_.instance_url = tokens.instance_url;
  state_.id_url = tokens.id_url;
  state_.org_id = tokens.org_id;
  state_.user_id = tokens.user_id;
  state_.username.clear();
  state_.org_name.clear();
  state_.access_token = tokens.access_token;
  state_.refresh_token = tokens.refresh_token;
  state_.connector_status = ConnectorStatus::kConnected;
  signed_in_ = true;
  reused_ = false;
  track_tokens();
  try {
    state_.api_version = choose_api_version(http(), state_.instance_url, config_.api_version);
  } catch (const console::Error& e) {
    return answer(run, authorize_error(e).to_json());
  }
  authorized_ = true;
  host_.log(call_, CONSOLE_LOG_INFO, "salesforce: authorized user " + state_.user_id + " of org " + state_.org_id);
  return CallbackPhase::kCheckOrg;
}

WizardSession::CallbackPhase WizardSession::check_org(CallbackRun& run) {
  return answer(run, finish(after_authorization()));
}

StepResult WizardSession::after_authorization() {
  inspection_.reset();
  plan_.reset();
  ApiSession api(http(), config_, state_);
  Prepared p;
  try {
    p = prepare_button_action(api, config_, state_, buttons_, object_);
  } catch (const console::Error& e) {
    if (e.field() == kFieldObject) {
      StepResult r = environment_fields(StepStatus::kInvalid);
      r.fields[kFieldObject].errors.push_back(e.what());
      return r;
    }
    if (e.code() == CONSOLE_ERR_PERMISSION_MISSING) {
      StepResult r = authorize_error(console::Error(e.code(), e.what(), kFieldAuthorize));
      // Name each one with where to grant it.
      PermissionReport report;
      for (const auto& perm : required_permissions(config_.email_enabled)) {
        if (std::string(e.what()).find(perm.label) != std::string::npos) report.missing.push_back(perm);
      }
      if (!report.missing.empty()) {
        r.display.push_back(DisplayItem::list("Missing permissions", missing_permission_items(report)));
      }
      authorized_ = false;
      return r;
    }
    if (e.code() == CONSOLE_ERR_REMOTE_ERROR || e.code() == CONSOLE_ERR_NETWORK) {
      // Only reads ran: say so, and let the host retry the same call.
      throw console::Error(e.code(),
                           std::string(e.what()) + (std::string(e.what()).back() == '.' ? "" : ".") +
                               " Nothing was changed in Salesforce; try again.",
                           e.field(), true, e.detail_json());
    }
    throw;
  }
  if (!p.plan.object.empty()) object_ = p.plan.object;
  StepResult r;
  r.step = kStepConnected;
  r.display.push_back(DisplayItem::check(
      true, reused_ ? "Smart Flows is authorized (the stored authorization still works; no sign-in needed)"
                    : "Smart Flows is authorized"));
  for (auto& d : identity_display(state_, p.inspection)) r.display.push_back(std::move(d));
  r.display.push_back(DisplayItem::list(display_name(buttons_), p.plan.lines()));
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  p.plan.write_json(w);
  r.plan_json = buf.GetString();
  r.fields[kFieldAuthorizeStatus].value = "authorized";
  inspection_ = std::move(p.inspection);
  plan_ = std::move(p.plan);
  return r;
}

StepResult WizardSession::submit_connected() {
  if (!authorized_) {
    StepResult r;
    r.status = StepStatus::kInvalid;
    r.step = kStepAuthorize;
    r.fields[kFieldAuthorize].errors.push_back("Press Authorize Smart Flows first.");
    return r;
  }
  ApiSession api(http(), config_, state_);
  if (!plan_) {
    // A failed apply dropped the plan: look at the org again.
    StepResult again = after_authorization();
    if (again.status != StepStatus::kOk) return again;
  }
  ApplyReport report;
  const std::string action = to_string(buttons_);
  host_.progress(call_, action, 0, 1, "Applying " + action + " in Salesforce");
  try {
    apply_started_ = true;
    report = apply_plan(api, *plan_, state_, {[this] { return host_.cancelled(call_); }, host_.cancelled_code()});
  } catch (const console::Error&) {
    plan_.reset();
    throw;  // with the state (what is in place) when the host keeps one: see handing_over
  }
  host_.progress(call_, action, 1, 1, "Done");
  state_.buttons = buttons_;
  if (buttons_ == ButtonAction::kInstall) state_.object = object_;
  complete_ = true;
  StepResult r;
  r.step = kStepConnected;
  r.complete = true;
  r.display.push_back(DisplayItem::check(true, "Smart Flows is connected to Salesforce"));
  if (inspection_) {
    for (auto& d : identity_display(state_, *inspection_)) r.display.push_back(std::move(d));
  }
  r.display.push_back(DisplayItem::list(display_name(buttons_), report.lines));
  if (buttons_ == ButtonAction::kInstall)
    r.display.push_back(DisplayItem::text("Where it shows", kWhereTheButtonShows));
  r.fields[kFieldConnectedStatus].value = "connected";
  final_display_ = r.display;
  return r;
}

std::string WizardSession::result() {
  if (!complete_) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, "The Salesforce wizard is not finished yet.");
  }
  track_tokens();
  kept_token_ = state_.refresh_token;  // the host keeps this one; the session revokes what it replaced
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("schema_version");
  w.Int(1);
  w.Key("type_id");
  w.String("salesforce");
  w.Key("connector_status");
  w.String(to_string(state_.connector_status));
  w.Key("summary");
  state_.write_summary(w);
  w.Key("state");
  state_.write_json(w);
  w.EndObject();
  return buf.GetString();
}

}  // namespace salesforce
