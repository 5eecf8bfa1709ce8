// The Metadata WSDL's shape of the types sfsim stores (WebLink, Layout and
// the types inside a Layout), used to refuse what Salesforce refuses.
//
// Salesforce reads a component in two stages, and so does sfsim:
//  1. Deserializing the SOAP request against the WSDL. An element the type
//     does not have, or one out of the WSDL's order, a value outside a
//     closed enum, or a value that is not an xsd:int / xsd:boolean fails the
//     whole call with a soapenv:Client fault:
//       Element {http://soap.sforce.com/2006/04/metadata}bogus invalid at this location in type WebLink
//       'sometimes' is not a valid value for the enum 'WebLinkAvailability'
//       'tall' is not valid for the type xsd:int
//  2. Saving the component: a missing required field, or a field another
//     field makes required, is that component's error (statusCode, message,
//     fields), and the other components of the call are saved.
//
//   if (auto fault = check_wire_format(md, "WebLink")) return soap_fault("soapenv:Client", *fault);
//   if (auto err = check_required_fields(md, MetadataType::WebLink)) ...;  // err->status_code, message, fields
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "metadata_node.h"

namespace sfsim {

// The metadata types sfsim answers for: WebLink and Layout are stored,
// CustomObject is listed from the org's objects. Parsed once from the
// request's type name (xsi:type or <type>); every other name is Unknown.
enum class MetadataType { WebLink, Layout, CustomObject, Unknown };
MetadataType parse_metadata_type(const std::string& xml_name);

// Stage 1: the fault text, or nothing when `md` deserializes as `type`.
std::optional<std::string> check_wire_format(const MdNode& md, const std::string& type);

struct ComponentError {
  std::string status_code;  // REQUIRED_FIELD_MISSING, FIELD_INTEGRITY_EXCEPTION, ...
  std::string message;
  std::vector<std::string> fields;
};

// Stage 2: the first required-field error of a WebLink or Layout.
std::optional<ComponentError> check_required_fields(const MdNode& md, MetadataType type);

}  // namespace sfsim
