// Fault injection: the next N requests that match a rule get an injected
// status, SOAP fault, delay or dropped connection instead of (or before)
// the normal answer; an "apply" rule lets the org carry the request out and
// then drops or delays the answer. Rules are consumed in the order they
// were added.
#include <regex>

#include "endpoints.h"

namespace sfsim {

std::string soap_operation_name(const std::string& body) {
  // Cheap scan instead of a full parse: the operation is the first element
  // after the (prefixed or unprefixed) Body start tag.
  static const std::regex body_open(R"(<([A-Za-z_][\w.-]*:)?Body(\s[^>]*)?>)");
  static const std::regex first_element(R"(^\s*<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))");
  const std::string head = body.substr(0, 64 * 1024);
  std::smatch m;
  if (!std::regex_search(head, m, body_open)) return {};
  const std::string rest = m.suffix().str();
  std::smatch e;
  if (!std::regex_search(rest, e, first_element)) return {};
  return e[2].str();
}

bool take_fault(Org& org, const SimRequest& req, FaultRule& out) {
  for (auto it = org.faults.begin(); it != org.faults.end(); ++it) {
    FaultRule& rule = *it;
    if (!starts_with(req.path, rule.path_prefix)) continue;
    if (!rule.method.empty() && rule.method != req.method) continue;
    if (!rule.soap_operation.empty() && soap_operation_name(req.body) != rule.soap_operation) continue;
    if (rule.skip > 0) {
      --rule.skip;
      continue;
    }
    out = rule;
    if (--rule.count <= 0) org.faults.erase(it);
    return true;
  }
  return false;
}

bool fault_replaces_answer(const FaultRule& fault) {
  return !fault.apply_first && (fault.status != 0 || fault.drop || !fault.soap_fault_code.empty());
}

SimResponse lose_answer(const FaultRule& fault, SimResponse applied) {
  if (fault.drop) {
    SimResponse dropped;
    dropped.delay_ms = fault.delay_ms;
    dropped.drop_connection = true;
    return dropped;
  }
  applied.delay_ms = fault.delay_ms;
  return applied;
}

SimResponse fault_response(const FaultRule& fault) {
  SimResponse res;
  res.delay_ms = fault.delay_ms;
  res.drop_connection = fault.drop;
  if (fault.drop) return res;
  if (!fault.soap_fault_code.empty()) {
    std::string code = fault.soap_fault_code;
    if (code.find(':') == std::string::npos) code = "sf:" + code;
    const std::string bare = code.substr(code.find(':') + 1);
    const std::string message = fault.soap_fault_message.empty() ? bare : fault.soap_fault_message;
    res.status = fault.status != 0 ? fault.status : 500;
    res.set_header("Content-Type", kXmlContentType);
    res.body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
        "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        "xmlns:sf=\"http://soap.sforce.com/2006/04/metadata\"><soapenv:Body><soapenv:Fault><faultcode>" +
        xml_escape(code) + "</faultcode><faultstring>" + xml_escape(bare + ": " + message) +
        "</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    return res;
  }
  res.status = fault.status;
  if (!fault.body.empty() || !fault.content_type.empty()) {
    res.set_header("Content-Type", fault.content_type.empty() ? kJsonContentType : fault.content_type);
    res.body = fault.body;
    return res;
  }
  // Default bodies in the shape Salesforce uses for these statuses.
  if (fault.status == 503)
    return rest_error(503, "SERVER_UNAVAILABLE", "Service temporarily unavailable, please try again later");
  if (fault.status == 403)
    return rest_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
  if (fault.status == 401) return rest_error(401, "INVALID_SESSION_ID", "Session expired or invalid");
  if (fault.status >= 500)
    return rest_error(fault.status, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please try again.");
  return rest_error(fault.status, "INJECTED_FAULT", "Injected by the simulator");
}

}  // namespace sfsim
