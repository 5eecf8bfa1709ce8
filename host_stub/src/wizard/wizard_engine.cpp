#include "wizard/wizard_engine.hpp"

#include <algorithm>

#include "host_error.hpp"
#include "json_document.hpp"

namespace console_host {
namespace {

// A plugin that keeps answering "ok, same step" must not spin forever.
constexpr int kMaxRounds = 64;

}  // namespace

bool StepView::has_plan() const { return plan() != nullptr; }

const rapidjson::Value* StepView::display() const {
  const auto* d = json_member(doc, "display");
  return d != nullptr && d->IsArray() ? d : nullptr;
}

const rapidjson::Value* StepView::plan() const {
  const auto* p = json_member(doc, "plan");
  if (p == nullptr) return nullptr;
  if ((p->IsObject() && p->MemberCount() > 0) || (p->IsArray() && !p->Empty())) return p;
  return nullptr;
}

const WizardField* StepView::action() const {
  if (step == nullptr) return nullptr;
  for (const auto& f : step->fields)
    if (f.kind == "action") return &f;
  return nullptr;
}

bool StepView::answerable() const {
  return step != nullptr &&
         std::any_of(step->fields.begin(), step->fields.end(), [](const WizardField& f) { return f.answerable(); });
}

void read_step_view(const std::string& json, const WizardSchema& schema, StepView& v) {
  v.doc = parse_json_object(json, "the plugin's step result");
  v.json = json;
  v.status = parse_step_status(json_string(v.doc, "status", "ok"));
  const std::string code = json_string(v.doc, "code");
  v.error_code = code.empty() ? std::nullopt : std::optional<ErrorCode>(parse_error_code(code));
  v.step_id = json_string(v.doc, "step");
  v.step = schema.find(v.step_id);
  v.complete = json_bool(v.doc, "complete");
  v.browser_url = json_string(v.doc, "browser_url");
  v.from_host = false;
  v.values.clear();
  v.errors.clear();
  v.recommended.clear();
  const auto* fields = json_member(v.doc, "fields");
  if (fields == nullptr || !fields->IsObject()) return;
  for (auto& f : fields->GetObject()) {
    const std::string id = f.name.GetString();
    if (const auto* val = json_member(f.value, "value");
        val != nullptr && !val->IsNull() && !val->IsObject() && !val->IsArray())
      v.values[id] = json_scalar_text(*val);
    if (const auto* errs = json_member(f.value, "errors"); errs != nullptr && errs->IsArray())
      for (auto& e : errs->GetArray())
        if (e.IsString()) v.errors[id].push_back(e.GetString());
    if (const auto* rec = json_member(f.value, "recommended"); rec != nullptr && rec->IsArray())
      for (auto& r : rec->GetArray()) v.recommended[id].push_back(json_scalar_text(r));
  }
  if (v.status == StepStatus::kInvalid && v.errors.empty())
    v.errors[""].push_back("the plugin refused the answers without saying why");
}

WizardEngine::WizardEngine(WizardSchema schema, std::unique_ptr<WizardSession> session,
                           const std::string& first_step_json)
    : schema_(std::move(schema)), session_(std::move(session)) {
  advance(first_step_json);
}

const StepView& WizardEngine::advance(const std::string& json) {
  if (++rounds_ > kMaxRounds)
    throw HostError(ExitCode::kFailure, "the wizard did not finish after " + std::to_string(kMaxRounds) + " steps");
  read_step_view(json, schema_, view_);
  if (view_.status == StepStatus::kBrowser && view_.browser_url.empty())
    throw HostError(ExitCode::kFailure, "the plugin asked for the browser but gave no URL");
  if (!view_.complete && view_.status != StepStatus::kBrowser && view_.step == nullptr)
    throw HostError(ExitCode::kFailure,
                    "the plugin asked for step \"" + view_.step_id + "\", which its schema does not declare");
  return view_;
}

const StepView& WizardEngine::submit(StepAnswers answers) {
  if (view_.step == nullptr) throw HostError(ExitCode::kFailure, "the wizard has no step to answer");
  const WizardStep& step = *view_.step;
  for (auto& [id, value] : answers)
    if (const WizardField* f = step.find(id)) value = normalise_answer(*f, value);
  FieldErrors errors = validate_step(step, answers, answers_);
  if (!errors.empty()) {
    // Shown like the plugin's own refusal; the answers stay as typed.
    view_.status = StepStatus::kInvalid;
    view_.error_code = ErrorCode::kInvalidInput;
    view_.errors = std::move(errors);
    view_.recommended.clear();
    view_.values = answers;
    view_.from_host = true;
    return view_;
  }
  answers_[step.id] = answers;
  std::string submit_json = answers_json(step, answers);
  if (const WizardField* action = view_.action()) {
    rapidjson::Document d = parse_json_object(submit_json, "answers");
    rapidjson::Value key(action->id.c_str(), d.GetAllocator());
    if (d.HasMember(action->id.c_str()))
      d[action->id.c_str()].SetBool(true);
    else
      d.AddMember(key, true, d.GetAllocator());
    submit_json = to_json(d);
  }
  return advance(session_->submit(step.id, submit_json));
}

const StepView& WizardEngine::press() {
  if (view_.step == nullptr) throw HostError(ExitCode::kFailure, "the wizard has no step to continue");
  const WizardField* action = view_.action();
  std::string body = action != nullptr ? "{" + json_quote(action->id) + ":true}" : "{}";
  std::string step_id = view_.step->id;
  return advance(session_->submit(step_id, body));
}

const StepView& WizardEngine::callback(const std::string& redirect_url) {
  return advance(session_->callback(redirect_url));
}

std::string WizardEngine::result() {
  if (!view_.complete) throw HostError(ExitCode::kFailure, "the wizard is not complete yet");
  return session_->result();
}

}  // namespace console_host
