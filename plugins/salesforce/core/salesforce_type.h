// The Salesforce connector type: the schema, wizard sessions and actions.
//
//   types.push_back(std::make_unique<salesforce::SalesforceType>(host));
#pragma once

#include <memory>
#include <string>

#include "connection_pool.h"
#include "console_plugin/console_plugin.hpp"

namespace salesforce {

class SalesforceType : public console::ConnectorType {
 public:
  explicit SalesforceType(console::Host& host) : host_(host) {}

  const char* type_id() const override { return "salesforce"; }
  const char* display_name() const override { return "Salesforce"; }
  std::string describe() override;
  std::unique_ptr<console::Session> open(const std::string& context_json, console::CallContext call,
                                         std::string& first_step_json) override;
  std::string run_action(const std::string& state_json, const std::string& action_id, const std::string& params_json,
                         console::CallContext call) override;

  // The connections this type keeps warm between sessions and actions.
  ConnectionPool& connection_pool() { return *pool_; }

 private:
  console::Host& host_;
  // Warm connections for every session and action of this type; freed at shutdown.
  std::shared_ptr<ConnectionPool> pool_ = std::make_shared<ConnectionPool>();
};

}  // namespace salesforce
