#include "serve/wizard_page.hpp"

#include "json_document.hpp"
#include "serve/html.hpp"
#include "wizard/field_validation.hpp"

namespace console_host {
namespace {

std::string input_id(const std::string& field_id) { return "f-" + field_id; }

std::string visible_when_attr(const WizardField& f) {
  if (f.visible_when.empty()) return "";
  std::string j = "{";
  bool first = true;
  for (const auto& [id, values] : f.visible_when) {
    j += (first ? "" : ",") + json_quote(id) + ":[";
    first = false;
    for (size_t i = 0; i < values.size(); ++i) j += (i ? "," : "") + json_quote(values[i]);
    j += "]";
  }
  j += "}";
  return " data-visible-when=\"" + html_escape(j) + "\"";
}

std::string field_messages(const WizardField& f, const FieldErrors& errors,
                           const std::map<std::string, std::vector<std::string>>& recommended,
                           std::string* describedby) {
  std::string out;
  std::string ids;
  if (!f.help.empty()) {
    out += "<p class=\"help\" id=\"help-" + html_escape(f.id) + "\">" + html_escape(f.help) + "</p>";
    ids += "help-" + f.id;
  }
  auto e = errors.find(f.id);
  if (e != errors.end()) {
    int n = 0;
    for (const auto& msg : e->second) {
      std::string id = "err-" + f.id + "-" + std::to_string(n++);
      // The plugin's message as it wrote it, after the field's label.
      out += "<p class=\"error\" id=\"" + html_escape(id) + "\">" + html_escape(f.label) + ": " + html_escape(msg) +
             "</p>";
      ids += (ids.empty() ? "" : " ") + id;
    }
  }
  auto r = recommended.find(f.id);
  if (r != recommended.end() && !r->second.empty()) {
    std::string id = "sug-" + f.id;
    std::string list;
    for (const auto& s : r->second)
      list += (list.empty() ? "" : ", ") + std::string("<strong>") + html_escape(s) + "</strong>";
    out += "<p class=\"suggestion\" id=\"" + html_escape(id) + "\">Did you mean " + list + "?</p>";
    ids += (ids.empty() ? "" : " ") + id;
  }
  *describedby = ids;
  return out;
}

}  // namespace

std::string render_fields(const WizardStep& step, const StepAnswers& values, const FieldErrors& errors,
                          const std::map<std::string, std::vector<std::string>>& recommended) {
  std::string out;
  for (const auto& f : step.fields) {
    if (!f.answerable()) continue;
    auto v = values.find(f.id);
    std::string value = v != values.end() ? v->second : f.default_value.value_or("");
    const bool invalid = errors.count(f.id) != 0;
    std::string describedby;
    std::string messages = field_messages(f, errors, recommended, &describedby);
    std::string aria = (describedby.empty() ? "" : " aria-describedby=\"" + html_escape(describedby) + "\"") +
                       std::string(invalid ? " aria-invalid=\"true\"" : "") + (f.required ? " required" : "");
    std::string id = input_id(f.id);
    std::string name = html_escape(f.id);
    out += "<div class=\"field" + std::string(invalid ? " invalid" : "") + "\"" + visible_when_attr(f) + ">";
    if (f.kind == "radio") {
      out += "<fieldset" +
             std::string(describedby.empty() ? "" : " aria-describedby=\"" + html_escape(describedby) + "\"") +
             "><legend>" + html_escape(f.label) + "</legend>";
      int n = 0;
      for (const auto& o : f.options) {
        std::string oid = id + "-" + std::to_string(n++);
        out += "<label for=\"" + html_escape(oid) + "\"><input type=\"radio\" id=\"" + html_escape(oid) + "\" name=\"" +
               name + "\" value=\"" + html_escape(o.value) + "\"" + (o.value == value ? " checked" : "") + "> " +
               html_escape(o.label) + "</label>";
        if (!o.help.empty()) out += "<p class=\"help\">" + html_escape(o.help) + "</p>";
      }
      out += "</fieldset>" + messages;
    } else {
      out += "<label for=\"" + html_escape(id) + "\">" + html_escape(f.label) + (f.required ? "" : " (optional)") +
             "</label>";
      if (f.kind == "select") {
        out.append("<select id=\"").append(html_escape(id)).append("\" name=\"").append(name);
        out.append("\"").append(aria).append(">");
        if (value.empty()) out += "<option value=\"\">Choose...</option>";
        for (const auto& o : f.options)
          out += "<option value=\"" + html_escape(o.value) + "\"" + (o.value == value ? " selected" : "") + ">" +
                 html_escape(o.label) + "</option>";
        out += "</select>";
        for (const auto& o : f.options)
          if (!o.help.empty())
            out += "<p class=\"help\"><strong>" + html_escape(o.label) + ":</strong> " + html_escape(o.help) + "</p>";
      } else if (f.kind == "textarea") {
        out.append("<textarea id=\"").append(html_escape(id)).append("\" name=\"").append(name);
        out.append("\" rows=\"3\"").append(aria).append(">").append(html_escape(value)).append("</textarea>");
      } else if (f.kind == "checkbox") {
        out.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"false\">");
        out.append("<input type=\"checkbox\" id=\"").append(html_escape(id)).append("\" name=\"").append(name);
        out.append("\" value=\"true\"").append(value == "true" ? " checked" : "").append(aria).append(">");
      } else {
        // A secret is never sent back to the browser, even after an error.
        out.append("<input type=\"").append(f.secret ? "password" : "text").append("\" id=\"").append(html_escape(id));
        out.append("\" name=\"").append(name).append("\" value=\"").append(f.secret ? "" : html_escape(value));
        out.append("\"");
        if (f.max_length) out.append(" maxlength=\"").append(std::to_string(*f.max_length)).append("\"");
        out.append(aria).append(" autocomplete=\"off\">");
      }
      out += messages;
    }
    out += "</div>\n";
  }
  return out;
}

