// The fixture of the integration suites: one sfsim per suite, reset before
// every test, and a fresh connector type over a fake host.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <utility>

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
  // `a` as the answers that reconfigure the connector `run` completed.
  WizardAnswers reconfigure(const WizardRun& run, WizardAnswers a = {}) {
    a.mode = "reconfigure";
    a.state_json = state_of(run);
    return a;
  }
  // ... choosing Uninstall.
  WizardAnswers uninstall(const WizardRun& run, WizardAnswers a = {}) {
    a.buttons = "uninstall";
    return reconfigure(run, std::move(a));
  }

  // The answers that skip the Smart Flows buttons.
  static WizardAnswers skip_answers() {
    WizardAnswers a;
    a.buttons = "skip";
    return a;
  }
  // A wizard run that stops before submitting the "connected" step.
  WizardRun run_to_connected_step() {
    WizardAnswers a;
    a.stop_before_connected = true;
    return run_wizard(*sim_, *type_, a);
  }

  // Runs an action; returns the action result, or the error document when
  // it fails (with "error": true added by this helper).
  rapidjson::Document action(const std::string& state_json, const std::string& id, const std::string& params = "{}") {
    return result_or_error([&] { return type_->run_action(state_json, id, params, nullptr); });
  }
  // Submits the "connected" step of `run`; its result or error document, as action() answers.
  static rapidjson::Document submit_connected(WizardRun& run) {
    return result_or_error([&] { return run.session->submit("connected", "{}"); });
  }
  template <class Call>
  static rapidjson::Document result_or_error(const Call& call) {
    try {
      return parse(call());
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
