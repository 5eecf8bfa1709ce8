#include "smart_flows_button.h"

namespace salesforce {

std::string weblink_full_name(const std::string& object) { return object + "." + kButtonName; }

XmlTree smart_flows_weblink(const std::string& object, const std::string& console_url) {
  XmlTree wl;
  // Metadata WSDL element order.
  wl.add("fullName", weblink_full_name(object));
  wl.add("availability", "online");
  wl.add("description", "Opens the Smart Flows console for this record.");
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

bool weblink_matches(const XmlTree& current, const XmlTree& desired) {
  for (const auto& [key, value] : desired) {
    if (key == "<xmlattr>") continue;
    const auto it = current.find(key);
    if (it == current.not_found() || it->second.data() != value.data()) return false;
  }
  return true;
}

}  // namespace salesforce
