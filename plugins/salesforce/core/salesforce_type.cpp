#include "salesforce_type.h"

#include "connector_actions.h"
#include "wizard_schema.h"
#include "wizard_session.h"

namespace salesforce {

std::string SalesforceType::describe() { return wizard_schema_json(); }

std::unique_ptr<console::Session> SalesforceType::open(const std::string& context_json, console::CallContext call,
                                                       std::string& first_step_json) {
  auto session = std::make_unique<WizardSession>(host_, call, context_json, pool_);
  first_step_json = session->first_step();
  return session;
}

std::string SalesforceType::run_action(const std::string& state_json, const std::string& action_id,
                                       const std::string& params_json, console::CallContext call) {
  return run_connector_action(host_, call, state_json, action_id, params_json, pool_);
}

}  // namespace salesforce
