// wizard_page.hpp -- the web renderer of the wizard engine: one HTML form
// per step, built from the schema the plugin describes (labels, help,
// options, visible_when) and the step result the engine read (values,
// errors next to their field, suggestions, display items, the plan). It
// knows no connector type.
//
//   std::string html = render_wizard_page(run, csrf, host_step(types));
#ifndef CONSOLE_HOST_SERVE_WIZARD_PAGE_HPP
#define CONSOLE_HOST_SERVE_WIZARD_PAGE_HPP

#include <rapidjson/document.h>

#include <map>
#include <string>
#include <vector>

#include "serve/web_state.hpp"
#include "wizard/schema.hpp"

namespace console_host {

// The fields of a step as labelled inputs, each with its help, errors and suggestions.
std::string render_fields(const WizardStep& step, const StepAnswers& values, const FieldErrors& errors,
                          const std::map<std::string, std::vector<std::string>>& recommended);

// Display items (check, text, list, warning); with `checks_only` just the
// checks. A failed check saying what an error above it already says is left out.
std::string render_display(const rapidjson::Value* display, bool checks_only, const FieldErrors* shown = nullptr);

// A plan (any JSON) as nested lists.
std::string render_json_html(const rapidjson::Value& v);

// The whole wizard page for a run in its current state. `host` is the host step.
std::string render_wizard_page(const WizardRun& run, const std::string& csrf, const WizardStep& host);

}  // namespace console_host

#endif  // CONSOLE_HOST_SERVE_WIZARD_PAGE_HPP
