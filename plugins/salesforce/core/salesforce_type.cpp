#include "salesforce_type.h"

#include "wizard_schema.h"

namespace salesforce {

std::string SalesforceType::describe() { return wizard_schema_json(); }

std::unique_ptr<console::Session> SalesforceType::open(const std::string&, console::CallContext, std::string&) {
  throw console::Error(CONSOLE_ERR_UNSUPPORTED, "the Salesforce wizard is not available yet");
}

std::string SalesforceType::run_action(const std::string&, const std::string& action_id, const std::string&,
                                       console::CallContext) {
  throw console::Error(CONSOLE_ERR_UNSUPPORTED, "unknown action '" + action_id + "'");
}

}  // namespace salesforce
