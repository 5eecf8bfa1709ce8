// field_validation.hpp -- the host's check of wizard answers, the same for
// prompts, --set flags and answers files.
//
// The plugin validates again (its check is the law); the host's check gives
// the admin an answer before anything is sent, field by field, with the
// rules the schema declares: visible_when, required, options, max_length,
// pattern (the whole value must match).
//
//   Answers all;                            // step id -> field id -> text
//   StepAnswers env{{"environment", "custom"}};
//   FieldErrors errors = validate_step(schema.steps[0], env, all);
//   // errors["custom_domain"] == {"is required"}
#ifndef CONSOLE_HOST_WIZARD_FIELD_VALIDATION_HPP
#define CONSOLE_HOST_WIZARD_FIELD_VALIDATION_HPP

#include <map>
#include <string>
#include <vector>

#include "wizard/schema.hpp"

namespace console_host {

using StepAnswers = std::map<std::string, std::string>;
using Answers = std::map<std::string, StepAnswers>;
using FieldErrors = std::map<std::string, std::vector<std::string>>;

// The value a visible_when condition sees for `field_id`: this step's
// answer first, then any earlier step's; "" when unanswered.
std::string visible_when_value(const std::string& field_id, const StepAnswers& current, const Answers& earlier);

bool field_visible(const WizardField& field, const StepAnswers& current, const Answers& earlier);

// Turns what an admin typed into the field's canonical text: an option's
// value from its value or label (case-insensitive), "true"/"false" for a
// checkbox from yes/no/y/n/1/0/on/off. Other text is returned unchanged.
std::string normalise_answer(const WizardField& field, const std::string& text);

// The errors of one value of a visible field ("" counts as unanswered).
std::vector<std::string> validate_value(const WizardField& field, const std::string& value);

// Validates a step: fills defaults for unanswered visible fields, removes
// answers to invisible fields, normalises, and returns the errors by field
// id (empty when the step is fine). Answers for unknown fields are errors too.
FieldErrors validate_step(const WizardStep& step, StepAnswers& answers, const Answers& earlier);

// The answers as the step's JSON object for session_submit: checkboxes as
// booleans, everything else as strings.
std::string answers_json(const WizardStep& step, const StepAnswers& answers);

}  // namespace console_host

#endif  // CONSOLE_HOST_WIZARD_FIELD_VALIDATION_HPP
