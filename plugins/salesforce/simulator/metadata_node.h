// An ordered, schema-light tree for Metadata API components (WebLink,
// Layout, ...). Components are kept exactly as clients sent them, including
// fields the simulator does not interpret, so that a client which reads a
// layout, changes one list and writes it back sees everything else preserved.
//
//   MdNode weblink = MdNode::from_json(json_value);       // org file / state
//   std::string xml = weblink.to_xml("records", "WebLink"); // SOAP response
//   const MdNode* url = weblink.child("url");
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/property_tree/ptree_fwd.hpp>
#include <string>
#include <vector>

namespace sfsim {

struct MdNode {
  std::string name;              // element name without namespace prefix
  std::string text;              // leaf text (empty for containers)
  bool nil = false;              // xsi:nil="true"
  std::string xsi_type;          // xsi:type without prefix, e.g. "WebLink"
  std::vector<MdNode> children;  // in document order; repeated names = list

  const MdNode* child(const std::string& child_name) const;
  MdNode* child(const std::string& child_name);
  std::vector<const MdNode*> children_named(const std::string& child_name) const;
  std::string child_text(const std::string& child_name) const;  // "" if absent
  void set_child_text(const std::string& child_name, const std::string& value);
  void remove_children(const std::string& child_name);
  bool is_leaf() const { return children.empty(); }

  // Converts a parsed XML element (Boost.PropertyTree, prefixes stripped by
  // this function) into a node. Attributes other than xsi:nil are dropped.
  static MdNode from_ptree(const std::string& name, const boost::property_tree::ptree& tree);
  // JSON object -> node: arrays become repeated children, booleans and
  // numbers become their XML text form, null members are omitted.
  static MdNode from_json(const std::string& name, const rapidjson::Value& value);

  // Writes `<element xsi:type="type">...</element>`; type may be empty.
  std::string to_xml(const std::string& element, const std::string& xsi_type = "") const;
  // Writes the node as a JSON object, using the known list/boolean/number
  // fields of the Metadata WSDL so that lists are always arrays.
  void write_json(rapidjson::Writer<rapidjson::StringBuffer>& w) const;
};

// Strips an XML namespace prefix: "met:fullName" -> "fullName".
std::string local_name(const std::string& qualified);

}  // namespace sfsim
