// wizard_engine.hpp -- one wizard engine, two renderers.
//
// The engine owns a plugin session and the answers given so far, and knows
// the wizard protocol (docs/wizard-protocol.md, section 3): it reads each
// step result into a StepView, checks answers with the host's rules before
// anything is sent, builds the answers document, and passes the browser's
// redirect back. The terminal (WizardRunner) and the web page (serve/) only
// render a StepView and gather answers; neither talks to the plugin itself.
//
//   WizardEngine engine(schema, std::move(session), first_step_json);
//   const StepView& v = engine.view();              // step "environment"
//   engine.submit({{"environment", "custom"}, ...});  // host check, then session_submit
//   if (engine.view().status == StepStatus::kBrowser) { ... engine.callback(redirect_url); }
//   if (engine.view().complete) doc = engine.result();
//
// Not thread-safe: the owner serialises calls (one session, one thread at a time).
#ifndef CONSOLE_HOST_WIZARD_WIZARD_ENGINE_HPP
#define CONSOLE_HOST_WIZARD_WIZARD_ENGINE_HPP

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugin/connector_type_client.hpp"
#include "vocabulary.hpp"
#include "wizard/field_validation.hpp"
#include "wizard/schema.hpp"

namespace console_host {

// One step result, read once for every renderer.
struct StepView {
  StepStatus status = StepStatus::kOk;
  // An "invalid" result's "code" (error document codes, section 6), when the
  // plugin says why (a refused sign-in: auth_denied; a failed token request:
  // network or remote_error; permission_missing); nullopt when it does not.
  std::optional<ErrorCode> error_code;
  std::string step_id;
  const WizardStep* step = nullptr;  // nullptr when the schema does not declare it
  bool complete = false;
  std::string browser_url;                                      // status "browser"
  StepAnswers values;                                           // fields.*.value: what the plugin kept
  FieldErrors errors;                                           // fields.*.errors (and the host's own, before sending)
  std::map<std::string, std::vector<std::string>> recommended;  // fields.*.recommended
  bool from_host = false;   // true: the host refused the answers; the plugin was not called
  std::string json;         // the step result as the plugin wrote it
  rapidjson::Document doc;  // the same, parsed (display, plan)

  bool has_plan() const;
  const rapidjson::Value* display() const;  // an array, or nullptr
  const rapidjson::Value* plan() const;     // non-empty object/array, or nullptr
  // The step's action button (kind "action"), or nullptr.
  const WizardField* action() const;
  // Whether the step has fields the admin answers.
  bool answerable() const;
};

// Reads a step result document. Throws HostError(kFailure) when it is not JSON.
void read_step_view(const std::string& json, const WizardSchema& schema, StepView& out);

class WizardEngine {
 public:
  WizardEngine(WizardSchema schema, std::unique_ptr<WizardSession> session, const std::string& first_step_json);

  const WizardSchema& schema() const { return schema_; }
  const StepView& view() const { return view_; }
  // Every answer accepted so far (secrets included; never show them).
  const Answers& answers() const { return answers_; }
  // How many step results the session produced (a guard against plugins that never finish).
  int rounds() const { return rounds_; }

  // Checks `answers` for the current step with the host's rules and, when
  // they hold, submits them (with the step's action pressed, if it has one).
  // When the host refuses them the view becomes "invalid" with from_host set
  // and the plugin is not called. Throws PluginError / HostError.
  const StepView& submit(StepAnswers answers);
  // Submits a step without answers: presses its action button, or confirms
  // a step that only shows something (e.g. "connected": apply the plan).
  const StepView& press();
  // Hands the browser's full redirect URL to the plugin unchanged.
  const StepView& callback(const std::string& redirect_url);
  // The connector document (only once view().complete).
  std::string result();

 private:
  const StepView& advance(const std::string& json);

  WizardSchema schema_;
  std::unique_ptr<WizardSession> session_;
  Answers answers_;
  StepView view_;
  int rounds_ = 0;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_WIZARD_ENGINE_HPP
