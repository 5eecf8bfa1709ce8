// SOAP 1.1 envelopes as Salesforce writes them: prefixed soapenv:Envelope
// and soapenv:Body, an unprefixed payload in the Metadata namespace, and
// faults as HTTP 500 with an unprefixed faultcode "sf:CODE".
#pragma once

#include <string>

#include "metadata_node.h"
#include "sim_http.h"

namespace sfsim {

inline constexpr const char* kMetadataNamespace = "http://soap.sforce.com/2006/04/metadata";

struct SoapRequest {
  std::string session_id;
  MdNode operation;  // the first Body child; name = operation name
  bool all_or_none = false;
};

// Parses an envelope with namespace prefixes ignored. Returns false and sets
// `error` when the XML is not a SOAP envelope with a Body.
bool parse_soap_request(const std::string& xml, SoapRequest& out, std::string& error);

// <opResponse> wrapper around `payload` (already serialized children).
SimResponse soap_response(const std::string& operation, const std::string& payload);
// faultcode like "sf:INVALID_SESSION_ID"; faultstring becomes "CODE: message"
// for sf: codes, or the message alone for soapenv: codes.
SimResponse soap_fault(const std::string& faultcode, const std::string& message);

}  // namespace sfsim