std::string render_json_html(const rapidjson::Value& v) {
  if (v.IsObject()) {
    std::string out = "<ul>";
    for (auto& m : v.GetObject()) {
      out += "<li><strong>" + html_escape(m.name.GetString()) + "</strong>";
      if (m.value.IsObject() || m.value.IsArray())
        out += render_json_html(m.value);
      else
        out += ": " + html_escape(json_scalar_text(m.value));
      out += "</li>";
    }
    return out + "</ul>";
  }
  if (v.IsArray()) {
    if (v.Empty()) return "<p>(none)</p>";
    std::string out = "<ul>";
    for (auto& item : v.GetArray())
      out += "<li>" +
             (item.IsObject() || item.IsArray() ? render_json_html(item) : html_escape(json_scalar_text(item))) +
             "</li>";
    return out + "</ul>";
  }
  return html_escape(json_scalar_text(v));
}

std::string render_display(const rapidjson::Value* display, bool checks_only, const FieldErrors* shown) {
  if (display == nullptr) return "";
  std::string out;
  std::string texts;
  for (auto& item : display->GetArray()) {
    std::string kind = json_string(item, "kind");
    std::string label = json_string(item, "label");
    const auto* vp = json_member(item, "value");
    std::string value = vp != nullptr ? json_scalar_text(*vp) : "";
    if (checks_only && kind != "check") continue;
    if (kind != "text" && !texts.empty()) {
      out += "<dl class=\"summary\">" + texts + "</dl>";
      texts.clear();
    }
    if (kind == "check") {
      bool ok = json_bool(item, "ok");
      bool repeated = false;
      if (!ok && shown != nullptr)
        for (const auto& [fid, msgs] : *shown)
          for (const auto& m : msgs) repeated = repeated || m == label;
      if (repeated) continue;
      out += std::string("<p class=\"") + (ok ? "check" : "failed") + "\" role=\"status\">" + html_escape(label) +
             (value.empty() ? "" : ": " + html_escape(value)) + "</p>";
    } else if (kind == "list") {
      out += "<h2>" + html_escape(label) + "</h2>";
      const auto* items = json_member(item, "items");
      out += items != nullptr && items->IsArray() ? render_json_html(*items) : "<p>(none)</p>";
    } else if (kind == "warning") {
      out += "<p class=\"warning\" role=\"note\">" + html_escape(label) +
             (value.empty() ? "" : ": " + html_escape(value)) + "</p>";
    } else {
      texts += "<dt>" + html_escape(label) + "</dt><dd>" + html_escape(value) + "</dd>";
    }
  }
  if (!texts.empty()) out += "<dl class=\"summary\">" + texts + "</dl>";
  return out;
}

