#include "xml_tree.h"

#include <boost/property_tree/detail/rapidxml.hpp>
#include <string_view>
#include <vector>

#include "console_plugin/console_plugin.hpp"
#include "console_plugin/input_bounds.hpp"

namespace salesforce {
namespace {

std::string local(const char* qualified, std::size_t size) {
  const std::string_view name(qualified, size);
  const auto colon = name.find(':');
  return std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

namespace rx = boost::property_tree::detail::rapidxml;

// Builds the local-name tree of the element `node` into `out` straight from
// rapidxml's DOM, the parser Boost's read_xml runs: read_xml would first build
// a tree under the qualified names that localising then copies whole, and it
// reads its input one character at a time through an istream. The result is
// the one read_xml(no_comments) and a localising copy gave: attributes under
// "<xmlattr>", text and CDATA joined in data(), comments dropped.
void localise_into(const rx::xml_node<char>& node, XmlTree& out) {
  if (node.first_attribute() != nullptr) {
    XmlTree& attrs = out.push_back({"<xmlattr>", XmlTree()})->second;
    // push_back, not add(): add() reads '.' in a name as a path separator,
    // and an attribute named "a." would trip an assertion in PropertyTree.
    for (const rx::xml_attribute<char>* a = node.first_attribute(); a != nullptr; a = a->next_attribute()) {
      attrs.push_back({local(a->name(), a->name_size()), XmlTree(std::string(a->value(), a->value_size()))});
    }
  }
  bool has_children = false;
  for (const rx::xml_node<char>* child = node.first_node(); child != nullptr; child = child->next_sibling()) {
    switch (child->type()) {
      case rx::node_element:
        has_children = true;
        localise_into(*child, out.push_back({local(child->name(), child->name_size()), XmlTree()})->second);
        break;
      case rx::node_data:
      case rx::node_cdata:
        out.data().append(child->value(), child->value_size());
        break;
      default:
        break;  // comments and the like (rapidxml keeps none with flags 0)
    }
  }
  // Indentation between child elements is not content.
  if (has_children && blank(out.data())) out.data().clear();
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
  // rapidxml parses in place: a zero-terminated copy it may write into.
  std::vector<char> buffer(text.begin(), text.end());
  buffer.push_back('\0');
  XmlTree out;
  try {
    rx::xml_document<char> doc;
    doc.parse<0>(buffer.data());  // read_xml's flags for no_comments
    for (const rx::xml_node<char>* child = doc.first_node(); child != nullptr; child = child->next_sibling()) {
      if (child->type() == rx::node_element) {
        localise_into(*child, out.push_back({local(child->name(), child->name_size()), XmlTree()})->second);
      }
    }
  } catch (const rx::parse_error& e) {
    throw console::Error(CONSOLE_ERR_REMOTE_ERROR,
                         std::string("Salesforce sent a response that is not valid XML (") + e.what() + ")", "", true);
  }
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

namespace {

void append_escaped(std::string& out, const std::string& text) {
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
}

// Appends to one buffer: returning each child's text by value would copy it
// once per level of nesting.
void append_element(std::string& out, const std::string& name, const XmlTree& element, const std::string& xsi_type) {
  out += '<';
  out += name;
  if (!xsi_type.empty()) {
    out += " xsi:type=\"";
    append_escaped(out, xsi_type);
    out += '"';
  }
  out += '>';
  append_escaped(out, element.data());
  for (const auto& [key, child] : element) {
    if (key == "<xmlattr>") continue;
    append_element(out, key, child, "");
  }
  out += "</";
  out += name;
  out += '>';
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

std::string write_element(const std::string& name, const XmlTree& element, const std::string& xsi_type) {
  std::string out;
  append_element(out, name, element, xsi_type);
  return out;
}

}  // namespace salesforce
