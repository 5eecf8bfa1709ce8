// answer_sources.hpp -- wizard answers given up front, for non-interactive
// runs (and to skip prompts in interactive ones).
//
//   --set step.field=value   an answer for one field of one step
//   --set field=value        an answer for the field of that id in whichever step asks for it
//   --answers FILE           {"connector": {"name": "SF"}, "environment": {"environment": "custom"}}
//
// Flags win over the file. Unqualified answers are kept under the step id "".
#ifndef CONSOLE_HOST_WIZARD_ANSWER_SOURCES_HPP
#define CONSOLE_HOST_WIZARD_ANSWER_SOURCES_HPP

#include <string>
#include <vector>

#include "wizard/field_validation.hpp"

namespace console_host {

// Parses one --set argument into `answers`. Throws HostError(kUsage).
void add_set_answer(const std::string& arg, Answers& answers);

// Reads an answers file into `answers` (without overwriting what is there).
// Throws HostError(kInvalidInput) naming the file and member.
void add_answers_file(const std::string& path, Answers& answers);

// The same for answers already read; `origin` names them in errors
// ("answers file /tmp/a.json").
void add_answers_json(const std::string& text, const std::string& origin, Answers& answers);

// The answer for step.field: the step-qualified one, else the unqualified one.
const std::string* given_answer(const Answers& given, const std::string& step_id, const std::string& field_id);

// Refuses answers no step of the wizard would read (a misspelt step or
// field, as in --set obejct=Lead): throws HostError(kInvalidInput) naming
// each one and the steps there are, so nothing goes ahead on defaults.
void check_answers_are_known(const Answers& given, const std::vector<const WizardStep*>& steps);

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_ANSWER_SOURCES_HPP
