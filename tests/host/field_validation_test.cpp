// The wizard renderer's validation: the same rules for prompts, --set and
// answers files, driven by the schema (fixtures beside this file).
#include "wizard/field_validation.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "host_error.hpp"
#include "wizard/answer_sources.hpp"
#include "wizard/schema.hpp"

namespace console_host {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(HOST_TEST_FIXTURES) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const WizardSchema& example() {
  static const WizardSchema schema = parse_wizard_schema(fixture("schema_example.json"));
  return schema;
}

TEST(WizardSchemaTest, ParsesTheExample) {
  const WizardSchema& s = example();
  EXPECT_EQ(s.type_id, "example");
  EXPECT_TRUE(s.singleton_per_project);
  ASSERT_EQ(s.steps.size(), 3u);
  const WizardField* domain = s.steps[0].find("custom_domain");
  ASSERT_NE(domain, nullptr);
  EXPECT_EQ(domain->max_length, 20u);
  EXPECT_EQ(domain->visible_when.at("environment"), std::vector<std::string>{"custom"});
  EXPECT_EQ(s.steps[0].find("email")->default_value, "false");
  EXPECT_TRUE(s.steps[0].find("api_key")->secret);
  EXPECT_FALSE(s.steps[1].fields[0].answerable());
}

struct BadSchema {
  const char* file;
  const char* message;
};

TEST(WizardSchemaTest, CounterExamplesAreRefusedWithThePlace) {
  const BadSchema cases[] = {
      {"schema_unknown_kind.json", "steps[0].fields[0].kind: unknown kind \"slider\""},
      {"schema_bad_pattern.json", "steps[0].fields[0].validation.pattern: not a valid regular expression"},
      {"schema_select_without_options.json", "steps[0].fields[0].options: a select needs options"},
      {"schema_host_step_id.json", "steps[0].id: \"connector\" is the host's own step"},
      {"schema_version_2.json", "schema_version: version 2 is not supported"},
  };
  for (const auto& c : cases) {
    try {
      parse_wizard_schema(fixture(c.file));
      ADD_FAILURE() << c.file;
    } catch (const HostError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << c.file << ": " << e.what();
    }
  }
}

struct StepCase {
  const char* name;
  StepAnswers given;
  FieldErrors errors;      // expected
  StepAnswers normalised;  // expected answers after validation (checked when errors are empty)
};

TEST(FieldValidationTest, EnvironmentStepTable) {
  const StepCase cases[] = {
      {"defaults fill everything",
       {},
       {},
       {{"environment", "production"}, {"buttons", "install"}, {"object", "Account"}, {"email", "false"}}},
      {"custom domain is required only when visible",
       {{"environment", "custom"}},
       {{"custom_domain", {"is required"}}},
       {}},
      {"hidden answers are dropped",
       {{"environment", "test"}, {"custom_domain", "ignored"}, {"buttons", "skip"}, {"object", "Contact"}},
       {},
       {{"environment", "test"}, {"buttons", "skip"}, {"email", "false"}}},
      {"labels and case are accepted for options",
       {{"environment", "Custom Domain"}, {"custom_domain", "acme.example"}, {"buttons", "SKIP"}},
       {},
       {{"environment", "custom"}, {"custom_domain", "acme.example"}, {"buttons", "skip"}, {"email", "false"}}},
      {"unknown option",
       {{"environment", "staging"}},
       {{"environment", {"\"staging\" is not one of: custom, production, test"}}},
       {}},
      {"pattern",
       {{"environment", "custom"}, {"custom_domain", "ACME!"}},
       {{"custom_domain", {"has an invalid format (must match ^[a-z0-9.-]+$)"}}},
       {}},
      {"max length counts characters",
       {{"environment", "custom"}, {"custom_domain", "a23456789012345678901"}},
       {{"custom_domain", {"is longer than 20 characters"}}},
       {}},
      {"checkbox words",
       {{"email", "Yes"}},
       {},
       {{"environment", "production"}, {"buttons", "install"}, {"object", "Account"}, {"email", "true"}}},
      {"checkbox nonsense", {{"email", "maybe"}}, {{"email", {"\"maybe\" is not yes or no"}}}, {}},
      {"unknown field", {{"colour", "red"}}, {{"colour", {"is not a field of step \"environment\""}}}, {}},
      {"blank means the default",
       {{"object", " "}},
       {},
       {{"environment", "production"}, {"buttons", "install"}, {"object", "Account"}, {"email", "false"}}},
      {"blank required without default",
       {{"environment", "custom"}, {"custom_domain", "  "}},
       {{"custom_domain", {"is required"}}},
       {}},
  };
  for (const auto& c : cases) {
    StepAnswers answers = c.given;
    FieldErrors errors = validate_step(example().steps[0], answers, {});
    EXPECT_EQ(errors, c.errors) << c.name;
    if (c.errors.empty()) {
      EXPECT_EQ(answers, c.normalised) << c.name;
    }
  }
}

TEST(FieldValidationTest, VisibleWhenSeesEarlierSteps) {
  WizardField f;
  f.id = "x";
  f.visible_when = {{"environment", {"custom"}}};
  Answers earlier{{"environment", {{"environment", "custom"}}}};
  EXPECT_TRUE(field_visible(f, {}, earlier));
  EXPECT_FALSE(field_visible(f, {{"environment", "test"}}, earlier));  // this step's answer wins
  EXPECT_FALSE(field_visible(f, {}, {}));
}

TEST(FieldValidationTest, AnswersJsonTypesCheckboxes) {
  const WizardStep& step = example().steps[0];
  EXPECT_EQ(answers_json(step, {{"email", "true"}, {"object", "Account"}}), R"({"email":true,"object":"Account"})");
}

TEST(FieldValidationTest, HostStepRequiresATrimmedNameAndAKnownType) {
  WizardStep step = host_step({{"salesforce", "Salesforce", ""}});
  StepAnswers ok{{"name", "  SF EU "}};
  EXPECT_TRUE(validate_step(step, ok, {}).empty());
  EXPECT_EQ(ok.at("name"), "SF EU");
  EXPECT_EQ(ok.at("type"), "salesforce");  // the only type is the default
  StepAnswers bad{{"type", "sheets"}};
  FieldErrors e = validate_step(step, bad, {});
  EXPECT_EQ(e.at("name"), std::vector<std::string>{"is required"});
  EXPECT_EQ(e.at("type"), std::vector<std::string>{"\"sheets\" is not one of: salesforce"});
}

TEST(AnswerSourcesTest, SetFlagsAndFilesCombineWithFlagsWinning) {
  Answers a;
  add_set_answer("environment.object=Contact", a);
  add_set_answer("custom_domain=acme.my.salesforce.com", a);
  std::string path = ::testing::TempDir() + "answers.json";
  std::ofstream(path) << R"({"environment": {"object": "Account", "buttons": "skip", "email": true}})";
  add_answers_file(path, a);
  EXPECT_EQ(*given_answer(a, "environment", "object"), "Contact");
  EXPECT_EQ(*given_answer(a, "environment", "buttons"), "skip");
  EXPECT_EQ(*given_answer(a, "environment", "email"), "true");
  EXPECT_EQ(*given_answer(a, "environment", "custom_domain"), "acme.my.salesforce.com");
  EXPECT_EQ(given_answer(a, "authorize", "object"), nullptr);
}

TEST(AnswerSourcesTest, MalformedInputIsRefused) {
  Answers a;
  EXPECT_THROW(add_set_answer("novalue", a), HostError);
  EXPECT_THROW(add_set_answer(".x=1", a), HostError);
  std::string path = ::testing::TempDir() + "bad_answers.json";
  std::ofstream(path) << R"({"environment": "custom"})";
  try {
    add_answers_file(path, a);
    FAIL();
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("\"environment\" must be an object of field answers"), std::string::npos);
  }
}

}  // namespace
}  // namespace console_host
