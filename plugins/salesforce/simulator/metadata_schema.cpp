#include "metadata_schema.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "soap_envelope.h"

namespace sfsim {

namespace {

enum class Kind { String, Boolean, Int, Double, Enum, Complex, Opaque };

struct Element {
  const char* name;
  Kind kind;
  const char* type;  // enum name for Enum, type name for Complex
};

struct TypeDef {
  std::vector<Element> elements;  // in WSDL order (fullName first for Metadata types)
};

// Closed enums of the Metadata WSDL (API 66.0).
const std::map<std::string, std::vector<std::string>>& enums() {
  static const std::map<std::string, std::vector<std::string>> e = {
      {"WebLinkAvailability", {"online", "offline"}},
      {"WebLinkDisplayType", {"link", "button", "massActionButton"}},
      {"Encoding",
       {"UTF-8", "ISO-8859-1", "Shift_JIS", "ISO-2022-JP", "EUC-JP", "ks_c_5601-1987", "Big5", "GB2312", "Big5-HKSCS",
        "x-SJIS_0213"}},
      {"WebLinkType", {"url", "sControl", "javascript", "page", "flow"}},
      {"WebLinkWindowType", {"newWindow", "sidebar", "noSidebar", "replace", "onClickJavaScript"}},
      {"WebLinkPosition", {"fullScreen", "none", "topLeft"}},
      {"PlatformActionListContext",
       {"ListView", "RelatedList", "ListViewRecord", "RelatedListRecord", "Record", "FeedElement", "Chatter", "Global",
        "Flexipage", "MruList", "MruRow", "RecordEdit", "Photo", "BannerPhoto", "ObjectHomeChart", "ListViewDefinition",
        "Dockable", "Lookup", "Assistant"}},
      {"PlatformActionType",
       {"QuickAction", "StandardButton", "CustomButton", "ProductivityAction", "ActionLink", "InvocableAction"}},
      {"LayoutSectionStyle", {"TwoColumnsTopToBottom", "TwoColumnsLeftToRight", "OneColumn", "CustomLinks"}},
      {"UiBehavior", {"Edit", "Required", "Readonly"}},
      {"SortOrder", {"Asc", "Desc"}},
  };
  return e;
}

const std::map<std::string, TypeDef>& types() {
  using K = Kind;
  static const std::map<std::string, TypeDef> t = {
      {"WebLink",
       {{{"fullName", K::String, ""},
         {"availability", K::Enum, "WebLinkAvailability"},
         {"description", K::String, ""},
         {"displayType", K::Enum, "WebLinkDisplayType"},
         {"encodingKey", K::Enum, "Encoding"},
         {"hasMenubar", K::Boolean, ""},
         {"hasScrollbars", K::Boolean, ""},
         {"hasToolbar", K::Boolean, ""},
         {"height", K::Int, ""},
         {"isResizable", K::Boolean, ""},
         {"linkType", K::Enum, "WebLinkType"},
         {"masterLabel", K::String, ""},
         {"openType", K::Enum, "WebLinkWindowType"},
         {"page", K::String, ""},
         {"position", K::Enum, "WebLinkPosition"},
         {"protected", K::Boolean, ""},
         {"requireRowSelection", K::Boolean, ""},
         {"scontrol", K::String, ""},
         {"showsLocation", K::Boolean, ""},
         {"showsStatus", K::Boolean, ""},
         {"url", K::String, ""},
         {"width", K::Int, ""}}}},
      {"Layout",
       {{{"fullName", K::String, ""},
         {"customButtons", K::String, ""},
         {"customConsoleComponents", K::Opaque, ""},
         {"emailDefault", K::Boolean, ""},
         {"excludeButtons", K::String, ""},
         {"feedLayout", K::Opaque, ""},
         {"headers", K::String, ""},
         {"layoutSections", K::Complex, "LayoutSection"},
         {"miniLayout", K::Complex, "MiniLayout"},
         {"multilineLayoutFields", K::String, ""},
         {"platformActionList", K::Complex, "PlatformActionList"},
         {"quickActionList", K::Complex, "QuickActionList"},
         {"relatedContent", K::Opaque, ""},
         {"relatedLists", K::Complex, "RelatedListItem"},
         {"relatedObjects", K::String, ""},
         {"runAssignmentRulesDefault", K::Boolean, ""},
         {"showEmailCheckbox", K::Boolean, ""},
         {"showHighlightsPanel", K::Boolean, ""},
         {"showInteractionLogPanel", K::Boolean, ""},
         {"showKnowledgeComponent", K::Boolean, ""},
         {"showRunAssignmentRulesCheckbox", K::Boolean, ""},
         {"showSolutionSection", K::Boolean, ""},
         {"showSubmitAndAttachButton", K::Boolean, ""},
         {"summaryLayout", K::Opaque, ""}}}},
      {"PlatformActionList",
       {{{"fullName", K::String, ""},
         {"actionListContext", K::Enum, "PlatformActionListContext"},
         {"platformActionListItems", K::Complex, "PlatformActionListItem"},
         {"relatedSourceEntity", K::String, ""}}}},
      {"PlatformActionListItem",
       {{{"actionName", K::String, ""},
         {"actionType", K::Enum, "PlatformActionType"},
         {"sortOrder", K::Int, ""},
         {"subtype", K::String, ""}}}},
      {"LayoutSection",
       {{{"customLabel", K::Boolean, ""},
         {"detailHeading", K::Boolean, ""},
         {"editHeading", K::Boolean, ""},
         {"label", K::String, ""},
         {"layoutColumns", K::Complex, "LayoutColumn"},
         {"style", K::Enum, "LayoutSectionStyle"}}}},
      {"LayoutColumn", {{{"layoutItems", K::Complex, "LayoutItem"}, {"reserved", K::String, ""}}}},
      {"LayoutItem",
       {{{"analyticsCloudComponent", K::Opaque, ""},
         {"behavior", K::Enum, "UiBehavior"},
         {"canvas", K::String, ""},
         {"component", K::String, ""},
         {"customLink", K::String, ""},
         {"emptySpace", K::Boolean, ""},
         {"field", K::String, ""},
         {"height", K::Int, ""},
         {"page", K::String, ""},
         {"reportChartComponent", K::Opaque, ""},
         {"scontrol", K::String, ""},
         {"showLabel", K::Boolean, ""},
         {"showScrollbars", K::Boolean, ""},
         {"width", K::String, ""}}}},
      {"MiniLayout", {{{"fields", K::String, ""}, {"relatedLists", K::Complex, "RelatedListItem"}}}},
      {"QuickActionList", {{{"quickActionListItems", K::Complex, "QuickActionListItem"}}}},
      {"QuickActionListItem", {{{"quickActionName", K::String, ""}}}},
      {"RelatedListItem",
       {{{"customButtons", K::String, ""},
         {"excludeButtons", K::String, ""},
         {"fields", K::String, ""},
         {"relatedList", K::String, ""},
         {"sortField", K::String, ""},
         {"sortOrder", K::Enum, "SortOrder"}}}},
  };
  return t;
}

bool is_xsd_int(const std::string& s) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size() || s.size() - i > 10) return false;
  for (; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const long long v = std::stoll(s);
  return v >= -2147483648LL && v <= 2147483647LL;
}

bool is_xsd_boolean(const std::string& s) { return s == "true" || s == "false" || s == "1" || s == "0"; }

bool is_xsd_double(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

std::string element_name(const std::string& local) { return std::string("{") + kMetadataNamespace + "}" + local; }

std::optional<std::string> check_type(const MdNode& node, const std::string& type_name) {
  const TypeDef& type = types().at(type_name);
  std::size_t position = 0;  // elements must come in WSDL order; repeats stay at their place
  for (const MdNode& child : node.children) {
    std::size_t at = position;
    while (at < type.elements.size() && child.name != type.elements[at].name) ++at;
    if (at == type.elements.size())
      return "Element " + element_name(child.name) + " invalid at this location in type " + type_name;
    position = at;
    const Element& e = type.elements[at];
    if (child.nil) continue;
    switch (e.kind) {
      case Kind::String:
      case Kind::Opaque:
        break;
      case Kind::Boolean:
        if (!is_xsd_boolean(child.text)) return "'" + child.text + "' is not valid for the type xsd:boolean";
        break;
      case Kind::Int:
        if (!is_xsd_int(child.text)) return "'" + child.text + "' is not valid for the type xsd:int";
        break;
      case Kind::Double:
        if (!is_xsd_double(child.text)) return "'" + child.text + "' is not valid for the type xsd:double";
        break;
      case Kind::Enum: {
        const auto& values = enums().at(e.type);
        if (std::find(values.begin(), values.end(), child.text) == values.end())
          return "'" + child.text + "' is not a valid value for the enum '" + e.type + "'";
        break;
      }
      case Kind::Complex:
        if (auto fault = check_type(child, e.type)) return fault;
        break;
    }
  }
  return std::nullopt;
}

ComponentError required(const std::string& field) {
  return {"REQUIRED_FIELD_MISSING", "Required field is missing: " + field, {field}};
}

}  // namespace

MetadataType parse_metadata_type(const std::string& xml_name) {
  if (xml_name == "WebLink") return MetadataType::WebLink;
  if (xml_name == "Layout") return MetadataType::Layout;
  if (xml_name == "CustomObject") return MetadataType::CustomObject;
  return MetadataType::Unknown;
}

std::optional<std::string> check_wire_format(const MdNode& md, const std::string& type) {
  if (!types().count(type)) return std::nullopt;
  return check_type(md, type);
}

std::optional<ComponentError> check_required_fields(const MdNode& md, MetadataType type) {
  if (type == MetadataType::WebLink) {
    for (const char* field : {"availability", "displayType", "linkType", "masterLabel", "openType", "protected"})
      if (!md.child(field) || md.child(field)->nil) return required(field);
    if (md.child_text("linkType") == "url" && md.child_text("url").empty()) return required("url");
    if (md.child_text("linkType") == "page" && md.child_text("page").empty()) return required("page");
    // A new window needs its size: Salesforce refuses newWindow without height.
    if (md.child_text("openType") == "newWindow" && md.child_text("height").empty()) return required("height");
    return std::nullopt;
  }
  if (type == MetadataType::Layout) {
    if (const MdNode* pal = md.child("platformActionList")) {
      if (pal->child_text("actionListContext").empty()) return required("actionListContext");
      for (const MdNode* item : pal->children_named("platformActionListItems"))
        for (const char* field : {"actionName", "actionType", "sortOrder"})
          if (item->child_text(field).empty()) return required(field);
    }
    for (const MdNode* section : md.children_named("layoutSections"))
      if (section->child_text("style").empty()) return required("style");
    for (const MdNode* list : md.children_named("relatedLists"))
      if (list->child_text("relatedList").empty()) return required("relatedList");
  }
  return std::nullopt;
}

}  // namespace sfsim
