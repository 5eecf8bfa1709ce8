#include "soap_envelope.h"

#include <boost/algorithm/string.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "console_plugin/input_bounds.hpp"

namespace sfsim {

namespace {
const boost::property_tree::ptree* find_local(const boost::property_tree::ptree& tree, const std::string& name) {
  for (const auto& kv : tree)
    if (local_name(kv.first) == name) return &kv.second;
  return nullptr;
}
}  // namespace

bool parse_soap_request(const std::string& xml, SoapRequest& out, std::string& error) {
  // rapidxml, from_ptree and the ptree's destructor recurse once per element.
  if (console::bounds::xml_depth_exceeds(xml, console::bounds::kMaxXmlDepth)) {
    error = "Could not parse the request: elements are nested deeper than " +
            std::to_string(console::bounds::kMaxXmlDepth) + " levels";
    return false;
  }
  boost::property_tree::ptree doc;
  try {
    std::istringstream in(xml);
    boost::property_tree::read_xml(in, doc);
  } catch (const boost::property_tree::xml_parser_error& e) {
    error = "Could not parse the request: " + e.message() + " (line " + std::to_string(e.line()) + ")";
    return false;
  }
  const boost::property_tree::ptree* envelope = find_local(doc, "Envelope");
  if (!envelope) {
    error = "The request is not a SOAP envelope";
    return false;
  }
  if (const auto* header = find_local(*envelope, "Header")) {
    if (const auto* session = find_local(*header, "SessionHeader"))
      if (const auto* id = find_local(*session, "sessionId")) out.session_id = id->data();
    if (const auto* aon = find_local(*header, "AllOrNoneHeader"))
      if (const auto* flag = find_local(*aon, "allOrNone")) out.all_or_none = flag->data() == "true";
  }
  const boost::property_tree::ptree* body = find_local(*envelope, "Body");
  if (!body) {
    error = "The SOAP envelope has no Body";
    return false;
  }
  for (const auto& kv : *body) {
    if (kv.first == "<xmlattr>" || kv.first == "<xmlcomment>") continue;
    out.operation = MdNode::from_ptree(kv.first, kv.second);
    return true;
  }
  error = "The SOAP Body is empty";
  return false;
}

SimResponse soap_response(const std::string& operation, const std::string& payload) {
  return make_response(200, kXmlContentType,
                       std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
                                   "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns=\"") +
                           kMetadataNamespace +
                           "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><" + operation +
                           "Response>" + payload + "</" + operation + "Response></soapenv:Body></soapenv:Envelope>");
}

SimResponse soap_fault(const std::string& faultcode, const std::string& message) {
  const bool sf_code = boost::starts_with(faultcode, "sf:");
  const std::string text = sf_code ? faultcode.substr(3) + ": " + message : message;
  return make_response(500, kXmlContentType,
                       std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
                                   "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:sf=\"") +
                           kMetadataNamespace + "\"><soapenv:Body><soapenv:Fault><faultcode>" + xml_escape(faultcode) +
                           "</faultcode><faultstring>" + xml_escape(text) +
                           "</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>");
}

}  // namespace sfsim
