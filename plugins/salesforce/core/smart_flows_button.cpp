#include "smart_flows_button.h"

namespace salesforce {

namespace {

constexpr const char* kDescription = "Opens the Smart Flows console for this record.";
// Followed by the project's name and "\".": the mark another project's
// connector reads.
constexpr const char* kOwnerMark = " Managed by Smart Flows project \"";

}  // namespace

std::string weblink_full_name(const std::string& object) { return object + "." + kButtonName; }

XmlTree smart_flows_weblink(const std::string& object, const std::string& console_url, const std::string& project) {
  XmlTree wl;
  // Metadata WSDL element order.
  wl.add("fullName", weblink_full_name(object));
  wl.add("availability", "online");
  wl.add("description",
         project.empty() ? std::string(kDescription) : kDescription + std::string(kOwnerMark) + project + "\".");
  wl.add("displayType", "button");
  wl.add("encodingKey", "UTF-8");
  wl.add("linkType", "url");
  wl.add("masterLabel", kButtonLabel);
  wl.add("openType", "replace");
  wl.add("protected", "false");
  wl.add("url",
         console_url + "/salesforce/record?org={!$Organization.Id}&object=" + object + "&id={!" + object + ".Id}");
  return wl;
}

std::string weblink_owner(const XmlTree& weblink) {
  const std::string d = weblink.get<std::string>("description", "");
  const auto at = d.find(kOwnerMark);
  if (at == std::string::npos) return {};
  const auto begin = at + std::char_traits<char>::length(kOwnerMark);
  const auto end = d.rfind("\".");
  return end == std::string::npos || end < begin ? std::string() : d.substr(begin, end - begin);
}

bool weblink_matches(const XmlTree& current, const XmlTree& desired) {
  for (const auto& [key, value] : desired) {
    if (key == "<xmlattr>") continue;
    const auto it = current.find(key);
    if (it == current.not_found() || it->second.data() != value.data()) return false;
  }
  return true;
}

}  // namespace salesforce
