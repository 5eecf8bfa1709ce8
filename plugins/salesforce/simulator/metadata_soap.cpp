// Metadata API (SOAP) for WebLink and Layout: readMetadata, createMetadata,
// updateMetadata, upsertMetadata, deleteMetadata, listMetadata and
// describeMetadata, with per-component results and Salesforce's faults.
#include "metadata_soap.h"

#include <boost/algorithm/string.hpp>
#include <functional>

#include "api_versions.h"
#include "layout_names.h"
#include "metadata_schema.h"
#include "sf_id.h"
#include "soap_envelope.h"

namespace sfsim {

namespace {

struct ItemResult {
  std::string full_name;
  bool success = true;
  bool created = false;
  std::string status_code;
  std::string message;
  std::vector<std::string> fields;  // the fields the error is about, if any
};

// The message of INVALID_CROSS_REFERENCE_KEY for a component that is not there.
std::string no_component_message(const std::string& type, const std::string& full_name) {
  return "In field: fullName - no " + type + " named " + full_name + " found";
}

std::string duplicate_message(const std::string& type, const std::string& full_name) {
  return "There is already a " + type + " named " + full_name + ".";
}

ItemResult failure(const std::string& full_name, const std::string& code, const std::string& message,
                   std::vector<std::string> fields = {}) {
  ItemResult r;
  r.full_name = full_name;
  r.success = false;
  r.status_code = code;
  r.message = message;
  r.fields = std::move(fields);
  return r;
}

std::string result_xml(const ItemResult& r, bool with_created) {
  std::string out = "<result>";
  if (with_created) out += std::string("<created>") + (r.created ? "true" : "false") + "</created>";
  if (!r.success) {
    // The Metadata API's Error, in WSDL order: fields, message, statusCode.
    out += "<errors>";
    for (const auto& f : r.fields) out += "<fields>" + xml_escape(f) + "</fields>";
    out += "<message>" + xml_escape(r.message) + "</message><statusCode>" + r.status_code + "</statusCode></errors>";
  }
  out += "<fullName>" + xml_escape(r.full_name) + "</fullName><success>" + (r.success ? "true" : "false") +
         "</success></result>";
  return out;
}

// The Metadata API operations sfsim answers, parsed once from the SOAP
// Body's first element.
enum class Operation { Read, Create, Update, Upsert, Delete, List, Describe, Unknown };

Operation parse_operation(const std::string& name) {
  static const std::map<std::string, Operation> operations = {
      {"readMetadata", Operation::Read},        {"createMetadata", Operation::Create},
      {"updateMetadata", Operation::Update},    {"upsertMetadata", Operation::Upsert},
      {"deleteMetadata", Operation::Delete},    {"listMetadata", Operation::List},
      {"describeMetadata", Operation::Describe}};
  const auto it = operations.find(name);
  return it == operations.end() ? Operation::Unknown : it->second;
}

std::map<std::string, MdNode>* store_for(Org& org, MetadataType type) {
  if (type == MetadataType::WebLink) return &org.def.weblinks;
  if (type == MetadataType::Layout) return &org.def.layouts;
  return nullptr;
}

// Read, update and delete find a Layout only by its encoded spelling, as
// on Salesforce. Create and upsert store a decoded name under its encoded
// spelling, since Salesforce derives the full name from the layout's name.
std::string save_name(MetadataType type, const std::string& full_name) {
  return type == MetadataType::Layout && !is_encoded_layout_full_name(full_name) ? encode_layout_full_name(full_name)
                                                                                 : full_name;
}

bool valid_developer_name(const std::string& name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0])) || name.back() == '_') return false;
  if (name.find("__") != std::string::npos) return false;
  for (const char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// The layouts (display names) that reference Object.Button.
std::vector<std::string> layouts_using(const Org& org, const std::string& weblink_full_name) {
  const auto dot = weblink_full_name.find('.');
  const std::string object = weblink_full_name.substr(0, dot);
  const std::string button = weblink_full_name.substr(dot + 1);
  std::vector<std::string> users;
  for (const auto& [name, layout] : org.def.layouts) {
    if (name.substr(0, name.find('-')) != object) continue;
    bool used = false;
    for (const MdNode* b : layout.children_named("customButtons")) used = used || b->text == button;
    if (const MdNode* pal = layout.child("platformActionList"))
      for (const MdNode* item : pal->children_named("platformActionListItems"))
        used = used || (item->child_text("actionType") == "CustomButton" && item->child_text("actionName") == button);
    std::function<void(const MdNode&)> scan = [&](const MdNode& n) {
      if (n.name == "customLink" && n.text == button) used = true;
      for (const auto& c : n.children) scan(c);
    };
    for (const MdNode* s : layout.children_named("layoutSections")) scan(*s);
    if (used) users.push_back(layout_display_name(name));
  }
  return users;
}

std::optional<ItemResult> validate_weblink(const Org& org, const MdNode& md, const std::string& full_name) {
  const auto dot = full_name.find('.');
  if (dot == std::string::npos)
    return failure(full_name, "INVALID_CROSS_REFERENCE_KEY", no_component_message("CustomObject", full_name));
  const ObjectDef* obj = org.object(full_name.substr(0, dot));
  if (!obj || !obj->layoutable || obj->name != full_name.substr(0, dot))
    return failure(full_name, "INVALID_CROSS_REFERENCE_KEY",
                   no_component_message("CustomObject", full_name.substr(0, dot)));
  if (!valid_developer_name(full_name.substr(dot + 1)))
    return failure(full_name, "FIELD_INTEGRITY_EXCEPTION",
                   "The Custom Button or Link Name can only contain underscores and alphanumeric characters. It must "
                   "be unique, begin with a letter, not include spaces, not end with an underscore, and not contain "
                   "two consecutive underscores.");
  if (const auto missing = check_required_fields(md, MetadataType::WebLink))
    return failure(full_name, missing->status_code, missing->message, missing->fields);
  return std::nullopt;
}

std::optional<ItemResult> validate_layout(const Org& org, const MdNode& md, const std::string& full_name) {
  const auto dash = full_name.find('-');
  const std::string object = full_name.substr(0, dash);
  const ObjectDef* obj = org.object(object);
  if (dash == std::string::npos || !obj || obj->name != object || !obj->layoutable)
    return failure(full_name, "INVALID_CROSS_REFERENCE_KEY", no_component_message("CustomObject", object));
  if (const auto missing = check_required_fields(md, MetadataType::Layout))
    return failure(full_name, missing->status_code, missing->message, missing->fields);
  const auto button_exists = [&](const std::string& name) {
    const auto it = org.def.weblinks.find(object + "." + name);
    return it != org.def.weblinks.end() && it->second.child_text("displayType") != "link";
  };
  for (const MdNode* b : md.children_named("customButtons"))
    if (!button_exists(b->text))
      return failure(full_name, "FIELD_INTEGRITY_EXCEPTION", "Invalid custom button name: " + b->text);
  if (const MdNode* pal = md.child("platformActionList")) {
    std::set<std::string> orders;
    for (const MdNode* item : pal->children_named("platformActionListItems")) {
      if (item->child_text("actionType") == "CustomButton" && !button_exists(item->child_text("actionName")))
        return failure(full_name, "FIELD_INTEGRITY_EXCEPTION",
                       "Invalid action name in platformActionList: " + item->child_text("actionName"));
      if (!orders.insert(item->child_text("sortOrder")).second)
        return failure(full_name, "FIELD_INTEGRITY_EXCEPTION",
                       "Duplicate sortOrder " + item->child_text("sortOrder") + " in platformActionList");
    }
  }
  return std::nullopt;
}

// Stores `md` under its canonical fullName, written first as on a read.
void store(std::map<std::string, MdNode>& target, const std::string& full_name, MdNode md) {
  md.remove_children("fullName");
  MdNode name;
  name.name = "fullName";
  name.text = full_name;
  md.children.insert(md.children.begin(), name);
  md.name = "records";
  md.xsi_type.clear();
  md.nil = false;
  target[full_name] = std::move(md);
}

SimResponse save_operation(Org& org, const SoapRequest& req, Operation op) {
  const std::string& op_name = req.operation.name;
  const auto items = req.operation.children_named("metadata");
  if (items.empty()) return soap_response(op_name, "");
  if (items.size() > 10) return soap_fault("sf:INVALID_OPERATION", "Too many components; the limit is 10 per call");
  const std::string type = items[0]->xsi_type;
  for (const MdNode* md : items)
    if (md->xsi_type != type) return soap_fault("sf:INVALID_TYPE", "All components in a call must be of the same type");
  const MetadataType kind = parse_metadata_type(type);
  std::map<std::string, MdNode>* target = store_for(org, kind);
  if (!target)
    return soap_fault("sf:INVALID_TYPE", type.empty() ? "Missing xsi:type on metadata"
                                                      : "Unknown type name '" + type + "' specified in the call");

  // Salesforce deserializes the whole request against the WSDL first: one
  // unknown element, misplaced element or bad enum value fails the call.
  for (const MdNode* md : items)
    if (const auto fault = check_wire_format(*md, type)) return soap_fault("soapenv:Client", *fault);

  std::vector<ItemResult> results;
  for (const MdNode* md : items) {
    const std::string raw_name = md->child_text("fullName");
    const std::string full_name = op == Operation::Update ? raw_name : save_name(kind, raw_name);
    if (full_name.empty()) {
      results.push_back(failure("", "REQUIRED_FIELD_MISSING", "Required field is missing: fullName"));
      continue;
    }
    const bool exists = target->count(full_name) > 0;
    if (op == Operation::Create && exists) {
      results.push_back(failure(full_name, "DUPLICATE_DEVELOPER_NAME", duplicate_message(type, full_name)));
      continue;
    }
    if (op == Operation::Update && !exists) {
      results.push_back(failure(full_name, "INVALID_CROSS_REFERENCE_KEY", no_component_message(type, full_name)));
      continue;
    }
    const auto invalid =
        kind == MetadataType::WebLink ? validate_weblink(org, *md, full_name) : validate_layout(org, *md, full_name);
    if (invalid) {
      results.push_back(*invalid);
      continue;
    }
    ItemResult ok;
    ok.full_name = full_name;
    ok.created = !exists;
    results.push_back(ok);
  }
  const bool any_failed = std::any_of(results.begin(), results.end(), [](const ItemResult& r) { return !r.success; });
  std::string payload;
  for (std::size_t i = 0; i < items.size(); ++i) {
    ItemResult& r = results[i];
    if (r.success && req.all_or_none && any_failed) {
      r = failure(r.full_name, "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                  "Record rolled back because not all records were valid and the request was using AllOrNone header");
    }
    if (r.success) store(*target, r.full_name, *items[i]);
    payload += result_xml(r, op == Operation::Upsert);
  }
  return soap_response(op_name, payload);
}

SimResponse read_metadata(Org& org, const SoapRequest& req) {
  const std::string type = req.operation.child_text("type");
  const std::map<std::string, MdNode>* source = store_for(org, parse_metadata_type(type));
  if (!source) return soap_fault("sf:INVALID_TYPE", "Unknown type name '" + type + "' specified in the call");
  const auto names = req.operation.children_named("fullNames");
  if (names.size() > 10) return soap_fault("sf:INVALID_OPERATION", "Too many fullNames; the limit is 10 per call");
  std::string payload = "<result>";
  for (const MdNode* n : names) {
    const auto it = source->find(n->text);
    // A missing component is not an error: the result holds an empty record.
    payload += it == source->end() ? "<records xsi:nil=\"true\"/>" : it->second.to_xml("records", type);
  }
  payload += "</result>";
  return soap_response("readMetadata", payload);
}

SimResponse delete_metadata(Org& org, const SoapRequest& req) {
  const std::string type = req.operation.child_text("type");
  const MetadataType kind = parse_metadata_type(type);
  std::map<std::string, MdNode>* target = store_for(org, kind);
  if (!target) return soap_fault("sf:INVALID_TYPE", "Unknown type name '" + type + "' specified in the call");
  const auto names = req.operation.children_named("fullNames");
  if (names.size() > 10) return soap_fault("sf:INVALID_OPERATION", "Too many fullNames; the limit is 10 per call");
  std::string payload;
  for (const MdNode* n : names) {
    const std::string& full_name = n->text;
    ItemResult r;
    r.full_name = full_name;
    if (!target->count(full_name)) {
      r = failure(full_name, "INVALID_CROSS_REFERENCE_KEY", no_component_message(type, full_name));
    } else if (kind == MetadataType::WebLink) {
      const auto users = layouts_using(org, full_name);
      if (!users.empty()) {
        std::string where;
        for (const auto& u : users) where += (where.empty() ? "" : ", ") + std::string("Layout - ") + u;
        r = failure(
            full_name, "DEPENDENCY_EXISTS",
            "This custom button is referenced elsewhere in salesforce.com. Remove the usage and try again. : " + where);
      }
    }
    if (r.success) target->erase(full_name);
    payload += result_xml(r, false);
  }
  return soap_response("deleteMetadata", payload);
}

// A component of a managed package carries its package's namespace in its
// own name ("Case-acmesvc__Service Layout", "Case.acmesvc__Button").
// listMetadata lists it the way Salesforce does: the fullName without that
// namespace, and the namespace in namespacePrefix. Returns the namespace
// ("" for the org's own components) and sets `listed`.
std::string managed_package_namespace(MetadataType type, const std::string& full_name, std::string& listed) {
  listed = full_name;
  const char sep = type == MetadataType::Layout ? '-' : type == MetadataType::WebLink ? '.' : '\0';
  const auto at = sep == '\0' ? std::string::npos : full_name.find(sep);
  if (at == std::string::npos) return {};
  const auto ns_end = full_name.find("__", at + 1);
  if (ns_end == std::string::npos || ns_end == at + 1) return {};
  std::string ns = full_name.substr(at + 1, ns_end - at - 1);
  for (const char c : ns)
    if (!std::isalnum(static_cast<unsigned char>(c))) return {};
  // A custom object's own suffix ("Invoice__c") is not a namespace.
  if (full_name.size() >= ns_end + 3 && full_name.compare(ns_end, 3, "__c") == 0 && ns_end + 3 == full_name.size())
    return {};
  listed = full_name.substr(0, at + 1) + full_name.substr(ns_end + 2);
  return ns;
}

std::string file_properties(const Org& org, const std::string& type, const std::string& full_name) {
  const MetadataType kind = parse_metadata_type(type);
  std::string listed;
  const std::string ns = managed_package_namespace(kind, full_name, listed);
  const UserDef& admin = org.def.users.front();
  const std::string file_name = kind == MetadataType::Layout ? "layouts/" + full_name + ".layout"
                                : kind == MetadataType::WebLink
                                    ? "objects/" + full_name.substr(0, full_name.find('.')) + ".object"
                                    : "objects/" + full_name + ".object";
  const std::string prefix = kind == MetadataType::Layout ? "00h" : kind == MetadataType::WebLink ? "00b" : "01I";
  const int seq = static_cast<int>(std::hash<std::string>{}(type + full_name) % 900000000u);
  std::string x = "<result>";
  x +=
      "<createdById>" + admin.id + "</createdById><createdByName>" + xml_escape(admin.full_name()) + "</createdByName>";
  x += "<createdDate>2024-01-15T10:00:00.000Z</createdDate>";
  x += "<fileName>" + xml_escape(file_name) + "</fileName><fullName>" + xml_escape(listed) + "</fullName>";
  x += "<id>" + make_id(prefix, seq) + "</id>";
  x += "<lastModifiedById>" + admin.id + "</lastModifiedById><lastModifiedByName>" + xml_escape(admin.full_name()) +
       "</lastModifiedByName>";
  x += "<lastModifiedDate>2024-01-15T10:00:00.000Z</lastModifiedDate>";
  x += ns.empty()
           ? "<manageableState>unmanaged</manageableState>"
           : "<manageableState>installed</manageableState><namespacePrefix>" + xml_escape(ns) + "</namespacePrefix>";
  x += "<type>" + type + "</type></result>";
  return x;
}

SimResponse list_metadata(Org& org, const SoapRequest& req) {
  const auto queries = req.operation.children_named("queries");
  if (queries.size() > 3) return soap_fault("sf:INVALID_OPERATION", "Too many queries; the limit is 3 per call");
  std::string payload;
  for (const MdNode* q : queries) {
    const std::string type = q->child_text("type");
    const MetadataType kind = parse_metadata_type(type);
    if (kind == MetadataType::CustomObject) {
      for (const auto& o : org.def.objects)
        if (o.layoutable) payload += file_properties(org, type, o.name);
      continue;
    }
    const std::map<std::string, MdNode>* source = store_for(org, kind);
    if (!source) return soap_fault("sf:INVALID_TYPE", "Unknown type name '" + type + "' specified in the call");
    for (const auto& [name, md] : *source) payload += file_properties(org, type, name);
  }
  return soap_response("listMetadata", payload);
}

SimResponse describe_metadata(Org&, const SoapRequest&) {
  struct Type {
    const char* xml_name;
    const char* directory;
    const char* suffix;
    std::vector<const char*> children;
    bool meta_file = false;  // the component comes with a -meta.xml file
  };
  const Type types[] = {
      {"CustomObject",
       "objects",
       "object",
       {"CustomField", "Index", "BusinessProcess", "CompactLayout", "RecordType", "WebLink", "ValidationRule",
        "SharingReason", "ListView", "FieldSet"}},
      {"Layout", "layouts", "layout", {}},
      {"ApexClass", "classes", "cls", {}, true},
      {"RemoteSiteSetting", "remoteSiteSettings", "remoteSite", {}},
      {"ConnectedApp", "connectedApps", "connectedApp", {}},
      {"PermissionSet", "permissionsets", "permissionset", {}},
  };
  std::string x = "<result>";
  for (const auto& t : types) {
    x += "<metadataObjects>";
    for (const char* c : t.children) x += std::string("<childXmlNames>") + c + "</childXmlNames>";
    x += std::string("<directoryName>") + t.directory + "</directoryName><inFolder>false</inFolder><metaFile>" +
         (t.meta_file ? "true" : "false") + "</metaFile><suffix>" + t.suffix + "</suffix><xmlName>" + t.xml_name +
         "</xmlName></metadataObjects>";
  }
  x += "<organizationNamespace></organizationNamespace><partialSaveAllowed>true</partialSaveAllowed>"
       "<testRequired>false</testRequired></result>";
  return soap_response("describeMetadata", x);
}

}  // namespace

SimResponse handle_metadata_soap(Org& org, const SimRequest& req) {
  if (req.method != "POST")
    return rest_error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + req.method + "' not allowed. Allowed are POST");
  // /services/Soap/m/<version>[/<orgId15>]
  std::vector<std::string> parts;
  boost::split(parts, req.path.substr(17), boost::is_any_of("/"));
  const std::string& version = parts[0];
  const bool version_ok =
      version.size() == 4 && version[2] == '.' && std::isdigit(static_cast<unsigned char>(version[0])) &&
      std::stoi(version.substr(0, 2)) >= kOldestApiVersion && std::stoi(version.substr(0, 2)) <= kLatestApiVersion;
  if (!version_ok || parts.size() > 2 || (parts.size() == 2 && !parts[1].empty() && !same_id(parts[1], org.def.org_id)))
    return make_response(404, kHtmlContentType, "<html><body>Not Found</body></html>");

  SoapRequest soap;
  std::string error;
  if (!parse_soap_request(req.body, soap, error)) return soap_fault("soapenv:Client", error);

  const UserDef* user = soap.session_id.empty() ? nullptr : org.use_access_token(soap.session_id);
  if (!user) return soap_fault("sf:INVALID_SESSION_ID", "Invalid Session ID found in SessionHeader: Illegal Session");
  if (!org.def.settings.api_enabled_for_org)
    return soap_fault("sf:API_DISABLED_FOR_ORG", "The API is not enabled for this Organization or Partner");
  if (!org.has_permission(*user, "ApiEnabled"))
    return soap_fault("sf:API_CURRENTLY_DISABLED", "API is disabled for this User");
  org.prune_api_window();
  if (org.api_used() >= org.def.settings.daily_api_limit)
    return soap_fault("sf:REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
  org.record_api_call();
  if (!org.has_permission(*user, "ModifyAllData") && !org.has_permission(*user, "ModifyMetadata"))
    return soap_fault("sf:INSUFFICIENT_ACCESS",
                      "use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions");

  const Operation op = parse_operation(soap.operation.name);
  switch (op) {
    case Operation::Read:
      return read_metadata(org, soap);
    case Operation::Create:
    case Operation::Update:
    case Operation::Upsert:
      return save_operation(org, soap, op);
    case Operation::Delete:
      return delete_metadata(org, soap);
    case Operation::List:
      return list_metadata(org, soap);
    case Operation::Describe:
      return describe_metadata(org, soap);
    case Operation::Unknown:
      break;
  }
  return soap_fault("soapenv:Client", "No operation available for request {" + std::string(kMetadataNamespace) + "}" +
                                          soap.operation.name + ", please check the WSDL for the service.");
}

}  // namespace sfsim
