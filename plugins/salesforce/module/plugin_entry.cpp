// The plugin library's entry point: registers the Salesforce connector type.
// Everything else lives in salesforce_connector_core.
#include <memory>

#include "console_plugin/console_plugin.hpp"
#include "plugin_version.h"
#include "salesforce_type.h"

namespace {

class SalesforcePlugin : public console::Plugin {
 public:
  void init(console::Host& host, console::TypeList& types) override {
    types.push_back(std::make_unique<salesforce::SalesforceType>(host));
  }
};

}  // namespace

CONSOLE_PLUGIN_ENTRY(SalesforcePlugin, SALESFORCE_PLUGIN_ID, SALESFORCE_PLUGIN_VERSION)
