#include "simulator.h"

#include <boost/algorithm/string.hpp>
#include <exception>
#include <iostream>

#include "control_endpoints.h"
#include "faults.h"
#include "metadata_soap.h"
#include "oauth_endpoints.h"
#include "rest_endpoints.h"

namespace sfsim {

Simulator::Simulator(OrgDefinition definition) : initial_(std::move(definition)), org_(initial_) {}

void Simulator::set_base_url(const std::string& base_url) {
  std::lock_guard<std::mutex> lock(mu_);
  org_.base_url = base_url;
}

std::string Simulator::base_url() {
  std::lock_guard<std::mutex> lock(mu_);
  return org_.base_url;
}

std::string classify_endpoint(const SimRequest& req) {
  const std::string& p = req.path;
  if (boost::starts_with(p, "/__sim/") || p == "/__sim") return "";
  if (boost::starts_with(p, "/services/oauth2/")) {
    const std::string rest = p.substr(17);
    if (rest == "authorize" || rest == "token" || rest == "revoke" || rest == "userinfo" || rest == "introspect" ||
        rest == "singleaccess")
      return "oauth." + rest;
    return "unknown";
  }
  if (boost::starts_with(p, "/id/")) return "identity";
  if (p == "/setup/secur/RemoteAccessErrorPage.apexp") return "oauth.error_page";
  if (p == "/services/data" || p == "/services/data/") return "rest.versions";
  if (boost::starts_with(p, "/services/data/v")) {
    std::vector<std::string> parts;
    boost::split(parts, p.substr(15), boost::is_any_of("/"));  // "vXX.X", resource, ...
    if (parts.size() == 1 || (parts.size() == 2 && parts[1].empty())) return "rest.resources";
    const std::string& resource = parts[1];
    if (resource == "query" || resource == "queryAll") return "rest.query";
    if (resource == "composite") return "rest.composite";
    if (resource == "limits") return "rest.limits";
    if (resource == "sobjects") {
      if (parts.size() >= 4 && parts[3] == "describe") return "rest.describe";
      return "rest.sobjects";
    }
    return "rest.other";
  }
  if (boost::starts_with(p, "/services/Soap/m/")) {
    const std::string op = soap_operation_name(req.body);
    return "soap." + (op.empty() ? std::string("unknown") : op);
  }
  return "unknown";
}

SimResponse Simulator::handle(const SimRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  try {
    return route(request);
  } catch (const std::exception& e) {
    std::cerr << "sfsim: internal error on " << request.method << " " << request.path << ": " << e.what() << "\n";
    return rest_error(500, "UNKNOWN_EXCEPTION",
                      "An unexpected error occurred. Please include this ErrorId if you contact support: 0-sfsim");
  }
}

SimResponse Simulator::route(const SimRequest& req) {
  const std::string endpoint = classify_endpoint(req);
  if (endpoint.empty()) return handle_control(org_, initial_, req);

  ++org_.calls.total;
  ++org_.calls.by_endpoint[endpoint];

  FaultRule fault;
  const bool faulted = take_fault(org_, req, fault);
  if (faulted && fault_replaces_answer(fault)) return fault_response(fault);

  SimResponse res;
  if (boost::starts_with(endpoint, "oauth.") || endpoint == "identity") {
    res = handle_oauth(org_, req);
  } else if (boost::starts_with(endpoint, "rest.")) {
    res = handle_rest(org_, req);
  } else if (boost::starts_with(endpoint, "soap.")) {
    res = handle_metadata_soap(org_, req);
  } else {
    res = rest_error(404, "NOT_FOUND", "The requested resource does not exist");
  }
  if (faulted) return lose_answer(fault, res);
  return res;
}

}  // namespace sfsim
