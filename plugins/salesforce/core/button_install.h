// Carrying out a ButtonPlan, in an order that never leaves a button half
// visible: the button is created before layouts reference it, and deleted
// only after no layout references it. If a step fails, the error says
// exactly what is in place now, and running the action again completes it.
// The state is kept up to date with what succeeded, whatever happens.
//
//   ApplyReport r = apply_plan(api, plan, state);  // may throw console::Error
//   apply_plan(api, plan, state, [&] { return host.cancelled(call); });
#pragma once

#include <functional>
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
//
// `cancelled` (when set) is polled before every write request (the button,
// each batch of at most kMetadataBatchSize layouts, the deletion). Once it
// answers true nothing more is written and apply_plan throws
// console::Error(kCancelledCode, not retryable) whose message says what is
// in place, in the same words as a failure part-way; the state holds what
// was done, so running the action again finishes it.
ApplyReport apply_plan(ApiSession& api, const ButtonPlan& plan, ConnectorState& state,
                       const std::function<bool()>& cancelled = {});

// The error code of a cancelled apply_plan. The ABI has no "cancelled" code;
// see button_install.cpp for why it is "conflict".
extern const char* const kCancelledCode;

// Where a button on page layouts shows up, for the result display.
extern const char* const kWhereTheButtonShows;

}  // namespace salesforce
