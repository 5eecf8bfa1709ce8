#include "wizard/field_validation.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <boost/regex.hpp>
#include <cctype>

#include "json_document.hpp"
#include "wizard/display_text.hpp"

namespace console_host {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

size_t utf8_length(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string option_list(const WizardField& field) {
  std::string out;
  for (const auto& o : field.options) out += (out.empty() ? "" : ", ") + o.value;
  return out;
}

}  // namespace

std::string visible_when_value(const std::string& field_id, const StepAnswers& current, const Answers& earlier) {
  auto it = current.find(field_id);
  if (it != current.end()) return it->second;
  for (const auto& step : earlier) {
    auto f = step.second.find(field_id);
    if (f != step.second.end()) return f->second;
  }
  return {};
}

bool field_visible(const WizardField& field, const StepAnswers& current, const Answers& earlier) {
  for (const auto& cond : field.visible_when) {
    std::string v = visible_when_value(cond.first, current, earlier);
    if (std::find(cond.second.begin(), cond.second.end(), v) == cond.second.end()) return false;
  }
  return true;
}

std::string normalise_answer(const WizardField& field, const std::string& text) {
  if (field.kind == "checkbox") {
    std::string t = lower(trim(text));
    if (t == "true" || t == "yes" || t == "y" || t == "1" || t == "on") return "true";
    if (t == "false" || t == "no" || t == "n" || t == "0" || t == "off") return "false";
    return text;
  }
  if (field.has_options()) {
    std::string t = trim(text);
    for (const auto& o : field.options)
      if (o.value == t) return o.value;
    for (const auto& o : field.options)
      if (lower(o.value) == lower(t) || lower(o.label) == lower(t)) return o.value;
    return t;
  }
  if (field.kind == "text") return trim(text);
  return text;
}

std::vector<std::string> validate_value(const WizardField& field, const std::string& value) {
  std::vector<std::string> errors;
  if (value.empty()) {
    if (field.required) errors.emplace_back("is required");
    return errors;
  }
  // Echoed to a terminal, a control character could rewrite what the admin
  // sees; only a textarea keeps its line breaks.
  if (auto c = first_control_character(value, field.kind == "textarea")) {
    errors.push_back("contains a control character (" + *c + ")");
    return errors;
  }
  if (field.kind == "checkbox" && value != "true" && value != "false") {
    errors.push_back("\"" + value + "\" is not yes or no");
    return errors;
  }
  if (field.has_options()) {
    bool known =
        std::any_of(field.options.begin(), field.options.end(), [&](const FieldOption& o) { return o.value == value; });
    if (!known) errors.push_back("\"" + value + "\" is not one of: " + option_list(field));
    return errors;
  }
  // Lengths before patterns: a value that is too long is refused without
  // running the plugin's pattern over it.
  if (field.max_length && utf8_length(value) > *field.max_length) {
    errors.push_back("is longer than " + std::to_string(*field.max_length) + " characters");
    return errors;
  }
  if (field.pattern) {
    bool matches = false;
    try {
      const boost::regex re(*field.pattern, boost::regex::ECMAScript);
      matches = boost::regex_match(value, re);
    } catch (const std::runtime_error&) {
      // Boost.Regex gives up on a pattern too costly for this value
      // (catastrophic backtracking) instead of running for ever.
      matches = false;
    }
    if (!matches) errors.push_back("has an invalid format (must match " + *field.pattern + ")");
  }
  return errors;
}

FieldErrors validate_step(const WizardStep& step, StepAnswers& answers, const Answers& earlier) {
  FieldErrors errors;
  for (auto it = answers.begin(); it != answers.end();) {
    const WizardField* f = step.find(it->first);
    if (f == nullptr) {
      errors[it->first].push_back("is not a field of step \"" + step.id + "\"");
      ++it;
    } else if (!f->answerable()) {
      it = answers.erase(it);
    } else {
      it->second = normalise_answer(*f, it->second);
      ++it;
    }
  }
  // Defaults first (in field order), since later fields' visibility may depend on them.
  for (const auto& f : step.fields) {
    if (!f.answerable()) continue;
    if (!field_visible(f, answers, earlier)) {
      answers.erase(f.id);
      continue;
    }
    auto it = answers.find(f.id);
    if ((it == answers.end() || it->second.empty()) && f.default_value) answers[f.id] = *f.default_value;
  }
  for (const auto& f : step.fields) {
    if (!f.answerable() || !field_visible(f, answers, earlier)) continue;
    auto it = answers.find(f.id);
    auto e = validate_value(f, it == answers.end() ? std::string() : it->second);
    if (!e.empty()) errors[f.id] = e;
  }
  return errors;
}

std::string answers_json(const WizardStep& step, const StepAnswers& answers) {
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  for (const auto& kv : answers) {
    const WizardField* f = step.find(kv.first);
    rapidjson::Value name(kv.first.c_str(), a);
    if (f != nullptr && f->kind == "checkbox")
      d.AddMember(name, rapidjson::Value(kv.second == "true"), a);
    else
      d.AddMember(name, rapidjson::Value(kv.second.c_str(), a), a);
  }
  return to_json(d);
}

}  // namespace console_host
