// The terminal renderer's promises without a terminal: a refusal is the
// command's error (thrown with the exit code its "code" implies, printed
// by main and not here), and a plan is shown once.
#include "wizard/wizard_runner.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>

#include "host_error.hpp"
#include "oauth/callback_listener.hpp"
#include "terminal.hpp"
#include "wizard/schema.hpp"
#include "wizard/wizard_engine.hpp"

namespace console_host {
namespace {

constexpr const char* kSchema = R"({"schema_version":1,"type_id":"t","display_name":"T","steps":[
  {"id":"auth","title":"Authorize","fields":[{"id":"go","label":"Authorize","kind":"action"}]},
  {"id":"connected","title":"Connected","fields":[]}]})";

struct NoPrompts : Prompter {
  std::optional<std::string> ask(const std::string&, bool) override { return std::nullopt; }
};

// A session that is never called: each test looks at the first step result.
struct Idle : WizardSession {
  std::string submit(const std::string&, const std::string&) override {
    return R"({"status":"ok","step":"connected","complete":true})";
  }
  std::string callback(const std::string&) override { return "{}"; }
  std::string result() override { return R"({"connector_status":"connected"})"; }
};

struct RunResult {
  std::string out;
  ExitCode code = ExitCode::kOk;
  std::string word, field, message;
  bool completed = false;
};

RunResult run_first_step(const std::string& first_step, bool dry_run = false) {
  RunResult r;
  NoPrompts prompts;
  Terminal term;
  std::ostringstream out;
  WizardOptions options;
  options.dry_run = dry_run;
  WizardRunner runner(prompts, term, out, options);
  WizardEngine engine(parse_wizard_schema(kSchema), std::make_unique<Idle>(), first_step);
  CallbackListener listener(0);
  try {
    r.completed = runner.run(engine, listener).completed;
  } catch (const HostError& e) {
    r.code = e.code();
    r.word = e.word();
    r.field = e.field();
    r.message = e.what();
  }
  r.out = out.str();
  return r;
}

TEST(WizardRunner, ARefusalWithACodeExitsAsTheCodeSaysAndIsNotPrintedHere) {
  const RunResult r = run_first_step(R"({"status":"invalid","code":"network","step":"auth",)"
                                     R"("fields":{"go":{"errors":["Could not reach the org."]}},)"
                                     R"("display":[{"kind":"check","ok":false,"label":"Could not reach the org."}]})");
  EXPECT_EQ(r.code, ExitCode::kRemote);
  EXPECT_EQ(r.word, "network");
  EXPECT_EQ(r.field, "auth.go");
  EXPECT_EQ(r.message, "step \"Authorize\" failed:\n  auth.go: Could not reach the org.");
  EXPECT_EQ(r.out.find("Could not reach the org."), std::string::npos) << r.out;
}

TEST(WizardRunner, ARefusalWithoutACodeOnAnActionIsARefusedAuthorization) {
  const RunResult denied =
      run_first_step(R"({"status":"invalid","step":"auth","fields":{"go":{"errors":["Deny was chosen."]}}})");
  EXPECT_EQ(denied.code, ExitCode::kAuthorization);
  EXPECT_EQ(denied.word, "authorization");
  const RunResult perms = run_first_step(
      R"({"status":"invalid","code":"permission_missing","step":"auth","fields":{"go":{"errors":["No MAD."]}}})");
  EXPECT_EQ(perms.code, ExitCode::kAuthorization);
  EXPECT_EQ(perms.word, "permission_missing");
}

TEST(WizardRunner, APlanSaidInADisplayListIsShownOnce) {
  const RunResult r = run_first_step(R"({"status":"ok","step":"connected",)"
                                     R"("display":[{"kind":"list","label":"Install","items":["Create the button."]}],)"
                                     R"("plan":{"changes":[{"name":"A%28B%29"}],"summary":["Create the button."]}})",
                                     true);
  EXPECT_EQ(r.code, ExitCode::kOk) << r.message;
  EXPECT_FALSE(r.completed);
  EXPECT_EQ(r.out.find("Create the button."), r.out.rfind("Create the button.")) << r.out;
  EXPECT_EQ(r.out.find("Plan:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("%28"), std::string::npos) << r.out;
}

TEST(WizardRunner, APlanNobodyPutIntoWordsIsShownByItsSummary) {
  const RunResult r = run_first_step(
      R"({"status":"ok","step":"connected","plan":{"changes":[{"name":"x"}],"summary":["Create the button."]}})", true);
  EXPECT_NE(r.out.find("  Plan:\n    - Create the button.\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("changes"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace console_host
