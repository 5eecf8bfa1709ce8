#include "xml_tree.h"

#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "console_plugin/console_plugin.hpp"
#include "console_plugin/input_bounds.hpp"

namespace salesforce {
namespace {

std::string local(const std::string& qualified) {
  const auto colon = qualified.find(':');
  return colon == std::string::npos ? qualified : qualified.substr(colon + 1);
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// Builds the local-name copy of `in` into `out` in place: returning trees by
// value would copy every subtree once per level of nesting (ptree has no
// move constructor in Boost 1.74).
void localise_into(const XmlTree& in, XmlTree& out) {
  bool has_children = false;
  for (const auto& [key, child] : in) {
    if (key == "<xmlattr>") {
      XmlTree& attrs = out.push_back({"<xmlattr>", XmlTree()})->second;
      // push_back, not add(): add() reads '.' in a name as a path separator,
      // and an attribute named "a." would trip an assertion in PropertyTree.
      for (const auto& [name, value] : child) attrs.push_back({local(name), XmlTree(value.data())});
    } else if (key == "<xmlcomment>") {
      continue;
    } else {
      has_children = true;
      localise_into(child, out.push_back({local(key), XmlTree()})->second);
    }
  }
  // Indentation between child elements is not content.
  out.data() = (has_children && blank(in.data())) ? std::string() : in.data();
}

}  // namespace

XmlTree parse_xml(const std::string& text) {
  // rapidxml and localise_into recurse once per element: refuse what would
  // exhaust the stack before either runs.
  if (text.size() > kMaxXmlResponseBytes) {
    throw console::Error(CONSOLE_ERR_REMOTE_ERROR,
                         "Salesforce sent an XML response larger than " +
                             std::to_string(kMaxXmlResponseBytes / (std::size_t{1024} * 1024)) + " MB.",
                         "", true);
  }
  if (console::bounds::xml_depth_exceeds(text, console::bounds::kMaxXmlDepth)) {
    throw console::Error(CONSOLE_ERR_REMOTE_ERROR,
                         "Salesforce sent an XML response nested deeper than " +
                             std::to_string(console::bounds::kMaxXmlDepth) + " elements.",
                         "", true);
  }
  std::istringstream in(text);
  XmlTree raw;
  try {
    boost::property_tree::read_xml(in, raw, boost::property_tree::xml_parser::no_comments);
  } catch (const boost::property_tree::xml_parser_error& e) {
    throw console::Error(CONSOLE_ERR_REMOTE_ERROR,
                         std::string("Salesforce sent a response that is not valid XML (") + e.message() + ")", "",
                         true);
  }
  XmlTree out;
  localise_into(raw, out);
  return out;
}

const XmlTree* soap_body_payload(const XmlTree& document, std::string* name) {
  const auto envelope = document.find("Envelope");
  if (envelope == document.not_found()) return nullptr;
  const auto body = envelope->second.find("Body");
  if (body == envelope->second.not_found()) return nullptr;
  for (const auto& [key, child] : body->second) {
    if (key == "<xmlattr>") continue;
    if (name) *name = key;
    return &child;
  }
  return nullptr;
}

bool is_nil(const XmlTree& element) {
  const auto attrs = element.find("<xmlattr>");
  if (attrs == element.not_found()) return false;
  return attrs->second.get<std::string>("nil", "") == "true";
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string write_element(const std::string& name, const XmlTree& element, const std::string& xsi_type) {
  std::string out = "<" + name;
  if (!xsi_type.empty()) out += " xsi:type=\"" + xml_escape(xsi_type) + "\"";
  out += ">";
  out += xml_escape(element.data());
  for (const auto& [key, child] : element) {
    if (key == "<xmlattr>") continue;
    out += write_element(key, child);
  }
  out += "</" + name + ">";
  return out;
}

}  // namespace salesforce
