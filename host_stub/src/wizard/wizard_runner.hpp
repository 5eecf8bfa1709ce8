// wizard_runner.hpp -- the terminal renderer of the wizard engine: it shows
// each step the engine reads and gathers the answers (prompts, --set,
// --answers); the engine (wizard_engine.hpp) talks to the plugin.
//
// The runner knows nothing about a particular connector type. It follows the
// step results the plugin returns (docs/wizard-protocol.md, section 3):
//   - a step with answerable fields is asked (prompts on a terminal, or the
//     answers given with --set / --answers), validated by the host exactly
//     the same way in both cases, and submitted;
//   - a step whose only input is an action button is "pressed";
//   - a step with nothing to answer (e.g. "connected") shows what the plugin
//     displays and its plan (once: a display list that says the plan's
//     summary is the plan), asks for confirmation on a terminal, and is
//     submitted (unless --dry-run, which stops there);
//   - "browser" sends the browser to the URL (and always prints it), waits on
//     the loopback listener, and hands the redirect to the plugin unchanged;
//   - "invalid" shows the errors next to the fields and asks again on a
//     terminal; without one it throws them as the command's error (printed
//     once, by main), with the exit code the step result's "code" implies.
//
//   WizardRunner runner(prompter, term, out, options);
//   StepAnswers first = runner.collect_step(host_step(types), {}, {});   // the host's own step
//   WizardEngine engine(schema, std::move(session), first_step_json);
//   WizardOutcome outcome = runner.run(engine, listener);
#ifndef CONSOLE_HOST_WIZARD_WIZARD_RUNNER_HPP
#define CONSOLE_HOST_WIZARD_WIZARD_RUNNER_HPP

#include <rapidjson/document.h>

#include <chrono>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "host_error.hpp"
#include "oauth/callback_listener.hpp"
#include "plugin/connector_type_client.hpp"
#include "terminal.hpp"
#include "wizard/field_validation.hpp"
#include "wizard/prompter.hpp"
#include "wizard/schema.hpp"
#include "wizard/wizard_engine.hpp"

namespace console_host {

struct WizardOptions {
  bool interactive = false;
  bool dry_run = false;
  bool open_browser = true;
  std::chrono::milliseconds timeout{std::chrono::seconds(300)};
  Answers given;  // from --set / --answers
  // Persists a state a step result carries (wizard-protocol.md, section 3),
  // with its connector_status (may be ""). Unset: such states are ignored,
  // which is right only where nothing is stored yet (create).
  std::function<void(const std::string& state_json, const std::string& connector_status)> persist_state;
};

struct WizardOutcome {
  bool completed = false;  // false: stopped after the plan (--dry-run)
  std::string last_step_json;
  std::string plan_json;  // the last plan shown, "" when none
};

// A plan's "summary": the plan in words, one line each (empty when it has none).
std::vector<std::string> plan_summary(const rapidjson::Value& plan);

class WizardRunner {
 public:
  WizardRunner(Prompter& prompter, const Terminal& term, std::ostream& out, WizardOptions options);

  // Drives the session from its first step result to completion.
  // Throws HostError (kInvalidInput, kAuthorization, kTimeout, kCancelled, ...).
  WizardOutcome run(WizardEngine& engine, CallbackListener& listener);

  const WizardOptions& options() const { return options_; }

  // Answers collected so far (secrets included; never print them).
  const Answers& answers() const { return answers_; }

  // Asks for (or takes from `given`) the answers of one step and validates
  // them; used for the host's own first step too. `errors` are shown first
  // (interactive) or thrown (non-interactive). `prefill` are current values.
  StepAnswers collect_step(const WizardStep& step, const StepAnswers& prefill, const FieldErrors& errors);

 private:
  // The steps of one round of run().
  void persist_carried_state(const StepView& view);
  void show_view(const StepView& view);
  // An "invalid" step: on a terminal its errors are shown (and returned, to
  // be asked again); otherwise they are thrown as a HostError.
  FieldErrors take_refusal(const StepView& view);
  static ExitCode refusal_exit_code(const StepView& view);
  void answer_step(WizardEngine& engine, const StepView& view, const FieldErrors& errors);
  void press_action(const StepView& view);
  // Asks before the change on a terminal; false for --dry-run (stop here).
  bool confirm_plan(const StepView& view);

  void show_step_header(const WizardStep& step);
  void show_display(const StepView& view);
  std::string ask_field(const WizardStep& step, const WizardField& field, const std::string& current,
                        const std::vector<std::string>& errors, const StepAnswers& so_far);
  std::string authorize_in_browser(CallbackListener& listener, const std::string& url);

  Prompter& prompter_;
  const Terminal& term_;
  std::ostream& out_;
  WizardOptions options_;
  Answers answers_;
  std::string last_header_;
};

// Renders a JSON value (a plan, a summary) as indented "key: value" lines.
void render_json_tree(std::ostream& out, const rapidjson::Value& v, int indent);

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_WIZARD_RUNNER_HPP
