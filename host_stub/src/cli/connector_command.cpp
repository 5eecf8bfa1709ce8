// `console-host connector list` and `connector show`.
#include <rapidjson/document.h>

#include <iomanip>
#include <iostream>

#include "cli/cli_context.hpp"
#include "cli/commands.hpp"
#include "cli/connector_view.hpp"
#include "json_document.hpp"

namespace console_host {

namespace po = boost::program_options;

namespace {

// A pending row is shown as "creating" while its creator runs, and as
// "abandoned" once the creator died or its reservation expired (the next
// create of that name or slot replaces it).
void show_pending_as_such(Store& store, ConnectorRecord& c) {
  if (c.pending) c.status = store.lease_live(c) ? "creating" : "abandoned";
}

}  // namespace

int connector_list(const Args& args) {
  GlobalOptions g;
  std::string project;
  po::options_description desc("connector list");
  desc.add_options()("project,p", po::value(&project), "only this project's connectors");
  add_global_options(desc, g);
  if (!parse_command(args, "console-host connector list [--project P] [--json]", desc)) return 0;
  CliContext ctx(g);
  auto all = ctx.store_exists() ? ctx.store().list_connectors(project) : std::vector<ConnectorRecord>{};
  for (auto& c : all) show_pending_as_such(ctx.store(), c);
  if (g.json) {
    rapidjson::Document d(rapidjson::kArrayType);
    for (const auto& c : all) d.PushBack(connector_json(c, d.GetAllocator()), d.GetAllocator());
    std::cout << to_pretty_json(d) << "\n";
    return 0;
  }
  if (all.empty()) {
    std::cout << "No connectors" << (project.empty() ? "" : " in project \"" + project + "\"") << ".\n";
    return 0;
  }
  size_t wp = 7, wn = 4, wt = 4;
  for (const auto& c : all) {
    wp = std::max(wp, c.project.size());
    wn = std::max(wn, c.name.size());
    wt = std::max(wt, c.type_id.size());
  }
  const Terminal& term = ctx.term();
  std::cout << std::left << std::setw(static_cast<int>(wp + 2)) << "PROJECT" << std::setw(static_cast<int>(wn + 2))
            << "NAME" << std::setw(static_cast<int>(wt + 2)) << "TYPE" << std::setw(26) << "STATUS"
            << "LAST USED\n";
  for (const auto& c : all) {
    std::string status = status_text(term, c.status);
    std::cout << std::left << std::setw(static_cast<int>(wp + 2)) << c.project << std::setw(static_cast<int>(wn + 2))
              << c.name << std::setw(static_cast<int>(wt + 2)) << c.type_id
              << std::setw(static_cast<int>(26 + status.size() -
                                            (c.status == "reauthorization_needed"
                                                 ? std::string("re-authorization needed").size()
                                                 : c.status.size())))
              << status << format_time(c.last_used_ms) << "\n";
  }
  return 0;
}

int connector_show(const Args& args) {
  GlobalOptions g;
  std::string project, name;
  po::options_description desc("connector show");
  desc.add_options()("project,p", po::value(&project), "the project")("name,n", po::value(&name), "the connector");
  add_global_options(desc, g);
  po::positional_options_description pos;
  pos.add("name", 1);
  if (!parse_command(args, "console-host connector show --project P NAME [--json]", desc, &pos)) return 0;
  CliContext ctx(g);
  ConnectorRecord c = ctx.connector(project, name, false);
  show_pending_as_such(ctx.store(), c);
  if (g.json) {
    rapidjson::Document d;
    d.SetObject();
    rapidjson::Value v = connector_json(c, d.GetAllocator());
    std::cout << to_pretty_json(v) << "\n";
    return 0;
  }
  print_connector(std::cout, ctx.term(), c);
  return 0;
}

}  // namespace console_host
