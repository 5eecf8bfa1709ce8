#include "result_documents.h"

#include <rapidjson/document.h>

#include "console_plugin/console_plugin.hpp"

namespace salesforce {
namespace {

void write_raw_json(JsonWriter& w, const std::string& json) {
  w.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
}

// The "display" list and the optional "plan", shared by step and action results.
// connector_status, and with `include_state` the state to persist and what
// is in place, for the host to show until the next run (e.g. `connector
// show` after a failed move names both objects).
// With `state_json` (the state already written once), it is copied as it is.
void write_status_and_state(JsonWriter& w, const ConnectorState& state, bool include_state,
                            const std::string* state_json = nullptr) {
  w.Key("connector_status");
  w.String(to_string(state.connector_status));
  if (include_state) {
    w.Key("state");
    if (state_json != nullptr)
      w.RawValue(state_json->data(), state_json->size(), rapidjson::kObjectType);
    else
      state.write_json(w);
    w.Key("summary");
    state.write_summary(w);
  }
}

void write_display_and_plan(JsonWriter& w, const std::vector<DisplayItem>& display, const std::string& plan_json) {
  w.Key("display");
  w.StartArray();
  for (const auto& d : display) d.write_json(w);
  w.EndArray();
  if (!plan_json.empty()) {
    w.Key("plan");
    write_raw_json(w, plan_json);
  }
}

}  // namespace

DisplayItem DisplayItem::check(bool ok, std::string label) {
  DisplayItem d;
  d.kind = DisplayKind::kCheck;
  d.ok = ok;
  d.label = std::move(label);
  return d;
}

DisplayItem DisplayItem::text(std::string label, std::string value) {
  DisplayItem d;
  d.kind = DisplayKind::kText;
  d.label = std::move(label);
  d.value = std::move(value);
  return d;
}

DisplayItem DisplayItem::list(std::string label, std::vector<std::string> items) {
  DisplayItem d;
  d.kind = DisplayKind::kList;
  d.label = std::move(label);
  d.items = std::move(items);
  return d;
}

DisplayItem DisplayItem::warning(std::string label) {
  DisplayItem d;
  d.kind = DisplayKind::kWarning;
  d.label = std::move(label);
  return d;
}

void DisplayItem::write_json(JsonWriter& w) const {
  w.StartObject();
  w.Key("kind");
  w.String(to_string(kind));
  if (kind == DisplayKind::kCheck) {
    w.Key("ok");
    w.Bool(ok);
  }
  w.Key("label");
  w.String(label.c_str());
  if (kind == DisplayKind::kText) {
    w.Key("value");
    w.String(value.c_str());
  }
  if (kind == DisplayKind::kList) {
    w.Key("items");
    w.StartArray();
    for (const auto& i : items) w.String(i.c_str());
    w.EndArray();
  }
  w.EndObject();
}

std::string StepResult::to_json() const {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("schema_version");
  w.Int(1);
  w.Key("status");
  w.String(to_string(status));
  if (!code.empty()) {
    w.Key("code");
    w.String(code.c_str());
  }
  w.Key("step");
  w.String(step.c_str());
  w.Key("complete");
  w.Bool(complete);
  w.Key("fields");
  w.StartObject();
  for (const auto& [id, f] : fields) {
    w.Key(id.c_str());
    w.StartObject();
    if (f.value) {
      w.Key("value");
      w.String(f.value->c_str());
    }
    if (!f.errors.empty()) {
      w.Key("errors");
      w.StartArray();
      for (const auto& e : f.errors) w.String(e.c_str());
      w.EndArray();
    }
    if (!f.recommended.empty()) {
      w.Key("recommended");
      w.StartArray();
      for (const auto& r : f.recommended) w.String(r.c_str());
      w.EndArray();
    }
    if (f.visible) {
      w.Key("visible");
      w.Bool(*f.visible);
    }
    w.EndObject();
  }
  w.EndObject();
  if (status == StepStatus::kBrowser) {
    w.Key("browser_url");
    w.String(browser_url.c_str());
  }
  write_display_and_plan(w, display, plan_json);
  if (!state_json.empty()) {
    w.Key("connector_status");
    w.String(to_string(connector_status));
    w.Key("state");
    write_raw_json(w, state_json);
  }
  w.EndObject();
  return buf.GetString();
}

std::string action_result_json(const ConnectorState& state, bool state_changed, const std::vector<DisplayItem>& display,
                               const std::string& plan_json, const std::string* state_json) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("schema_version");
  w.Int(1);
  write_status_and_state(w, state, state_changed, state_json);
  write_display_and_plan(w, display, plan_json);
  w.EndObject();
  return buf.GetString();
}

console::Error with_state(const console::Error& error, const ConnectorState& state, bool include_state) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  rapidjson::Document old;
  if (!error.detail_json().empty() && console::json::try_parse(old, error.detail_json()) && old.IsObject()) {
    for (const auto& m : old.GetObject()) {
      const std::string key = m.name.GetString();
      if (key == "connector_status" || key == "state" || key == "summary") continue;
      w.Key(key.c_str());
      m.value.Accept(w);
    }
  }
  write_status_and_state(w, state, include_state);
  w.EndObject();
  return console::Error(error.code(), error.what(), error.field(), error.retryable(), buf.GetString());
}

}  // namespace salesforce
