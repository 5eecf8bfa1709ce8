// `console-host plugins list`: what the loader registered and what it refused.
#include <rapidjson/document.h>

#include <iostream>

#include "cli/cli_context.hpp"
#include "cli/commands.hpp"
#include "json_document.hpp"

namespace console_host {

int plugins_list(const Args& args) {
  GlobalOptions g;
  boost::program_options::options_description desc("plugins list");
  add_global_options(desc, g);
  if (!parse_command(args, "console-host plugins list [--json]", desc)) return 0;
  CliContext ctx(g);
  PluginRegistry& reg = ctx.registry();

  if (g.json) {
    rapidjson::Document d(rapidjson::kObjectType);
    auto& a = d.GetAllocator();
    rapidjson::Value loaded(rapidjson::kArrayType);
    for (const auto& p : reg.plugins()) {
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("id", rapidjson::Value(p->id.c_str(), a), a);
      o.AddMember("display_name", rapidjson::Value(p->display_name.c_str(), a), a);
      o.AddMember("version", rapidjson::Value(p->version.c_str(), a), a);
      std::string abi = std::to_string(p->abi_major) + "." + std::to_string(p->abi_minor);
      o.AddMember("abi", rapidjson::Value(abi.c_str(), a), a);
      o.AddMember("manifest", rapidjson::Value(p->manifest_path.c_str(), a), a);
      o.AddMember("library", rapidjson::Value(p->library_path.c_str(), a), a);
      rapidjson::Value types(rapidjson::kArrayType);
      for (const auto& t : p->type_ids) {
        rapidjson::Value to(rapidjson::kObjectType);
        to.AddMember("id", rapidjson::Value(t.c_str(), a), a);
        const RegisteredType* rt = reg.find_type(t);
        std::string name = rt != nullptr && rt->desc.display_name != nullptr ? rt->desc.display_name : t;
        to.AddMember("display_name", rapidjson::Value(name.c_str(), a), a);
        types.PushBack(to, a);
      }
      o.AddMember("types", types, a);
      loaded.PushBack(o, a);
    }
    rapidjson::Value rejected(rapidjson::kArrayType);
    for (const auto& r : reg.rejected()) {
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("path", rapidjson::Value(r.path.c_str(), a), a);
      o.AddMember("field", rapidjson::Value(r.field.c_str(), a), a);
      o.AddMember("reason", rapidjson::Value(r.reason.c_str(), a), a);
      rejected.PushBack(o, a);
    }
    d.AddMember("host_abi",
                rapidjson::Value((std::to_string(kHostAbiMajor) + "." + std::to_string(kHostAbiMinor)).c_str(), a), a);
    d.AddMember("plugins", loaded, a);
    d.AddMember("rejected", rejected, a);
    std::cout << to_pretty_json(d) << "\n";
    return 0;
  }

  const Terminal& term = ctx.term();
  std::cout << term.bold("Plugins") << " (host ABI " << kHostAbiMajor << "." << kHostAbiMinor << ")\n";
  if (reg.plugins().empty()) std::cout << "  (none loaded)\n";
  for (const auto& p : reg.plugins()) {
    std::cout << "  " << term.green(p->id) << " " << p->version << "  " << p->display_name << "  (ABI " << p->abi_major
              << "." << p->abi_minor << ")\n";
    for (const auto& t : p->type_ids) {
      const RegisteredType* rt = reg.find_type(t);
      std::cout << "    type " << t
                << (rt != nullptr && rt->desc.display_name != nullptr ? std::string(" - ") + rt->desc.display_name : "")
                << "\n";
    }
    std::cout << "    " << term.dim(p->library_path) << "\n";
  }
  if (!reg.rejected().empty()) {
    std::cout << term.bold("Refused") << "\n";
    for (const auto& r : reg.rejected())
      std::cout << "  " << term.red(r.path) << "\n    " << r.field << ": " << r.reason << "\n";
  }
  return 0;
}

}  // namespace console_host