namespace {

std::string steps_nav(const WizardRun& run, const std::string& current) {
  std::string out = "<ol class=\"steps\" aria-label=\"Steps\">";
  if (run.mode == "create")
    out += std::string("<li") + (current == kHostStepId ? " aria-current=\"step\"" : "") + ">Connector</li>";
  for (const auto& [id, title] : run.steps)
    out += "<li" + std::string(id == current ? " aria-current=\"step\"" : "") + ">" + html_escape(title) + "</li>";
  return out + "</ol>";
}

std::string title_of(const WizardRun& run) {
  if (run.mode == "reconfigure") return "Edit connector";
  if (run.mode == "reauthorize") return "Re-authorize connector";
  return "Create connector";
}

std::string button(const std::string& value, const std::string& text, const std::string& cls = "") {
  return "<button type=\"submit\" name=\"_do\" value=\"" + html_escape(value) + "\"" +
         (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + html_escape(text) + "</button>";
}

}  // namespace

std::string render_wizard_page(const WizardRun& run, const std::string& csrf, const WizardStep& host) {
  const std::string action = "/wizard/" + run.id;
  std::string body;
  std::string heading = title_of(run);
  std::string step_id = kHostStepId;
  std::string form;
  if (run.saved) {
    heading += " - Connected";
    body += "<p class=\"notice\" role=\"status\">Connector \"" + html_escape(run.saved_name) + "\" " +
            (run.mode == "create"        ? "created"
             : run.mode == "reconfigure" ? "saved"
                                         : "re-authorized") +
            " in project \"" + html_escape(run.project) + "\".</p>";
    body += run.saved_display_html;
    body += "<div class=\"actions\"><a class=\"button\" href=\"/connector?project=" + url_encode(run.project) +
            "&amp;name=" + url_encode(run.saved_name) + "\">Done</a></div>";
    return page_shell(heading, run.project,
                      "<h1>" + html_escape(heading) + "</h1>" +
                          steps_nav(run, run.steps.empty() ? std::string() : run.steps.back().first) + body);
  }
  if (!run.engine) {
    heading += " - " + std::string("Connector");
    form += render_fields(host, run.host_values, run.host_errors, {});
    form += "<div class=\"actions\">" + button("next", "Next") + button("cancel", "Cancel", "secondary") + "</div>";
  } else {
    const StepView& v = run.engine->view();
    const WizardStep* step = v.step;
    if (run.holding && run.engine->schema().find(run.action_step) != nullptr)
      step = run.engine->schema().find(run.action_step);
    if (step == nullptr) {
      body += "<p class=\"alert\" role=\"alert\">The wizard cannot continue.</p>";
      return page_shell(heading, run.project, "<h1>" + html_escape(heading) + "</h1>" + body);
    }
    step_id = step->id;
    heading += " - " + step->title;
    if (!step->help.empty()) form += "<p class=\"help\">" + html_escape(step->help) + "</p>";
    const bool on_view_step = step == v.step;
    form += render_fields(*step, on_view_step ? v.values : StepAnswers{}, on_view_step ? v.errors : FieldErrors{},
                          on_view_step ? v.recommended : std::map<std::string, std::vector<std::string>>{});
    const WizardField* act = nullptr;
    for (const auto& f : step->fields)
      if (f.kind == "action") act = &f;
    std::string buttons;
    if (act != nullptr) {
      // The action button, then (under it) what came back from the browser.
      form += "<div class=\"field\">" + button("action", act->label) + "</div>";
      if (on_view_step) {
        auto e = v.errors.find(act->id);
        if (e != v.errors.end())
          for (const auto& msg : e->second) form += "<p class=\"error\" role=\"alert\">" + html_escape(msg) + "</p>";
        for (const auto& [fid, msgs] : v.errors)
          if (fid.empty() || step->find(fid) == nullptr)
            for (const auto& msg : msgs) form += "<p class=\"error\" role=\"alert\">" + html_escape(msg) + "</p>";
      }
      form += render_display(v.display(), run.holding, on_view_step ? &v.errors : nullptr);
      if (run.holding) buttons += button("next", "Next");
    } else if (v.answerable()) {
      for (const auto& [fid, msgs] : v.errors)
        if (fid.empty() || step->find(fid) == nullptr)
          for (const auto& msg : msgs) form += "<p class=\"error\" role=\"alert\">" + html_escape(msg) + "</p>";
      form += render_display(v.display(), false);
      buttons += button("next", "Next");
    } else {
      form += render_display(v.display(), false);
      // The display already says the plan in words; the plan itself is there for whoever wants the detail.
      if (const auto* plan = v.plan())
        form += "<details class=\"plan\"><summary>Plan details</summary>" + render_json_html(*plan) + "</details>";
      buttons += button("finish", "Finish");
    }
    buttons += button("cancel", "Cancel", "secondary");
    form += "<div class=\"actions\">" + buttons + "</div>";
  }
  if (!run.error.empty()) body += "<p class=\"alert\" role=\"alert\">" + html_escape(run.error) + "</p>";
  body +=
      "<form method=\"post\" action=\"" + html_escape(action) + "\" novalidate>" + csrf_input(csrf) + form + "</form>";
  return page_shell(heading, run.project, "<h1>" + html_escape(heading) + "</h1>" + steps_nav(run, step_id) + body);
}

}  // namespace console_host
