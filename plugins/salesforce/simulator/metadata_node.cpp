#include "metadata_node.h"

#include <boost/algorithm/string.hpp>
#include <boost/property_tree/ptree.hpp>
#include <set>

#include "sim_http.h"

namespace sfsim {

namespace {

// Metadata WSDL elements with maxOccurs="unbounded" that appear in the
// component types we hold (WebLink, Layout and their nested types).
const std::set<std::string>& list_fields() {
  static const std::set<std::string> fields = {"customButtons",
                                               "excludeButtons",
                                               "headers",
                                               "layoutSections",
                                               "layoutColumns",
                                               "layoutItems",
                                               "multilineLayoutFields",
                                               "platformActionListItems",
                                               "quickActionListItems",
                                               "relatedLists",
                                               "fields",
                                               "relatedObjects",
                                               "customConsoleComponents",
                                               "summaryLayoutItems",
                                               "feedFilters",
                                               "leftComponents",
                                               "rightComponents",
                                               "sidebarComponents",
                                               "components",
                                               "subtabs"};
  return fields;
}

const std::set<std::string>& boolean_fields() {
  static const std::set<std::string> fields = {"protected",
                                               "hasMenubar",
                                               "hasScrollbars",
                                               "hasToolbar",
                                               "isResizable",
                                               "showsLocation",
                                               "showsStatus",
                                               "requireRowSelection",
                                               "detailHeading",
                                               "editHeading",
                                               "emptySpace",
                                               "emailDefault",
                                               "runAssignmentRulesDefault",
                                               "showEmailCheckbox",
                                               "showHighlightsPanel",
                                               "showInteractionLogPanel",
                                               "showKnowledgeComponent",
                                               "showRunAssignmentRulesCheckbox",
                                               "showSolutionSection",
                                               "showSubmitAndAttachButton",
                                               "autoCollapsePublisher",
                                               "hideRelatedList"};
  return fields;
}

const std::set<std::string>& number_fields() {
  static const std::set<std::string> fields = {"sortOrder", "height", "width", "sizeX", "sizeY"};
  return fields;
}

bool is_integer_text(const std::string& s) {
  if (s.empty()) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return s.size() < 18;
}

}  // namespace

std::string local_name(const std::string& qualified) {
  const auto colon = qualified.find(':');
  return colon == std::string::npos ? qualified : qualified.substr(colon + 1);
}

const MdNode* MdNode::child(const std::string& child_name) const {
  for (const auto& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

MdNode* MdNode::child(const std::string& child_name) {
  for (auto& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

std::vector<const MdNode*> MdNode::children_named(const std::string& child_name) const {
  std::vector<const MdNode*> out;
  for (const auto& c : children)
    if (c.name == child_name) out.push_back(&c);
  return out;
}

std::string MdNode::child_text(const std::string& child_name) const {
  const MdNode* c = child(child_name);
  return c ? c->text : std::string();
}

void MdNode::set_child_text(const std::string& child_name, const std::string& value) {
  if (MdNode* c = child(child_name)) {
    c->text = value;
    c->children.clear();
    c->nil = false;
    return;
  }
  MdNode c;
  c.name = child_name;
  c.text = value;
  children.push_back(std::move(c));
}

void MdNode::remove_children(const std::string& child_name) {
  std::vector<MdNode> kept;
  for (auto& c : children)
    if (c.name != child_name) kept.push_back(std::move(c));
  children = std::move(kept);
}

MdNode MdNode::from_ptree(const std::string& name, const boost::property_tree::ptree& tree) {
  MdNode node;
  node.name = local_name(name);
  for (const auto& kv : tree) {
    if (kv.first == "<xmlattr>") {
      for (const auto& attr : kv.second) {
        if (local_name(attr.first) == "nil" && attr.second.data() == "true") node.nil = true;
        if (local_name(attr.first) == "type") node.xsi_type = local_name(attr.second.data());
      }
      continue;
    }
    if (kv.first == "<xmlcomment>") continue;
    node.children.push_back(from_ptree(kv.first, kv.second));
  }
  if (node.children.empty()) {
    // Salesforce trims string values; pretty-printed requests carry
    // indentation around leaf text.
    node.text = boost::trim_copy_if(tree.data(), boost::is_any_of(" \t\r\n"));
  }
  return node;
}

MdNode MdNode::from_json(const std::string& name, const rapidjson::Value& value) {
  MdNode node;
  node.name = name;
  if (value.IsObject()) {
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      const std::string key = it->name.GetString();
      const rapidjson::Value& v = it->value;
      if (v.IsNull()) continue;
      if (v.IsArray()) {
        for (const auto& item : v.GetArray()) node.children.push_back(from_json(key, item));
      } else {
        node.children.push_back(from_json(key, v));
      }
    }
  } else if (value.IsString()) {
    node.text = value.GetString();
  } else if (value.IsBool()) {
    node.text = value.GetBool() ? "true" : "false";
  } else if (value.IsInt64()) {
    node.text = std::to_string(value.GetInt64());
  } else if (value.IsNumber()) {
    node.text = std::to_string(value.GetDouble());
  }
  return node;
}

std::string MdNode::to_xml(const std::string& element, const std::string& xsi_type) const {
  std::string out = "<" + element;
  if (!xsi_type.empty()) out += " xsi:type=\"" + xml_escape(xsi_type) + "\"";
  if (nil) return out + " xsi:nil=\"true\"/>";
  out += ">";
  if (children.empty()) {
    out += xml_escape(text);
  } else {
    for (const auto& c : children) out += c.to_xml(c.name);
  }
  return out + "</" + element + ">";
}

void MdNode::write_json(rapidjson::Writer<rapidjson::StringBuffer>& w) const {
  w.StartObject();
  std::set<std::string> written;
  for (const auto& c : children) {
    if (!written.insert(c.name).second) continue;
    w.Key(c.name.c_str());
    const auto write_value = [&w](const MdNode& n) {
      if (!n.children.empty()) {
        n.write_json(w);
      } else if (n.nil) {
        w.Null();
      } else if (boolean_fields().count(n.name) && (n.text == "true" || n.text == "false")) {
        w.Bool(n.text == "true");
      } else if (number_fields().count(n.name) && is_integer_text(n.text)) {
        w.Int64(std::stoll(n.text));
      } else {
        w.String(n.text);
      }
    };
    if (list_fields().count(c.name)) {
      w.StartArray();
      for (const MdNode* item : children_named(c.name)) write_value(*item);
      w.EndArray();
    } else {
      write_value(c);
    }
  }
  w.EndObject();
}

}  // namespace sfsim
