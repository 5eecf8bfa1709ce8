// Browser steps of the authorization-code flow, shared by the HTML forms
// (oauth_endpoints.cpp) and POST /__sim/browser/authorize (control_endpoints.cpp).
#pragma once

#include <string>

#include "org_model.h"
#include "sim_http.h"

namespace sfsim {

struct AuthorizeOutcome {
  std::string redirect;    // non-empty: where the browser is sent now
  std::string pending_id;  // non-empty: a login/approval page is shown
  std::string error;       // login error text shown on the login page
};
AuthorizeOutcome begin_authorization(Org& org, const ParamMap& params);
AuthorizeOutcome submit_login(Org& org, const std::string& pending_id, const std::string& username,
                              const std::string& password);
AuthorizeOutcome submit_approval(Org& org, const std::string& pending_id, bool allow);
// True when `uri` is exactly one of the app's callback URLs (scheme, host,
// port, path and query), or, only with the development setting
// loopback_any_port, a loopback URL that differs from one in its port.
bool redirect_uri_registered(const Org& org, const ConnectedApp& app, const std::string& uri);

}  // namespace sfsim
