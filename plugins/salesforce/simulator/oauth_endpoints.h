// /services/oauth2/{authorize,token,revoke,userinfo,introspect,singleaccess}
// and /id/<org>/<user>: the OAuth endpoints, called with the org lock held.
#pragma once

#include <string>

#include "org_model.h"
#include "sim_http.h"

namespace sfsim {

SimResponse handle_oauth(Org& org, const SimRequest& req);

// Identity and userinfo documents for a user.
std::string identity_json(const Org& org, const UserDef& user, const std::string& version);
std::string userinfo_json(const Org& org, const UserDef& user);

}  // namespace sfsim
