// Fault injection: the next N requests that match a rule get an injected
// status, SOAP fault, delay or dropped connection instead of (or before)
// the normal answer; an "apply" rule lets the org carry the request out and
// then drops or delays the answer. Rules are consumed in the order they
// were added.
#include "faults.h"

#include <boost/algorithm/string.hpp>

namespace sfsim {

namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The end of an XML name starting at `i` (== i when there is none).
std::size_t name_end(const std::string& s, std::size_t i) {
  if (i >= s.size() || !is_name_start(s[i])) return i;
  while (i < s.size() && is_name_char(s[i])) ++i;
  return i;
}

// After '<' at `i`: the local name of the tag and where the name ends;
// an empty name when there is no (prefix:)name.
std::string tag_local_name(const std::string& s, std::size_t i, std::size_t& end) {
  std::size_t e = name_end(s, i);
  if (e == i) return {};
  std::size_t local_begin = i;
  if (e < s.size() && s[e] == ':') {
    local_begin = e + 1;
    e = name_end(s, local_begin);
    if (e == local_begin) return {};
  }
  end = e;
  return s.substr(local_begin, e - local_begin);
}

}  // namespace

std::string soap_operation_name(const std::string& body) {
  // Cheap scan instead of a full parse: the operation is the first element
  // after the (prefixed or unprefixed) Body start tag.
  const std::string head = body.substr(0, std::size_t{64} * 1024);
  for (std::size_t lt = head.find('<'); lt != std::string::npos; lt = head.find('<', lt + 1)) {
    std::size_t end = 0;
    if (tag_local_name(head, lt + 1, end) != "Body") continue;
    if (end >= head.size() || !(head[end] == '>' || is_blank(head[end]))) continue;
    const std::size_t close = head.find('>', end);
    if (close == std::string::npos) return {};
    std::size_t i = close + 1;
    while (i < head.size() && is_blank(head[i])) ++i;
    if (i >= head.size() || head[i] != '<') return {};
    return tag_local_name(head, i + 1, end);
  }
  return {};
}

bool take_fault(Org& org, const SimRequest& req, FaultRule& out) {
  for (auto it = org.faults.begin(); it != org.faults.end(); ++it) {
    FaultRule& rule = *it;
    if (!boost::starts_with(req.path, rule.path_prefix)) continue;
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
  if (fault.status == 403) return rest_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
  if (fault.status == 401) return rest_error(401, "INVALID_SESSION_ID", "Session expired or invalid");
  if (fault.status >= 500)
    return rest_error(fault.status, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please try again.");
  return rest_error(fault.status, "INJECTED_FAULT", "Injected by the simulator");
}

}  // namespace sfsim
