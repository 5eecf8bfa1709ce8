// Fault injection: the rules of /__sim/faults applied to requests.
#pragma once

#include <string>

#include "org_model.h"
#include "sim_http.h"

namespace sfsim {

// The fault, if any, that applies to this request; consumes one match.
bool take_fault(Org& org, const SimRequest& req, FaultRule& out);
SimResponse fault_response(const FaultRule& fault);
// True for a rule that answers instead of the org (status, SOAP fault, drop).
bool fault_replaces_answer(const FaultRule& fault);
// The answer of a request that was carried out, as an apply_first rule loses it.
SimResponse lose_answer(const FaultRule& fault, SimResponse applied);
// Name of the first element inside the SOAP Body ("" when not found).
std::string soap_operation_name(const std::string& body);

}  // namespace sfsim
