// Fuzz target: what the host reads from outside when it runs a wizard: a
// plugin's schema document, --set arguments and answers files, and the
// validation of those answers against a real schema. Every input becomes a
// result or a HostError; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include "host_error.hpp"
#include "wizard/answer_sources.hpp"
#include "wizard/field_validation.hpp"
#include "wizard/schema.hpp"

namespace {

const console_host::WizardSchema& example_schema() {
  static const console_host::WizardSchema schema = [] {
    std::ifstream in(HOST_SCHEMA_FIXTURE);
    return console_host::parse_wizard_schema(std::string(std::istreambuf_iterator<char>(in), {}));
  }();
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using console_host::HostError;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    console_host::parse_wizard_schema(text);
  } catch (const HostError&) {
  }

  console_host::Answers answers;
  const std::string first_line = text.substr(0, text.find('\n'));
  try {
    console_host::add_set_answer(first_line, answers);
  } catch (const HostError&) {
  }
  try {
    console_host::add_answers_json(text, "fuzz input", answers);
  } catch (const HostError&) {
  }
  for (const auto& step : example_schema().steps) {
    console_host::StepAnswers current = answers[step.id];
    console_host::FieldErrors errors = console_host::validate_step(step, current, answers);
    for (const auto& [field, messages] : errors) {
      if (messages.empty()) __builtin_trap();  // a field listed with no reason
    }
    (void)console_host::answers_json(step, current);
  }
  return 0;
}
