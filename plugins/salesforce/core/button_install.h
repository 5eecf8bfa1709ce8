// Carrying out a ButtonPlan, in an order that never leaves a button half
// visible: the button is created before layouts reference it, and deleted
// only after no layout references it. If a step fails, the error says
// exactly what is in place now, and running the action again completes it.
// The state is kept up to date with what succeeded, whatever happens.
//
//   ApplyReport r = apply_plan(api, plan, state);  // may throw console::Error
#pragma once

#include <string>
#include <vector>

#include "api_session.h"
#include "button_plan.h"
#include "connector_state.h"

namespace salesforce {

struct ApplyReport {
  bool changed = false;
  std::vector<std::string> lines;  // what was done, for the step's display
};

// Applies `plan`; updates state.installed_object / installed_layouts /
// button_fingerprint. Throws console::Error(remote_error, retryable) naming
// what is in place when a step fails part-way.
ApplyReport apply_plan(ApiSession& api, const ButtonPlan& plan, ConnectorState& state);

// Where a button on page layouts shows up, for the result display.
extern const char* const kWhereTheButtonShows;

}  // namespace salesforce
