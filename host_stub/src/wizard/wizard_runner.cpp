#include "wizard/wizard_runner.hpp"

#include <algorithm>
#include <cctype>

#include "browser_launcher.hpp"
#include "host_error.hpp"
#include "json_document.hpp"
#include "oauth/callback_request.hpp"
#include "oauth/pasted_redirect.hpp"
#include "wizard/answer_sources.hpp"

namespace console_host {
namespace {

std::string lower_trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  std::string out = s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

std::vector<std::string> plan_summary(const rapidjson::Value& plan) {
  std::vector<std::string> lines;
  const auto* summary = plan.IsObject() ? json_member(plan, "summary") : nullptr;
  if (summary == nullptr || !summary->IsArray()) return lines;
  for (auto& line : summary->GetArray())
    if (line.IsString()) lines.emplace_back(line.GetString(), line.GetStringLength());
  return lines;
}

void render_json_tree(std::ostream& out, const rapidjson::Value& v, int indent) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  // Past a readable depth the rest goes on one compact line: indenting every
  // level would make the output grow with the square of the nesting.
  constexpr int kMaxIndent = 24;
  if (indent > kMaxIndent && (v.IsObject() || v.IsArray())) {
    out << pad << to_json(v) << "\n";
    return;
  }
  if (v.IsObject()) {
    for (auto& m : v.GetObject()) {
      if (m.value.IsObject() || (m.value.IsArray() && !m.value.Empty())) {
        out << pad << m.name.GetString() << ":\n";
        render_json_tree(out, m.value, indent + 2);
      } else if (m.value.IsArray()) {
        out << pad << m.name.GetString() << ": (none)\n";
      } else {
        out << pad << m.name.GetString() << ": " << json_scalar_text(m.value) << "\n";
      }
    }
  } else if (v.IsArray()) {
    for (auto& item : v.GetArray()) {
      if (item.IsObject()) {
        // The first member on the dash line, the rest below it.
        bool first = true;
        for (auto& m : item.GetObject()) {
          std::string lead = first ? pad + "- " : pad + "  ";
          first = false;
          if (m.value.IsObject() || m.value.IsArray()) {
            out << lead << m.name.GetString() << ":\n";
            render_json_tree(out, m.value, indent + 4);
          } else {
            out << lead << m.name.GetString() << ": " << json_scalar_text(m.value) << "\n";
          }
        }
        if (first) out << pad << "- {}\n";
      } else if (item.IsArray()) {
        out << pad << "-\n";
        render_json_tree(out, item, indent + 2);
      } else {
        out << pad << "- " << json_scalar_text(item) << "\n";
      }
    }
  } else {
    out << pad << json_scalar_text(v) << "\n";
  }
}

WizardRunner::WizardRunner(Prompter& prompter, const Terminal& term, std::ostream& out, WizardOptions options)
    : prompter_(prompter), term_(term), out_(out), options_(std::move(options)) {}

void WizardRunner::show_step_header(const WizardStep& step) {
  out_ << "\n" << term_.bold("== " + step.title + " ==") << "\n";
  if (!step.help.empty()) out_ << step.help << "\n";
  last_header_ = step.id;
}

void WizardRunner::show_display(const StepView& view) {
  // The plan is shown once: in the plugin's own words when a display list
  // says it (its items are the plan's summary), else under "Plan:".
  const rapidjson::Value* plan = view.plan();
  const std::vector<std::string> plan_words = plan != nullptr ? plan_summary(*plan) : std::vector<std::string>{};
  bool plan_shown = false;
  std::vector<std::string> refusals;  // said once, by the error that reports them
  for (const auto& e : view.errors) refusals.insert(refusals.end(), e.second.begin(), e.second.end());
  if (const auto* display = view.display()) {
    for (auto& item : display->GetArray()) {
      std::string kind = json_string(item, "kind");
      std::string label = json_string(item, "label");
      std::string value = json_member(item, "value") != nullptr ? json_scalar_text(*json_member(item, "value")) : "";
      if (kind == "check") {
        bool ok = json_bool(item, "ok");
        if (!ok && std::find(refusals.begin(), refusals.end(), label) != refusals.end()) continue;
        out_ << "  " << (ok ? term_.green("[ok]") : term_.red("[failed]")) << " " << label
             << (value.empty() ? "" : ": " + value) << "\n";
      } else if (kind == "list") {
        out_ << "  " << label << ":\n";
        const auto* items = json_member(item, "items");
        if (items != nullptr && items->IsArray()) {
          if (items->Empty()) out_ << "    (none)\n";
          std::vector<std::string> words;
          for (auto& i : items->GetArray()) {
            if (i.IsObject() || i.IsArray()) {
              render_json_tree(out_, i, 6);
            } else {
              words.push_back(json_scalar_text(i));
              out_ << "    - " << words.back() << "\n";
            }
          }
          if (!plan_words.empty() && words == plan_words) plan_shown = true;
        }
      } else if (kind == "warning") {
        out_ << "  " << term_.yellow("[warning]") << " " << label << (value.empty() ? "" : ": " + value) << "\n";
      } else {
        out_ << "  " << label << (value.empty() ? "" : ": " + value) << "\n";
      }
    }
  }
  if (plan != nullptr && !plan_shown) {
    out_ << "  " << term_.bold("Plan:") << "\n";
    if (!plan_words.empty()) {
      for (const auto& line : plan_words) out_ << "    - " << line << "\n";
    } else {
      render_json_tree(out_, *plan, 4);
    }
  }
}

std::string WizardRunner::ask_field(const WizardStep& step, const WizardField& field, const std::string& current,
                                    const std::vector<std::string>& errors, const StepAnswers& so_far) {
  std::vector<std::string> shown_errors = errors;
  bool first = true;
  while (true) {
    if (first) {
      out_ << "\n" << term_.bold(field.label) << (field.required ? "" : " (optional)") << "\n";
      if (!field.help.empty()) out_ << "  " << field.help << "\n";
      if (field.has_options()) {
        for (size_t i = 0; i < field.options.size(); ++i) {
          const auto& o = field.options[i];
          out_ << "  " << (i + 1) << ") " << o.label << (o.label != o.value ? " [" + o.value + "]" : "")
               << (o.help.empty() ? "" : " - " + o.help) << "\n";
        }
      }
      first = false;
    }
    for (const auto& e : shown_errors) out_ << "  " << term_.red("error:") << " " << field.label << " " << e << "\n";
    std::string shown_default = current;
    if (field.has_options()) {
      for (const auto& o : field.options)
        if (o.value == current) shown_default = o.label;
    }
    if (field.kind == "checkbox") shown_default = current == "true" ? "yes" : current == "false" ? "no" : current;
    std::string prompt = "  " + field.label + (field.kind == "checkbox" ? " (yes/no)" : "") +
                         (!shown_default.empty() && !field.secret ? " [" + shown_default + "]" : "") + ": ";
    auto line = prompter_.ask(prompt, field.secret);
    if (!line) throw HostError(ExitCode::kCancelled, "the wizard was cancelled (end of input)");
    std::string text = *line;
    if (text.empty()) text = current;
    if (field.has_options()) {
      // A number picks an option by position.
      bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (digits && text.size() < 4) {
        size_t n = std::stoul(text);
        if (n >= 1 && n <= field.options.size()) text = field.options[n - 1].value;
      }
    }
    text = normalise_answer(field, text);
    shown_errors = validate_value(field, text);
    if (shown_errors.empty()) return text;
    (void)step;
    (void)so_far;
  }
}

StepAnswers WizardRunner::collect_step(const WizardStep& step, const StepAnswers& prefill, const FieldErrors& errors) {
  StepAnswers answers;
  const Answers& earlier = answers_;
  // Start from what the plugin or the admin said before, then what was given up front.
  for (const auto& f : step.fields) {
    if (!f.answerable()) continue;
    auto p = prefill.find(f.id);
    if (p != prefill.end()) answers[f.id] = p->second;
    auto prev = answers_.find(step.id);
    if (prev != answers_.end() && prev->second.count(f.id) != 0) answers[f.id] = prev->second.at(f.id);
    if (errors.empty() || !options_.interactive) {
      if (const std::string* g = given_answer(options_.given, step.id, f.id)) answers[f.id] = *g;
    }
  }
  if (!options_.interactive) {
    // Unknown fields given for this step are mistakes worth reporting.
    auto given_step = options_.given.find(step.id);
    if (given_step != options_.given.end())
      for (const auto& kv : given_step->second)
        if (step.find(kv.first) == nullptr) answers[kv.first] = kv.second;
    FieldErrors found = validate_step(step, answers, earlier);
    for (const auto& e : errors)
      if (found.count(e.first) == 0 && answers.count(e.first) != 0) found[e.first] = e.second;
    if (!found.empty()) {
      std::string msg = "the answers for step \"" + step.id + "\" were refused:";
      for (const auto& e : found) msg += "\n  " + step.id + "." + e.first + ": " + join(e.second, "; ");
      throw HostError(ExitCode::kInvalidInput, msg,
                      "give the answers with --set " + step.id + ".FIELD=VALUE or --answers FILE");
    }
    // Show what was taken, as a prompt would have (secrets never).
    for (const auto& f : step.fields) {
      auto a = answers.find(f.id);
      if (a == answers.end() || f.secret) continue;
      std::string shown = a->second;
      for (const auto& o : f.options)
        if (o.value == a->second) shown = o.label;
      if (!shown.empty()) out_ << "  " << f.label << ": " << shown << "\n";
    }
    answers_[step.id] = answers;
    return answers;
  }

  for (const auto& e : errors) {
    if (step.find(e.first) == nullptr)
      out_ << "  " << term_.red("error:") << " " << e.first << " " << join(e.second, "; ") << "\n";
  }
  // Interactive: fields given up front and not in error are taken as they are.
  for (const auto& f : step.fields) {
    if (!f.answerable()) continue;
    if (!field_visible(f, answers, earlier)) continue;
    auto err = errors.find(f.id);
    const std::string* g = given_answer(options_.given, step.id, f.id);
    std::string current = answers.count(f.id) != 0 ? answers[f.id] : f.default_value.value_or("");
    if (g != nullptr && err == errors.end()) {
      std::string v = normalise_answer(f, *g);
      if (validate_value(f, v).empty()) {
        answers[f.id] = v;
        continue;
      }
    }
    std::vector<std::string> field_errors = err != errors.end() ? err->second : std::vector<std::string>{};
    answers[f.id] = ask_field(step, f, current, field_errors, answers);
  }
  FieldErrors found = validate_step(step, answers, earlier);
  if (!found.empty()) return collect_step(step, answers, found);
  answers_[step.id] = answers;
  return answers;
}

std::string WizardRunner::authorize_in_browser(CallbackListener& listener, const std::string& url) {
  bool launched = options_.open_browser && launch_browser(url);
  out_ << "  "
       << (launched ? "Opened your browser to sign in. If it did not open, visit:"
                    : "Open this URL in a browser to sign in:")
       << "\n    " << url << "\n";
  out_ << "  Waiting for the sign-in to finish (" << listener.redirect_uri() << ", up to "
       << std::chrono::duration_cast<std::chrono::seconds>(options_.timeout).count() << " s)..." << std::endl;
  // Only the redirect carrying this sign-in's state ends the wait; any
  // other (an old tab, a forged link) is answered 400 and ignored.
  const std::string state = query_parameter(url, "state").value_or("");
  if (options_.open_browser) return listener.wait(options_.timeout, state);
  // --no-browser: the browser may be on another machine (SSH) and never
  // reach this listener; the admin can paste where it ended instead.
  out_ << "  If the browser cannot reach this machine, paste here the address it ended on (it starts with "
       << listener.redirect_uri() << "?) and press Enter:" << std::endl;
  PastedRedirect paste(listener, out_);
  return listener.wait(options_.timeout, state);
}

// One round of the wizard: the step result the engine holds now is shown
// (and a state it carries persisted), then answered, pressed or confirmed.
WizardOutcome WizardRunner::run(WizardEngine& engine, CallbackListener& listener) {
  WizardOutcome outcome;
  while (true) {
    const StepView& view = engine.view();
    outcome.last_step_json = view.json;
    persist_carried_state(view);
    show_view(view);
    if (const auto* plan = view.plan()) outcome.plan_json = to_json(*plan);

    if (view.status == StepStatus::kBrowser) {
      engine.callback(authorize_in_browser(listener, view.browser_url));
      continue;
    }
    if (view.complete) {
      outcome.completed = true;
      return outcome;
    }
    const FieldErrors errors = view.status == StepStatus::kInvalid ? take_refusal(view) : FieldErrors{};
    if (view.answerable()) {
      answer_step(engine, view, errors);
      continue;
    }
    if (view.action() != nullptr) {
      press_action(view);
    } else if (!confirm_plan(view)) {
      return outcome;  // --dry-run: stopped before the change
    }
    engine.press();
  }
}

void WizardRunner::persist_carried_state(const StepView& view) {
  const auto* state = json_member(view.doc, "state");
  if (state != nullptr && state->IsObject() && options_.persist_state)
    options_.persist_state(to_json(*state), json_string(view.doc, "connector_status"));
}

void WizardRunner::show_view(const StepView& view) {
  if (view.step != nullptr && last_header_ != view.step_id) show_step_header(*view.step);
  show_display(view);
}

FieldErrors WizardRunner::take_refusal(const StepView& view) {
  const WizardStep& step = *view.step;
  if (!options_.interactive) {
    // Nobody can answer again: the refusal is the command's error, which
    // main prints (once); here it is only put into words.
    std::string msg = "step \"" + step.title + "\" failed:";
    std::string first_field;
    for (const auto& e : view.errors) {
      const std::string field = step.id + (e.first.empty() ? "" : "." + e.first);
      if (first_field.empty()) first_field = field;
      msg += "\n  " + field + ": " + join(e.second, "; ");
    }
    throw HostError(refusal_exit_code(view), msg)
        .with_word(view.error_code ? to_string(*view.error_code) : HostError::exit_code_name(refusal_exit_code(view)))
        .with_field(first_field);
  }
  for (const auto& e : view.errors) {
    const WizardField* f = step.find(e.first);
    std::string label = f != nullptr ? f->label : e.first;
    for (const auto& msg : e.second) out_ << "  " << term_.red("error:") << " " << label << ": " << msg << "\n";
    auto rec = view.recommended.find(e.first);
    if (rec != view.recommended.end())
      for (const auto& r : rec->second) out_ << "    did you mean: " << r << "\n";
  }
  return view.errors;
}

ExitCode WizardRunner::refusal_exit_code(const StepView& view) {
  // The plugin says why (a failed token request is the remote system's
  // failure, a Deny is an authorization's); a plugin that does not say is
  // read as before: an error on an action button is a refused authorization.
  if (view.error_code) return exit_code_for_plugin_error(*view.error_code);
  const WizardStep& step = *view.step;
  const bool on_action = std::any_of(view.errors.begin(), view.errors.end(), [&](const auto& e) {
    const WizardField* f = step.find(e.first);
    return f != nullptr && f->kind == "action";
  });
  return on_action ? ExitCode::kAuthorization : ExitCode::kInvalidInput;
}

void WizardRunner::answer_step(WizardEngine& engine, const StepView& view, const FieldErrors& errors) {
  const std::string step_id = view.step->id;
  // The runner's own check already holds, so the engine sends these as they are.
  StepAnswers answers = collect_step(*view.step, view.values, errors);
  engine.submit(answers);
  if (engine.view().from_host) {
    // Cannot happen after collect_step's check; fail loudly rather than loop.
    throw HostError(ExitCode::kInvalidInput, "the answers for step \"" + step_id + "\" were refused");
  }
}

void WizardRunner::press_action(const StepView& view) {
  const WizardField& action = *view.action();
  if (!options_.interactive) {
    out_ << "  " << action.label << "\n";
    return;
  }
  std::string verb = view.status == StepStatus::kInvalid ? "try again: " : "";
  auto line = prompter_.ask("\n  Press Enter to " + verb + action.label + " (or type q to cancel): ", false);
  if (!line || *line == "q" || *line == "quit") throw HostError(ExitCode::kCancelled, "the wizard was cancelled");
}

bool WizardRunner::confirm_plan(const StepView& view) {
  if (options_.dry_run && view.has_plan()) return false;
  if (!options_.interactive) return true;
  // Only a clear yes goes ahead: "q" (offered by the previous prompt)
  // or "maybe" must never change the remote system.
  std::string prompt = "\n  Continue? [Y/n]: ";
  while (true) {
    auto line = prompter_.ask(prompt, false);
    if (!line) throw HostError(ExitCode::kCancelled, "the wizard was cancelled (end of input)");
    const std::string a = lower_trimmed(*line);
    if (a.empty() || a == "y" || a == "yes") return true;
    if (a == "n" || a == "no" || a == "q" || a == "quit")
      throw HostError(ExitCode::kCancelled, "the wizard was cancelled; nothing was changed");
    prompt = "  Please answer y (go ahead) or n (cancel). Continue? [Y/n]: ";
  }
}

}  // namespace console_host
