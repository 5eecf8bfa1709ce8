// The fixture of the integration suites: one sfsim per suite, reset before
// every test, and a fresh connector type over a fake host.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "sim_harness.h"

namespace sftest {

class SimTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = new Sim(); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  void SetUp() override {
    sim_->reset();
    use_config(sim_config());
  }
  void use_config(const std::string& config) {
    host_ = std::make_unique<FakeHost>(config);
    type_ = std::make_unique<salesforce::SalesforceType>(host_->host());
  }
  Sim& sim() { return *sim_; }
  salesforce::SalesforceType& type() { return *type_; }
  FakeHost& host() { return *host_; }

  // A completed wizard run; fails the test if it did not complete.
  WizardRun complete_wizard(const WizardAnswers& a) {
    WizardRun run = run_wizard(*sim_, *type_, a);
    EXPECT_TRUE(run.result.IsObject()) << "wizard did not complete: " << to_json(run.environment) << " "
                                       << (run.callback.IsObject() ? to_json(run.callback) : "");
    return run;
  }
  std::string state_of(const WizardRun& run) { return to_json(run.result["state"]); }

  // Runs an action; returns the action result, or the error document when
  // it fails (with "error": true added by this helper).
  rapidjson::Document action(const std::string& state_json, const std::string& id, const std::string& params = "{}") {
    try {
      return parse(type_->run_action(state_json, id, params, nullptr));
    } catch (const console::Error& e) {
      rapidjson::Document d = parse(e.to_json());
      d.AddMember("error", true, d.GetAllocator());
      return d;
    }
  }

  static Sim* sim_;
  std::unique_ptr<FakeHost> host_;
  std::unique_ptr<salesforce::SalesforceType> type_;
};

}  // namespace sftest
