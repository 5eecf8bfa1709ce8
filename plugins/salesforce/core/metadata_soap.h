// The Metadata API calls the connector makes, batched as Salesforce allows
// (up to 10 components per read/upsert/delete, 3 queries per list).
//
//   MetadataListing l = list_metadata(api, {"Layout", "WebLink"});
//   auto layouts = read_metadata(api, "Layout", l.layouts_of("Account"));
//   auto results = upsert_metadata(api, "Layout", {&layouts.at("Account-Account Layout")});
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api_session.h"
#include "xml_tree.h"

namespace salesforce {

inline constexpr size_t kMetadataBatchSize = 10;

struct MetadataListing {
  std::vector<std::string> layouts;   // every Layout fullName ("Account-Account Layout")
  std::vector<std::string> weblinks;  // every WebLink fullName ("Account.Smart_Flows")
  // Layouts of one object, in listing order.
  std::vector<std::string> layouts_of(const std::string& object) const;
  // Objects holding a WebLink named `name`.
  std::vector<std::string> objects_with_weblink(const std::string& name) const;
};

// listMetadata for the given types (at most 3). One request. Components of
// a managed package are listed by Salesforce without their own namespace
// (it is in namespacePrefix); their names here are qualified, as they must
// be read and written: "Account-ns__Partner Layout", "Account.ns__Button".
MetadataListing list_metadata(ApiSession& api, const std::vector<std::string>& types);

// The name a listed component is read and written under, given its
// namespacePrefix ("" for the org's own components).
std::string qualified_full_name(const std::string& type, const std::string& listed_full_name,
                                const std::string& namespace_prefix);

// readMetadata, in batches of 10. Each answer is paired with the name asked
// for by its position (Salesforce answers in request order, and may spell
// the name it sends back differently); components that do not exist, and
// names Salesforce answered with an empty record, are absent.
std::map<std::string, XmlTree> read_metadata(ApiSession& api, const std::string& type,
                                             const std::vector<std::string>& full_names);

struct SaveOutcome {
  std::string full_name;
  bool success = false;
  std::string error;  // "STATUS_CODE: message" when !success
};

// upsertMetadata, in batches of 10; one outcome per component. A failure of
// a whole request throws, after the outcomes of earlier batches were lost to
// the caller only if it was the first batch (callers batch <= 10 anyway).
// The components are pointed to, not copied: a ptree copy costs as much as
// writing it out.
std::vector<SaveOutcome> upsert_metadata(ApiSession& api, const std::string& type,
                                         const std::vector<const XmlTree*>& components);

// deleteMetadata, in batches of 10; one outcome per component.
std::vector<SaveOutcome> delete_metadata(ApiSession& api, const std::string& type,
                                         const std::vector<std::string>& full_names);

// The object of a Layout fullName: "Account-Account Layout" -> "Account".
std::string layout_object(const std::string& layout_full_name);
// What admins call it: "Account-Account %28Marketing%29 Layout" -> "Account (Marketing) Layout".
std::string layout_display_name(const std::string& layout_full_name);

// "Account Layout, Account (Marketing) Layout" for a list of layout full
// names; `when_empty` when there are none.
std::string join_layout_display_names(const std::vector<std::string>& layouts, const std::string& when_empty = "");

// Parses a readMetadataResponse / upsertMetadataResponse /
// deleteMetadataResponse / listMetadataResponse element (exposed for tests).
// With `requested` (the names asked for, in order), records are paired with
// them by position; without, by the fullName each record carries.
std::map<std::string, XmlTree> parse_read_result(const XmlTree& response,
                                                 const std::vector<std::string>& requested = {});
// The same, taking the records out of `response` instead of copying them.
std::map<std::string, XmlTree> parse_read_result(XmlTree&& response, const std::vector<std::string>& requested = {});
std::vector<SaveOutcome> parse_save_results(const XmlTree& response);
MetadataListing parse_list_result(const XmlTree& response);

}  // namespace salesforce
