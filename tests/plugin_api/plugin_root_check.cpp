// plugin_root_check <root> <expected plugin id>: loads one plugin root the
// way the host does and fails unless the expected plugin loaded cleanly.
#include <iostream>
#include <string>

#include "loader/plugin_registry.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: plugin_root_check <root> <plugin id>\n";
    return 2;
  }
  console_host::PluginRegistry registry(nullptr);
  registry.load_roots({argv[1]});
  for (const auto& r : registry.rejected()) std::cerr << r.path << ": " << r.field << ": " << r.reason << "\n";
  for (const auto& p : registry.plugins()) {
    std::cout << p->id << " " << p->version << " ABI " << p->abi_major << "." << p->abi_minor << "\n";
    if (p->id == argv[2]) return registry.rejected().empty() ? 0 : 1;
  }
  std::cerr << "plugin '" << argv[2] << "' did not load\n";
  return 1;
}
