#include "metadata_soap.h"

#include <algorithm>

#include "console_plugin/console_plugin.hpp"
#include "url_codec.h"

namespace salesforce {

std::string layout_object(const std::string& layout_full_name) {
  return layout_full_name.substr(0, layout_full_name.find('-'));
}

std::string layout_display_name(const std::string& layout_full_name) {
  const auto dash = layout_full_name.find('-');
  return percent_decode(dash == std::string::npos ? layout_full_name : layout_full_name.substr(dash + 1), false);
}

std::string join_layout_display_names(const std::vector<std::string>& layouts, const std::string& when_empty) {
  std::string out;
  for (const auto& l : layouts) {
    if (!out.empty()) out += ", ";
    out += layout_display_name(l);
  }
  return out.empty() ? when_empty : out;
}

std::vector<std::string> MetadataListing::layouts_of(const std::string& object) const {
  std::vector<std::string> out;
  for (const auto& l : layouts) {
    if (layout_object(l) == object) out.push_back(l);
  }
  return out;
}

std::vector<std::string> MetadataListing::objects_with_weblink(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& w : weblinks) {
    const auto dot = w.find('.');
    if (dot != std::string::npos && w.substr(dot + 1) == name) out.push_back(w.substr(0, dot));
  }
  return out;
}

std::string qualified_full_name(const std::string& type, const std::string& listed, const std::string& ns) {
  if (ns.empty()) return listed;
  // The component's own name follows the object: "Object-Name" for a
  // layout, "Object.Name" for a button or link.
  const char sep = type == "Layout" ? '-' : '.';
  const auto at = listed.find(sep);
  if (at == std::string::npos) return listed;
  const std::string own = listed.substr(at + 1);
  if (own.rfind(ns + "__", 0) == 0) return listed;  // already qualified
  return listed.substr(0, at + 1) + ns + "__" + own;
}

MetadataListing parse_list_result(const XmlTree& response) {
  MetadataListing out;
  for (const auto& [key, result] : response) {
    if (key != "result") continue;
    const std::string type = result.get<std::string>("type", "");
    const std::string name = qualified_full_name(type, result.get<std::string>("fullName", ""),
                                                 result.get<std::string>("namespacePrefix", ""));
    if (name.empty()) continue;
    if (type == "Layout") out.layouts.push_back(name);
    if (type == "WebLink") out.weblinks.push_back(name);
  }
  return out;
}

MetadataListing list_metadata(ApiSession& api, const std::vector<std::string>& types) {
  std::string op = "<listMetadata>";
  for (const auto& t : types) op += "<queries><type>" + xml_escape(t) + "</type></queries>";
  op += "<asOfVersion>" + xml_escape(api.state().api_version) + "</asOfVersion></listMetadata>";
  return parse_list_result(api.metadata_call(op));
}

std::map<std::string, XmlTree> parse_read_result(XmlTree&& response, const std::vector<std::string>& requested) {
  std::map<std::string, XmlTree> out;
  const auto result = response.find("result");
  if (result == response.not_found()) return out;
  std::vector<XmlTree*> records;
  for (auto& [key, record] : result->second) {
    if (key == "records") records.push_back(&record);
  }
  // In request order, one record per name: pair by position. A different
  // count means the answer is not the usual one; then trust the names.
  const bool by_position = !requested.empty() && records.size() == requested.size();
  for (size_t i = 0; i < records.size(); ++i) {
    XmlTree& record = *records[i];
    if (is_nil(record)) continue;
    const std::string carried = record.get<std::string>("fullName", "");
    if (carried.empty()) continue;  // Salesforce's answer for a component that does not exist
    const auto [slot, inserted] = out.try_emplace(by_position ? requested[i] : carried);
    if (!inserted) continue;  // the first record under a name wins
    // The response is ours to take apart: swap the record out rather than
    // copy it (a ptree cannot be moved).
    slot->second.swap(record);
    slot->second.erase("<xmlattr>");
    // Written back under the name it was asked for, the name that works.
    if (by_position) slot->second.put("fullName", requested[i]);
  }
  return out;
}

std::map<std::string, XmlTree> parse_read_result(const XmlTree& response, const std::vector<std::string>& requested) {
  return parse_read_result(XmlTree(response), requested);
}

std::map<std::string, XmlTree> read_metadata(ApiSession& api, const std::string& type,
                                             const std::vector<std::string>& full_names) {
  std::map<std::string, XmlTree> out;
  for (size_t i = 0; i < full_names.size(); i += kMetadataBatchSize) {
    std::string op = "<readMetadata><type>" + xml_escape(type) + "</type>";
    for (size_t j = i; j < full_names.size() && j < i + kMetadataBatchSize; ++j) {
      op += "<fullNames>" + xml_escape(full_names[j]) + "</fullNames>";
    }
    op += "</readMetadata>";
    const std::vector<std::string> asked(
        full_names.begin() + static_cast<std::ptrdiff_t>(i),
        full_names.begin() + static_cast<std::ptrdiff_t>(std::min(full_names.size(), i + kMetadataBatchSize)));
    auto batch = parse_read_result(api.metadata_call(op), asked);
    out.merge(batch);  // moves the map nodes, copies no tree; a name already read stays as it was
  }
  return out;
}

std::vector<SaveOutcome> parse_save_results(const XmlTree& response) {
  std::vector<SaveOutcome> out;
  for (const auto& [key, result] : response) {
    if (key != "result") continue;
    SaveOutcome o;
    o.full_name = result.get<std::string>("fullName", "");
    o.success = result.get<std::string>("success", "false") == "true";
    for (const auto& [ekey, error] : result) {
      if (ekey != "errors") continue;
      if (!o.error.empty()) o.error += "; ";
      o.error += error.get<std::string>("statusCode", "") + ": " + error.get<std::string>("message", "");
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<SaveOutcome> upsert_metadata(ApiSession& api, const std::string& type,
                                         const std::vector<const XmlTree*>& components) {
  std::vector<SaveOutcome> out;
  for (size_t i = 0; i < components.size(); i += kMetadataBatchSize) {
    std::string op = "<upsertMetadata>";
    for (size_t j = i; j < components.size() && j < i + kMetadataBatchSize; ++j) {
      op += write_element("metadata", *components[j], type);
    }
    op += "</upsertMetadata>";
    auto batch = parse_save_results(api.metadata_call(op));
    out.insert(out.end(), batch.begin(), batch.end());
  }
  return out;
}

std::vector<SaveOutcome> delete_metadata(ApiSession& api, const std::string& type,
                                         const std::vector<std::string>& full_names) {
  std::vector<SaveOutcome> out;
  for (size_t i = 0; i < full_names.size(); i += kMetadataBatchSize) {
    std::string op = "<deleteMetadata><type>" + xml_escape(type) + "</type>";
    for (size_t j = i; j < full_names.size() && j < i + kMetadataBatchSize; ++j) {
      op += "<fullNames>" + xml_escape(full_names[j]) + "</fullNames>";
    }
    op += "</deleteMetadata>";
    auto batch = parse_save_results(api.metadata_call(op));
    out.insert(out.end(), batch.begin(), batch.end());
  }
  return out;
}

}  // namespace salesforce
