// /services/data/...: the REST API, called with the org lock held.
#pragma once

#include "org_model.h"
#include "sim_http.h"

namespace sfsim {

SimResponse handle_rest(Org& org, const SimRequest& req);

}  // namespace sfsim
