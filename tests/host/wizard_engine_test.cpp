// The wizard engine both renderers share: it reads step results, refuses
// answers by the host's rules before calling the plugin, presses actions,
// and hands redirects over unchanged.
#include "wizard/wizard_engine.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "host_error.hpp"
#include "wizard/schema.hpp"

namespace console_host {
namespace {

constexpr const char* kSchema = R"({"schema_version":1,"type_id":"t","display_name":"T","steps":[
  {"id":"env","title":"Environment","fields":[
    {"id":"where","label":"Where","kind":"select","required":true,"options":[{"value":"a","label":"Alpha"},{"value":"b","label":"Beta"}]},
    {"id":"host","label":"Host","kind":"text","required":true,"visible_when":{"where":["b"]}}]},
  {"id":"auth","title":"Authorize","fields":[{"id":"go","label":"Authorize","kind":"action"}]},
  {"id":"done","title":"Connected","fields":[{"id":"s","label":"S","kind":"status"}]}]})";

// Records every call and answers from a script.
struct FakeSession : WizardSession {
  std::vector<std::string>* calls;
  std::vector<std::string> answers;
  size_t next = 0;
  explicit FakeSession(std::vector<std::string>* c, std::vector<std::string> a) : calls(c), answers(std::move(a)) {}
  std::string reply() { return next < answers.size() ? answers[next++] : R"({"status":"ok","step":"done"})"; }
  std::string submit(const std::string& step, const std::string& json) override {
    calls->push_back("submit " + step + " " + json);
    return reply();
  }
  std::string callback(const std::string& url) override {
    calls->push_back("callback " + url);
    return reply();
  }
  std::string result() override { return R"({"connector_status":"connected"})"; }
};

TEST(WizardEngine, RefusesAnswersBeforeThePluginSeesThem) {
  std::vector<std::string> calls;
  WizardEngine engine(parse_wizard_schema(kSchema), std::make_unique<FakeSession>(&calls, std::vector<std::string>{}),
                      R"({"status":"ok","step":"env","fields":{"where":{"value":"a"}}})");
  EXPECT_EQ(engine.view().values.at("where"), "a");
  const StepView& v = engine.submit({{"where", "Beta"}});
  EXPECT_TRUE(v.from_host);
  EXPECT_EQ(v.status, StepStatus::kInvalid);
  EXPECT_EQ(v.errors.at("host"), std::vector<std::string>{"is required"});
  EXPECT_TRUE(calls.empty());
}

TEST(WizardEngine, SubmitsNormalisedAnswersPressesActionsAndPassesRedirects) {
  std::vector<std::string> calls;
  auto session = std::make_unique<FakeSession>(
      &calls,
      std::vector<std::string>{
          R"({"status":"ok","step":"auth"})",
          R"({"status":"browser","step":"auth","browser_url":"https://x/authorize?state=s1"})",
          R"({"status":"invalid","step":"auth","fields":{"go":{"errors":["denied"]}}})",
          R"({"status":"ok","step":"done","complete":true,"display":[{"kind":"check","ok":true,"label":"ok"}]})"});
  WizardEngine engine(parse_wizard_schema(kSchema), std::move(session), R"({"status":"ok","step":"env"})");
  EXPECT_EQ(engine.submit({{"where", "Beta"}, {"host", "h.example"}}).step_id, "auth");
  EXPECT_EQ(engine.press().browser_url, "https://x/authorize?state=s1");
  const StepView& denied = engine.callback("http://c/cb?error=access_denied");
  EXPECT_EQ(denied.errors.at("go"), std::vector<std::string>{"denied"});
  EXPECT_FALSE(denied.from_host);
  const StepView& done = engine.press();
  EXPECT_TRUE(done.complete);
  ASSERT_NE(done.display(), nullptr);
  EXPECT_EQ(engine.result(), R"({"connector_status":"connected"})");
  EXPECT_EQ(calls,
            (std::vector<std::string>{R"(submit env {"host":"h.example","where":"b"})", R"(submit auth {"go":true})",
                                      "callback http://c/cb?error=access_denied", R"(submit auth {"go":true})"}));
}

TEST(WizardEngine, AStepTheSchemaDoesNotDeclareIsAnError) {
  std::vector<std::string> calls;
  try {
    WizardEngine engine(parse_wizard_schema(kSchema), std::make_unique<FakeSession>(&calls, std::vector<std::string>{}),
                        R"({"status":"ok","step":"nowhere"})");
    FAIL() << "accepted";
  } catch (const HostError& e) {
    EXPECT_STREQ(e.what(), "the plugin asked for step \"nowhere\", which its schema does not declare");
  }
}

TEST(WizardEngine, ResultBeforeCompletionIsRefused) {
  std::vector<std::string> calls;
  WizardEngine engine(parse_wizard_schema(kSchema), std::make_unique<FakeSession>(&calls, std::vector<std::string>{}),
                      R"({"status":"ok","step":"env"})");
  EXPECT_THROW(engine.result(), HostError);
}

// An "invalid" step result may say why (wizard-protocol.md, section 3):
// the code is read once, into the view.
TEST(WizardEngine, ReadsTheCodeOfARefusal) {
  std::vector<std::string> calls;
  WizardEngine engine(parse_wizard_schema(kSchema), std::make_unique<FakeSession>(&calls, std::vector<std::string>{}),
                      R"({"status":"invalid","code":"network","step":"auth","fields":{"go":{"errors":["down"]}}})");
  EXPECT_EQ(engine.view().status, StepStatus::kInvalid);
  ASSERT_TRUE(engine.view().error_code.has_value());
  EXPECT_EQ(*engine.view().error_code, ErrorCode::kNetwork);
  WizardEngine plain(parse_wizard_schema(kSchema), std::make_unique<FakeSession>(&calls, std::vector<std::string>{}),
                     R"({"status":"invalid","step":"auth","fields":{"go":{"errors":["no"]}}})");
  EXPECT_FALSE(plain.view().error_code.has_value());
}

TEST(Vocabulary, EveryWordReadsBackAsItself) {
  for (const char* w : {"ok", "invalid", "browser"}) EXPECT_EQ(to_string(parse_step_status(w)), w);
  EXPECT_EQ(parse_step_status("later"), StepStatus::kUnknown);
  for (const char* w : {"connected", "reauthorization_needed", "creating", "abandoned"})
    EXPECT_EQ(to_string(parse_connector_status(w)), w);
  EXPECT_EQ(parse_connector_status("weird"), ConnectorStatus::kOther);
  for (const char* w : {"invalid_input", "auth_required", "auth_denied", "permission_missing", "rate_limited",
                        "remote_error", "network", "conflict", "cancelled", "unsupported", "internal", "not_found"})
    EXPECT_EQ(to_string(parse_error_code(w)), w);
  EXPECT_EQ(parse_error_code("meltdown"), ErrorCode::kInternal);
}

// The exit code table, by plugin error code (docs/host.md, "Exit codes").
TEST(Vocabulary, PluginErrorsMapToTheDocumentedExitCodes) {
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kInvalidInput), ExitCode::kInvalidInput);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kAuthDenied), ExitCode::kAuthorization);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kAuthRequired), ExitCode::kAuthorization);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kPermissionMissing), ExitCode::kAuthorization);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kNetwork), ExitCode::kRemote);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kRemoteError), ExitCode::kRemote);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kRateLimited), ExitCode::kRemote);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kNotFound), ExitCode::kNotFound);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kCancelled), ExitCode::kCancelled);
  EXPECT_EQ(exit_code_for_plugin_error(ErrorCode::kInternal), ExitCode::kFailure);
}

}  // namespace
}  // namespace console_host
