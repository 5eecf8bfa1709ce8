// /__sim/...: the simulator's control API, called with the org lock held.
#pragma once

#include "org_model.h"
#include "sim_http.h"

namespace sfsim {

// `initial` is what /__sim/reset restores.
SimResponse handle_control(Org& org, const OrgDefinition& initial, const SimRequest& req);

}  // namespace sfsim
