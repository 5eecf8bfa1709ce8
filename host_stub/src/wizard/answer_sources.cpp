#include "wizard/answer_sources.hpp"

#include <fstream>
#include <sstream>

#include "host_error.hpp"
#include "json_document.hpp"
#include "wizard/display_text.hpp"

namespace console_host {

namespace {

// The refusals' wording, one builder each.
std::string step_not_an_object(const std::string& origin, const std::string& step_id) {
  return origin + ": \"" + step_id + "\" must be an object of field answers, e.g. {\"" + step_id +
         "\": {\"field\": \"value\"}}";
}

std::string answer_not_a_scalar(const std::string& origin, const std::string& step_id, const std::string& field) {
  return origin + ": " + step_id + "." + field + " must be a string, number or boolean";
}

std::string no_such_step(const std::string& step_id, const std::string& field) {
  return step_id + "." + field + " (no step \"" + step_id + "\")";
}

std::string no_such_field(const std::string& step_id, const std::string& field) {
  if (step_id.empty()) return field + " (no step has this field)";
  return step_id + "." + field + " (not a field of step \"" + step_id + "\")";
}

}  // namespace

void add_set_answer(const std::string& arg, Answers& answers) {
  size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0)
    throw HostError(ExitCode::kUsage, "--set " + arg + ": expected step.field=value or field=value");
  std::string key = arg.substr(0, eq);
  std::string value = arg.substr(eq + 1);
  size_t dot = key.find('.');
  if (dot == std::string::npos) {
    answers[""][key] = value;
  } else {
    std::string step = key.substr(0, dot);
    std::string field = key.substr(dot + 1);
    if (step.empty() || field.empty())
      throw HostError(ExitCode::kUsage, "--set " + arg + ": expected step.field=value or field=value");
    answers[step][field] = value;
  }
}

void add_answers_file(const std::string& path, Answers& answers) {
  std::ifstream in(path);
  if (!in) throw HostError(ExitCode::kInvalidInput, "cannot read answers file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  add_answers_json(ss.str(), "answers file " + path, answers);
}

void add_answers_json(const std::string& text, const std::string& origin, Answers& answers) {
  rapidjson::Document d;
  try {
    d = parse_json_object(text, origin);
  } catch (const HostError& e) {
    throw HostError(ExitCode::kInvalidInput, e.what());
  }
  for (auto& step : d.GetObject()) {
    std::string step_id = step.name.GetString();
    if (!step.value.IsObject()) {
      throw HostError(ExitCode::kInvalidInput, step_not_an_object(origin, step_id));
    }
    for (auto& field : step.value.GetObject()) {
      if (field.value.IsObject() || field.value.IsArray()) {
        throw HostError(ExitCode::kInvalidInput, answer_not_a_scalar(origin, step_id, field.name.GetString()));
      }
      answers[step_id].emplace(field.name.GetString(), json_scalar_text(field.value));
    }
  }
}

void check_answers_are_known(const Answers& given, const std::vector<const WizardStep*>& steps) {
  std::vector<std::string> unknown;
  std::string step_list;
  for (const auto* s : steps) {
    if (!step_list.empty()) step_list += ", ";
    step_list += s->id;
  }
  for (const auto& [step_id, fields] : given) {
    const WizardStep* step = nullptr;
    for (const auto* s : steps)
      if (s->id == step_id) step = s;
    if (!step_id.empty() && step == nullptr) {
      for (const auto& f : fields) unknown.push_back(no_such_step(step_id, f.first));
      continue;
    }
    for (const auto& f : fields) {
      bool known = false;
      for (const auto* s : steps)
        if ((step == nullptr || s == step) && s->find(f.first) != nullptr) known = true;
      if (!known) {
        unknown.push_back(no_such_field(step_id, f.first));
      }
    }
  }
  if (unknown.empty()) return;
  std::string list;
  for (const auto& u : unknown) list += (list.empty() ? "" : "; ") + visible(u);
  throw HostError(ExitCode::kInvalidInput, "unknown answers: " + list,
                  "the wizard's steps are " + step_list + "; see `console-host plugins list` for each type's fields");
}

const std::string* given_answer(const Answers& given, const std::string& step_id, const std::string& field_id) {
  for (const std::string& key : {step_id, std::string()}) {
    auto s = given.find(key);
    if (s == given.end()) continue;
    auto f = s->second.find(field_id);
    if (f != s->second.end()) return &f->second;
  }
  return nullptr;
}

}  // namespace console_host
