// /services/Soap/m/<version>[/<orgId>]: the Metadata API (SOAP), called with
// the org lock held.
#pragma once

#include "org_model.h"
#include "sim_http.h"

namespace sfsim {

SimResponse handle_metadata_soap(Org& org, const SimRequest& req);

}  // namespace sfsim
