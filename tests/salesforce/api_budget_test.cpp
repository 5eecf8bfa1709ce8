// The API-call budgets (docs/api-budget.md): requests that count against the
// org's daily limit, as the simulator counts them, after the token exchange.
#include <gtest/gtest.h>

#include <cstdio>

#include "integration_fixture.h"

namespace sftest {
namespace {

void report(const char* action, int calls, int budget) {
  std::printf("[budget] %-28s %d API requests (budget %d)\n", action, calls, budget);
}

class ApiBudget : public SimTest {
 protected:
  // Completes the wizard with `a`; checks the API requests it made after the
  // token exchange against `budget`.
  WizardRun within_budget(const char* action, const WizardAnswers& a, int budget) {
    WizardRun run = complete_wizard(a);
    report(action, run.api_calls_after_exchange, budget);
    EXPECT_LE(run.api_calls_after_exchange, budget) << action;
    return run;
  }
  // Checks the API requests counted since the last reset_calls() against `budget`.
  void calls_within(const char* action, int budget) {
    report(action, sim().api_calls(), budget);
    EXPECT_LE(sim().api_calls(), budget) << action;
  }
};

TEST_F(ApiBudget, FirstInstallOnAnObjectWithTwoLayoutsTakesAtMostFive) {
  WizardRun run = within_budget("first Install/Update", {}, 5);
  // Exactly the budget: composite, list, read, upsert WebLink, upsert layouts.
  EXPECT_EQ(run.api_calls_after_exchange, 5);
}

TEST_F(ApiBudget, ARepeatedInstallTakesAtMostThree) {
  WizardRun first = complete_wizard({});
  within_budget("repeated Install/Update", reconfigure(first), 3);
}

// One request more than trusting the state: the listing finds cloned
// layouts and buttons a run that did not finish left elsewhere.
TEST_F(ApiBudget, UninstallTakesAtMostFive) {
  WizardRun first = complete_wizard({});
  WizardRun second = within_budget("Uninstall", uninstall(first), 5);
  // Nothing installed any more: a second uninstall is cheaper still.
  within_budget("Uninstall (nothing installed)", uninstall(second), second.api_calls_after_exchange - 1);
}

TEST_F(ApiBudget, SkipTakesAtMostOne) { within_budget("Skip", skip_answers(), 1); }

TEST_F(ApiBudget, ATokenRefreshOutsideTheWizardIsExactlyOneRequest) {
  WizardRun run = complete_wizard(skip_answers());
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
  WizardRun run = complete_wizard(skip_answers());
  sim().reset_calls();
  const auto installed = action(state_of(run), "install");
  ASSERT_FALSE(installed.HasMember("error")) << to_json(installed);
  calls_within("install action", 5);
  sim().reset_calls();
  const auto again = action(to_json(installed["state"]), "install");
  calls_within("install action (repeat)", 3);
  sim().reset_calls();
  const auto removed = action(to_json(again.HasMember("state") ? again["state"] : installed["state"]), "uninstall");
  ASSERT_FALSE(removed.HasMember("error")) << to_json(removed);
  calls_within("uninstall action", 5);
}

}  // namespace
}  // namespace sftest
