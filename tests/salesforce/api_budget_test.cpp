// The API-call budgets (docs/api-budget.md): requests that count against the
// org's daily limit, as the simulator counts them, after the token exchange.
#include <gtest/gtest.h>

#include <cstdio>

#include "integration_fixture.h"

namespace sftest {
namespace {

using ApiBudget = SimTest;

void report(const char* action, int calls, int budget) {
  std::printf("[budget] %-28s %d API requests (budget %d)\n", action, calls, budget);
}

TEST_F(ApiBudget, FirstInstallOnAnObjectWithTwoLayoutsTakesAtMostFive) {
  WizardRun run = complete_wizard({});
  report("first Install/Update", run.api_calls_after_exchange, 5);
  // Exactly the budget: composite, list, read, upsert WebLink, upsert layouts.
  EXPECT_EQ(run.api_calls_after_exchange, 5);
}

TEST_F(ApiBudget, ARepeatedInstallTakesAtMostThree) {
  WizardRun first = complete_wizard({});
  WizardAnswers again;
  again.mode = "reconfigure";
  again.state_json = state_of(first);
  WizardRun second = complete_wizard(again);
  report("repeated Install/Update", second.api_calls_after_exchange, 3);
  EXPECT_LE(second.api_calls_after_exchange, 3);
}

// One request more than trusting the state: the listing finds cloned
// layouts and buttons a run that did not finish left elsewhere.
TEST_F(ApiBudget, UninstallTakesAtMostFive) {
  WizardRun first = complete_wizard({});
  WizardAnswers un;
  un.mode = "reconfigure";
  un.buttons = "uninstall";
  un.state_json = state_of(first);
  WizardRun second = complete_wizard(un);
  report("Uninstall", second.api_calls_after_exchange, 5);
  EXPECT_LE(second.api_calls_after_exchange, 5);
  // Nothing installed any more: a second uninstall is cheaper still.
  WizardAnswers un2 = un;
  un2.state_json = state_of(second);
  WizardRun third = complete_wizard(un2);
  report("Uninstall (nothing installed)", third.api_calls_after_exchange, second.api_calls_after_exchange - 1);
  EXPECT_LT(third.api_calls_after_exchange, second.api_calls_after_exchange);
}

TEST_F(ApiBudget, SkipTakesAtMostOne) {
  WizardAnswers skip;
  skip.buttons = "skip";
  WizardRun run = complete_wizard(skip);
  report("Skip", run.api_calls_after_exchange, 1);
  EXPECT_LE(run.api_calls_after_exchange, 1);
}

TEST_F(ApiBudget, ATokenRefreshOutsideTheWizardIsExactlyOneRequest) {
  WizardAnswers skip;
  skip.buttons = "skip";
  WizardRun run = complete_wizard(skip);
  sim().reset_calls();
  const auto r = action(state_of(run), "refresh");
  ASSERT_FALSE(r.HasMember("error")) << to_json(r);
  const auto s = sim().state();
  report("token refresh (requests)", s["calls"]["total"].GetInt(), 1);
  EXPECT_EQ(s["calls"]["total"].GetInt(), 1);
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), 1);
  std::printf("[budget] %-28s %d API requests counted against the limit\n", "token refresh",
              s["calls"]["api"].GetInt());
}

TEST_F(ApiBudget, InstallAndUninstallActionsOutsideTheWizardKeepTheSameBudgets) {
  WizardAnswers skip;
  skip.buttons = "skip";
  WizardRun run = complete_wizard(skip);
  sim().reset_calls();
  const auto installed = action(state_of(run), "install");
  ASSERT_FALSE(installed.HasMember("error")) << to_json(installed);
  report("install action", sim().api_calls(), 5);
  EXPECT_LE(sim().api_calls(), 5);
  sim().reset_calls();
  const auto again = action(to_json(installed["state"]), "install");
  report("install action (repeat)", sim().api_calls(), 3);
  EXPECT_LE(sim().api_calls(), 3);
  sim().reset_calls();
  const auto removed = action(to_json(again.HasMember("state") ? again["state"] : installed["state"]), "uninstall");
  ASSERT_FALSE(removed.HasMember("error")) << to_json(removed);
  report("uninstall action", sim().api_calls(), 5);
  EXPECT_LE(sim().api_calls(), 5);
}

}  // namespace
}  // namespace sftest
