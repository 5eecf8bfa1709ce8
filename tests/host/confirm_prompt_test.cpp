// The wizard's "Continue? [Y/n]" before a change: only a clear yes goes
// ahead. A scripted admin answers; a fake plugin session counts how often
// the change was applied.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <sstream>
#include <string>

#include "host_error.hpp"
#include "oauth/callback_listener.hpp"
#include "terminal.hpp"
#include "wizard/schema.hpp"
#include "wizard/wizard_engine.hpp"
#include "wizard/wizard_runner.hpp"

namespace console_host {
namespace {

class ScriptedAdmin : public Prompter {
 public:
  explicit ScriptedAdmin(std::deque<std::string> lines) : lines_(std::move(lines)) {}
  std::optional<std::string> ask(const std::string& prompt, bool) override {
    prompts.push_back(prompt);
    if (lines_.empty()) return std::nullopt;
    std::string l = lines_.front();
    lines_.pop_front();
    return l;
  }
  std::vector<std::string> prompts;

 private:
  std::deque<std::string> lines_;
};

// A plugin session whose only step shows a plan and applies it when confirmed.
class PlanSession : public WizardSession {
 public:
  explicit PlanSession(int& applied) : applied_(applied) {}
  std::string submit(const std::string&, const std::string&) override {
    ++applied_;
    return R"({"schema_version":1,"status":"ok","step":"connected","complete":true})";
  }
  std::string callback(const std::string&) override { return "{}"; }
  std::string result() override { return R"({"connector_status":"connected"})"; }

 private:
  int& applied_;
};

constexpr const char* kSchema = R"({"schema_version":1,"type_id":"t","display_name":"T",)"
                                R"("steps":[{"id":"connected","title":"Connected","fields":[]}]})";
constexpr const char* kPlanStep = R"({"schema_version":1,"status":"ok","step":"connected",)"
                                  R"("plan":{"actions":["Create the button."]}})";

struct Outcome {
  int applied = 0;
  int exit_code = 0;  // 0 when the wizard went ahead
  std::vector<std::string> prompts;
};

Outcome answer(std::deque<std::string> lines) {
  Outcome r;
  ScriptedAdmin admin(std::move(lines));
  Terminal term;
  std::ostringstream out;
  WizardOptions options;
  options.interactive = true;
  WizardRunner runner(admin, term, out, options);
  WizardEngine engine(parse_wizard_schema(kSchema), std::make_unique<PlanSession>(r.applied), kPlanStep);
  CallbackListener listener(0);
  try {
    runner.run(engine, listener);
  } catch (const HostError& e) {
    r.exit_code = static_cast<int>(e.code());
  }
  r.prompts = admin.prompts;
  return r;
}

TEST(ConfirmPrompt, OnlyEnterYOrYesGoAhead) {
  for (const std::string yes : {"", "y", "Y", "yes", " YES "}) {
    const Outcome r = answer({yes});
    EXPECT_EQ(r.applied, 1) << "\"" << yes << "\"";
    EXPECT_EQ(r.exit_code, 0) << "\"" << yes << "\"";
  }
}

TEST(ConfirmPrompt, NoOrQuitCancelsWithNothingChanged) {
  for (const std::string no : {"n", "no", "N", "q", "quit"}) {
    const Outcome r = answer({no});
    EXPECT_EQ(r.applied, 0) << no;
    EXPECT_EQ(r.exit_code, static_cast<int>(ExitCode::kCancelled)) << no;
  }
}

TEST(ConfirmPrompt, AnythingElseIsAskedAgain) {
  const Outcome r = answer({"maybe", "ok", "y"});
  EXPECT_EQ(r.applied, 1);
  ASSERT_EQ(r.prompts.size(), 3u);
  EXPECT_EQ(r.prompts[0], "\n  Continue? [Y/n]: ");
  EXPECT_EQ(r.prompts[1], "  Please answer y (go ahead) or n (cancel). Continue? [Y/n]: ");
  const Outcome gave_up = answer({"maybe"});  // then end of input
  EXPECT_EQ(gave_up.applied, 0);
  EXPECT_EQ(gave_up.exit_code, static_cast<int>(ExitCode::kCancelled));
}

}  // namespace
}  // namespace console_host
