// Hostile input the host reads never crashes it nor floods the terminal:
// each case once crashed the host (stack exhaustion in std::regex, RapidJSON
// or PropertyTree) or made its output grow without bound.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "host_config.hpp"
#include "host_error.hpp"
#include "json_document.hpp"
#include "wizard/field_validation.hpp"
#include "wizard/schema.hpp"
#include "wizard/wizard_runner.hpp"

namespace console_host {
namespace {

std::string nested_arrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(HostileInput, AHundredThousandCharacterNameGetsTheLengthMessageOnly) {
  WizardStep step = host_step({{"salesforce", "Salesforce", ""}});
  StepAnswers answers{{"name", std::string(100000, 'a')}};
  const FieldErrors errors = validate_step(step, answers, {});
  EXPECT_EQ(errors, (FieldErrors{{"name", {"is longer than 80 characters"}}}));
}

TEST(HostileInput, APatternThatBacktracksForEverIsAnInvalidFormatNotAHang) {
  WizardField f;
  f.id = "code";
  f.kind = "text";
  f.pattern = "^(a+)+$";
  WizardStep step;
  step.id = "s";
  step.fields = {f};
  StepAnswers bad{{"code", std::string(5000, 'a') + "!"}};
  EXPECT_EQ(validate_step(step, bad, {}), (FieldErrors{{"code", {"has an invalid format (must match ^(a+)+$)"}}}));
  StepAnswers good{{"code", std::string(5000, 'a')}};
  EXPECT_TRUE(validate_step(step, good, {}).empty());
}

TEST(HostileInput, DocumentsNestedAMillionDeepAreRefused) {
  const std::string bomb = nested_arrays(1000000);
  rapidjson::Document d;
  EXPECT_FALSE(try_parse_json(d, bomb));
  try {
    parse_json_object(bomb, "the step result");
    FAIL() << "accepted";
  } catch (const HostError& e) {
    EXPECT_STREQ(e.what(), "the step result is nested deeper than 64 levels");
  }
  // 64 levels are fine.
  EXPECT_TRUE(try_parse_json(d, nested_arrays(64)));
}

TEST(HostileInput, AConfigFileNestedDeeplyOrTooLargeIsRefusedByName) {
  const auto dir = std::filesystem::temp_directory_path() / ("hostile_cfg_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string deep = (dir / "deep.json").string();
  std::string doc;
  for (int i = 0; i < 30000; ++i) doc += "{\"a\":";
  doc += "1" + std::string(30000, '}');
  std::ofstream(deep) << doc;
  const std::string big = (dir / "big.ini").string();
  std::ofstream(big) << "[salesforce]\nclient_id = " << std::string(300 * 1024, 'x') << "\n";
  const std::pair<std::string, std::string> cases[] = {
      {deep, "cannot read host configuration " + deep + ": it nests deeper than 8 levels"},
      {big, "cannot read host configuration " + big + ": it is larger than 256 KB"},
  };
  for (const auto& [path, message] : cases) {
    try {
      load_host_config(path);
      ADD_FAILURE() << path;
    } catch (const HostError& e) {
      EXPECT_EQ(e.code(), ExitCode::kInvalidInput);
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
  std::filesystem::remove_all(dir);
}

// `connector show` renders a stored summary: its size must grow with the
// summary, not with the square of its nesting.
TEST(HostileInput, RenderedSummaryGrowsLinearlyWithNesting) {
  const auto rendered_size = [](int depth) {
    std::string doc;
    for (int i = 0; i < depth; ++i) doc += "{\"k\":";
    doc += "1" + std::string(static_cast<size_t>(depth), '}');
    rapidjson::Document d;
    EXPECT_TRUE(try_parse_json(d, doc));
    std::ostringstream out;
    render_json_tree(out, d, 4);
    return out.str().size();
  };
  const size_t at_32 = rendered_size(32);
  const size_t at_64 = rendered_size(64);
  // Linear: doubling the depth adds about the size of the extra nesting
  // (quadratic rendering had added three times the first size).
  EXPECT_LT(at_64, at_32 + 32 * 8) << at_32 << " " << at_64;
  std::ostringstream out;
  rapidjson::Document d;
  ASSERT_TRUE(try_parse_json(d, R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":{"k":{"l":1}}}}}}}}}}}})"));
  render_json_tree(out, d, 4);
  EXPECT_EQ(out.str(),
            "    a:\n      b:\n        c:\n          d:\n            e:\n              f:\n                g:\n"
            "                  h:\n                    i:\n                      j:\n                        k:\n"
            "                          {\"l\":1}\n");
}

}  // namespace
}  // namespace console_host
