// XML as a Boost.PropertyTree whose keys are local names: namespace prefixes
// are stripped when parsing, so "soapenv:Envelope", "env:Envelope" and
// "Envelope" read the same. Element order and repeated elements are kept, so
// a Metadata component read from Salesforce can be written back unchanged.
//
//   XmlTree doc = parse_xml(response_body);
//   std::string op;
//   const XmlTree* payload = soap_body_payload(doc, &op);  // op == "readMetadataResponse"
#pragma once

#include <boost/property_tree/ptree.hpp>
#include <cstddef>
#include <string>

namespace salesforce {

// Element children under their local names; text in data(). Attributes, if
// any, sit under "<xmlattr>" with local names (e.g. "<xmlattr>.nil").
using XmlTree = boost::property_tree::ptree;

// The largest XML document parse_xml reads (the HTTP client's limit).
constexpr std::size_t kMaxXmlResponseBytes = std::size_t{32} * 1024 * 1024;

// Parses `text`; throws console::Error(remote_error) when it is not XML, is
// larger than kMaxXmlResponseBytes or nests deeper than
// console::bounds::kMaxXmlDepth elements.
XmlTree parse_xml(const std::string& text);

// The first element inside Envelope/Body, and its local name. nullptr when
// the document is not a SOAP envelope.
const XmlTree* soap_body_payload(const XmlTree& document, std::string* name);

// True for an element marked xsi:nil="true".
bool is_nil(const XmlTree& element);

// Escapes &, <, >, " and ' for text and attribute values.
std::string xml_escape(const std::string& text);

// Writes `<name[ xsi:type="type"]>...</name>` with every child in order
// (attributes other than the given xsi:type are not written).
std::string write_element(const std::string& name, const XmlTree& element, const std::string& xsi_type = "");

}  // namespace salesforce
