#include "wizard/schema.hpp"

#include <boost/regex.hpp>
#include <set>

#include "host_error.hpp"
#include "json_document.hpp"

namespace console_host {
namespace {

[[noreturn]] void bad(const std::string& where, const std::string& why) {
  throw HostError(ExitCode::kFailure, "the connector type's wizard schema is invalid: " + where + ": " + why);
}

WizardField parse_field(const rapidjson::Value& f, const std::string& where) {
  if (!f.IsObject()) bad(where, "not an object");
  WizardField field;
  field.id = json_string(f, "id");
  if (field.id.empty()) bad(where + ".id", "missing");
  field.label = json_string(f, "label", field.id);
  field.help = json_string(f, "help");
  field.kind = json_string(f, "kind", "text");
  static const std::set<std::string> kinds{"text", "textarea", "select", "radio", "checkbox", "action", "status"};
  if (kinds.count(field.kind) == 0) bad(where + ".kind", "unknown kind \"" + field.kind + "\"");
  field.required = json_bool(f, "required");
  field.secret = json_bool(f, "secret");
  if (const auto* d = json_member(f, "default")) {
    if (!d->IsNull()) field.default_value = json_scalar_text(*d);
  }
  if (const auto* opts = json_member(f, "options")) {
    if (!opts->IsArray()) bad(where + ".options", "not an array");
    for (rapidjson::SizeType i = 0; i < opts->Size(); ++i) {
      const auto& o = (*opts)[i];
      FieldOption opt;
      if (o.IsString()) {
        opt.value = opt.label = o.GetString();
      } else if (o.IsObject() && json_member(o, "value") != nullptr) {
        opt.value = json_scalar_text(*json_member(o, "value"));
        opt.label = json_string(o, "label", opt.value);
        opt.help = json_string(o, "help");
      } else {
        bad(where + ".options[" + std::to_string(i) + "]", "needs a value");
      }
      field.options.push_back(std::move(opt));
    }
  }
  if (field.has_options() && field.options.empty()) bad(where + ".options", "a " + field.kind + " needs options");
  if (const auto* vw = json_member(f, "visible_when")) {
    if (!vw->IsObject()) bad(where + ".visible_when", "not an object");
    for (auto& m : vw->GetObject()) {
      std::vector<std::string> values;
      if (m.value.IsArray()) {
        for (auto& v : m.value.GetArray()) values.push_back(json_scalar_text(v));
      } else {
        values.push_back(json_scalar_text(m.value));
      }
      field.visible_when[m.name.GetString()] = values;
    }
  }
  if (const auto* val = json_member(f, "validation")) {
    if (const auto* p = json_member(*val, "pattern")) {
      if (!p->IsString()) bad(where + ".validation.pattern", "not a string");
      field.pattern = p->GetString();
      try {
        boost::regex re(*field.pattern, boost::regex::ECMAScript);
      } catch (const boost::regex_error& e) {
        bad(where + ".validation.pattern", std::string("not a valid regular expression: ") + e.what());
      }
    }
    if (const auto* m = json_member(*val, "max_length")) {
      if (!m->IsUint()) bad(where + ".validation.max_length", "not a non-negative integer");
      field.max_length = m->GetUint();
    }
  }
  return field;
}

}  // namespace

const WizardField* WizardStep::find(const std::string& field_id) const {
  for (const auto& f : fields)
    if (f.id == field_id) return &f;
  return nullptr;
}

const WizardStep* WizardSchema::find(const std::string& step_id) const {
  for (const auto& s : steps)
    if (s.id == step_id) return &s;
  return nullptr;
}

WizardSchema parse_wizard_schema(const std::string& json) {
  rapidjson::Document d = parse_json_object(json, "the connector type's wizard schema");
  const auto* version = json_member(d, "schema_version");
  if (version == nullptr || !version->IsInt()) bad("schema_version", "missing");
  if (version->GetInt() != 1)
    bad("schema_version", "version " + std::to_string(version->GetInt()) + " is not supported");
  WizardSchema schema;
  schema.type_id = json_string(d, "type_id");
  schema.display_name = json_string(d, "display_name", schema.type_id);
  schema.singleton_per_project = json_bool(d, "singleton_per_project");
  if (const auto* keys = json_member(d, "config_keys"); keys != nullptr && keys->IsArray()) {
    schema.config_keys.emplace();
    for (auto& k : keys->GetArray())
      if (k.IsString()) schema.config_keys->emplace_back(k.GetString(), k.GetStringLength());
  }
  const auto* steps = json_member(d, "steps");
  if (steps == nullptr || !steps->IsArray()) bad("steps", "missing or not an array");
  std::set<std::string> step_ids;
  for (rapidjson::SizeType i = 0; i < steps->Size(); ++i) {
    const auto& s = (*steps)[i];
    std::string where = "steps[" + std::to_string(i) + "]";
    if (!s.IsObject()) bad(where, "not an object");
    WizardStep step;
    step.id = json_string(s, "id");
    if (step.id.empty()) bad(where + ".id", "missing");
    if (step.id == kHostStepId) bad(where + ".id", "\"connector\" is the host's own step");
    if (!step_ids.insert(step.id).second) bad(where + ".id", "duplicate step id \"" + step.id + "\"");
    step.title = json_string(s, "title", step.id);
    step.help = json_string(s, "help");
    std::set<std::string> field_ids;
    if (const auto* fields = json_member(s, "fields")) {
      if (!fields->IsArray()) bad(where + ".fields", "not an array");
      for (rapidjson::SizeType j = 0; j < fields->Size(); ++j) {
        WizardField f = parse_field((*fields)[j], where + ".fields[" + std::to_string(j) + "]");
        if (!field_ids.insert(f.id).second)
          bad(where + ".fields[" + std::to_string(j) + "].id", "duplicate field id \"" + f.id + "\"");
        step.fields.push_back(std::move(f));
      }
    }
    schema.steps.push_back(std::move(step));
  }
  return schema;
}

WizardStep host_step(const std::vector<FieldOption>& types) {
  WizardStep step;
  step.id = kHostStepId;
  step.title = "Create connector";
  WizardField name;
  name.id = "name";
  name.label = "Name";
  name.help = "A unique name for the connector within the project.";
  name.kind = "text";
  name.required = true;
  name.max_length = 80;
  name.pattern = "^\\S(.*\\S)?$";  // no leading or trailing blanks
  WizardField description;
  description.id = "description";
  description.label = "Description";
  description.help = "Optional.";
  description.kind = "textarea";
  description.max_length = 1000;
  WizardField type;
  type.id = "type";
  type.label = "Type";
  type.kind = "select";
  type.required = true;
  type.options = types;
  if (types.size() == 1) type.default_value = types.front().value;
  step.fields = {name, description, type};
  return step;
}

}  // namespace console_host
