// Carrying out a ButtonPlan, in an order that never leaves a button half
// visible: the button is created before layouts reference it, and deleted
// only after no layout references it. If a step fails, the error says
// exactly what is in place now, and running the action again completes it.
// The state is kept up to date with what succeeded, whatever happens.
//
//   ApplyReport r = apply_plan(api, plan, state);  // may throw console::Error
//   apply_plan(api, plan, state, {[&] { return host.cancelled(call); }, host.cancelled_code()});
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api_session.h"
#include "button_plan.h"
#include "connector_state.h"
#include "console_plugin/console_plugin.h"

namespace salesforce {

// How apply_plan learns that the host asked it to stop, and the error code
// it then stops with (console::Host::cancelled_code(): "cancelled" to an
// ABI 1.2 host, "conflict" to a 1.1 host).
struct Cancellation {
  std::function<bool()> requested;  // unset: never cancelled
  std::string code = CONSOLE_ERR_CANCELLED;
};

struct ApplyReport {
  bool changed = false;
  std::vector<std::string> lines;  // what was done, for the step's display
};

// Applies `plan`; updates state.installed_object / installed_layouts /
// button_fingerprint. Throws console::Error(remote_error, retryable) naming
// what is in place when a step fails part-way.
//
// `cancel.requested` (when set) is polled before every write request (the
// button, each batch of at most kMetadataBatchSize layouts, the deletion).
// Once it answers true nothing more is written and apply_plan throws
// console::Error(cancel.code, not retryable) whose message says what is in
// place, in the same words as a failure part-way; the state holds what was
// done, so running the action again finishes it.
ApplyReport apply_plan(ApiSession& api, const ButtonPlan& plan, ConnectorState& state, const Cancellation& cancel = {});

// Where a button on page layouts shows up, for the result display.
extern const char* const kWhereTheButtonShows;

}  // namespace salesforce
