// Entry points of the endpoint families. Each is called with the org lock
// held and returns the complete response.
#pragma once

#include <string>

#include "org_model.h"
#include "sim_http.h"

namespace sfsim {

// API versions the simulated org serves (vXX.0).
inline constexpr int kOldestApiVersion = 31;
inline constexpr int kLatestApiVersion = 66;

// /services/oauth2/{authorize,token,revoke,userinfo} and /id/<org>/<user>.
SimResponse handle_oauth(Org& org, const SimRequest& req);
// /services/data/...
SimResponse handle_rest(Org& org, const SimRequest& req);
// /services/Soap/m/<version>[/<orgId>]
SimResponse handle_metadata_soap(Org& org, const SimRequest& req);
// /__sim/... ; `initial` is what /__sim/reset restores.
SimResponse handle_control(Org& org, const OrgDefinition& initial, const SimRequest& req);

// The fault, if any, that applies to this request; consumes one match.
bool take_fault(Org& org, const SimRequest& req, FaultRule& out);
SimResponse fault_response(const FaultRule& fault);
// True for a rule that answers instead of the org (status, SOAP fault, drop).
bool fault_replaces_answer(const FaultRule& fault);
// The answer of a request that was carried out, as an apply_first rule loses it.
SimResponse lose_answer(const FaultRule& fault, SimResponse applied);
// Name of the first element inside the SOAP Body ("" when not found).
std::string soap_operation_name(const std::string& body);

// Browser steps of the authorization-code flow, shared by the HTML forms
// and POST /__sim/browser/authorize.
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

// Identity and userinfo documents for a user.
std::string identity_json(const Org& org, const UserDef& user, const std::string& version);
std::string userinfo_json(const Org& org, const UserDef& user);

}  // namespace sfsim
