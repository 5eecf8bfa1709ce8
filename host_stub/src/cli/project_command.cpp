// `console-host project list`, and the connector views shared by the
// connector commands.
#include <rapidjson/document.h>

#include <iomanip>
#include <iostream>

#include "cli/cli_context.hpp"
#include "cli/commands.hpp"
#include "cli/connector_view.hpp"
#include "console_plugin/input_bounds.hpp"
#include "json_document.hpp"
#include "wizard/wizard_runner.hpp"

namespace console_host {

rapidjson::Value connector_json(const ConnectorRecord& c, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value o(rapidjson::kObjectType);
  o.AddMember("id", c.id, a);
  o.AddMember("project", rapidjson::Value(c.project.c_str(), a), a);
  o.AddMember("name", rapidjson::Value(c.name.c_str(), a), a);
  o.AddMember("description", rapidjson::Value(c.description.c_str(), a), a);
  o.AddMember("type", rapidjson::Value(c.type_id.c_str(), a), a);
  o.AddMember("status", rapidjson::Value(c.status.c_str(), a), a);
  rapidjson::Document summary;
  if (!try_parse_json(summary, c.summary_json) || !summary.IsObject()) summary.SetObject();
  o.AddMember("summary", rapidjson::Value(summary, a), a);
  o.AddMember("created_ms", c.created_ms, a);
  o.AddMember("updated_ms", c.updated_ms, a);
  o.AddMember("last_used_ms", c.last_used_ms, a);
  return o;
}

std::string status_text(const Terminal& term, const std::string& status) {
  if (status == "connected") return term.green(status);
  if (status == "reauthorization_needed") return term.yellow("re-authorization needed");
  return status;
}

void print_connector(std::ostream& out, const Terminal& term, const ConnectorRecord& c) {
  out << term.bold(c.name) << " (project " << c.project << ", type " << c.type_id << ")\n";
  if (!c.description.empty()) out << "  description: " << c.description << "\n";
  out << "  status: " << status_text(term, c.status) << "\n";
  rapidjson::Document summary;
  if (try_parse_json(summary, c.summary_json) && summary.IsObject() && summary.MemberCount() > 0) {
    out << "  summary:\n";
    render_json_tree(out, summary, 4);
  } else if (!c.summary_json.empty() && c.summary_json != "{}" && !summary.IsObject()) {
    out << "  summary: (not shown: not a JSON object nested at most " << console::bounds::kMaxJsonDepth
        << " levels deep)\n";
  }
  out << "  created: " << format_time(c.created_ms) << "\n";
  out << "  last used: " << format_time(c.last_used_ms) << "\n";
}

int project_list(const Args& args) {
  GlobalOptions g;
  boost::program_options::options_description desc("project list");
  add_global_options(desc, g);
  if (!parse_command(args, "console-host project list [--json]", desc)) return 0;
  CliContext ctx(g);
  auto projects = ctx.store_exists() ? ctx.store().list_projects() : decltype(ctx.store().list_projects()){};
  if (g.json) {
    rapidjson::Document d(rapidjson::kArrayType);
    auto& a = d.GetAllocator();
    for (const auto& p : projects) {
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("name", rapidjson::Value(p.name.c_str(), a), a);
      o.AddMember("connectors", p.connector_count, a);
      d.PushBack(o, a);
    }
    std::cout << to_pretty_json(d) << "\n";
    return 0;
  }
  if (projects.empty()) std::cout << "No projects yet. `console-host connector create --project NAME` makes one.\n";
  for (const auto& p : projects)
    std::cout << p.name << "  (" << p.connector_count << " connector" << (p.connector_count == 1 ? "" : "s") << ")\n";
  return 0;
}

}  // namespace console_host
