// The Smart Flows button: a custom detail-page button (Metadata WebLink)
// whose URL opens the Smart Flows console for the record on screen.
//
//   XmlTree wl = smart_flows_weblink("Account", "https://console.example");
//   std::string name = weblink_full_name("Account");  // "Account.Smart_Flows"
#pragma once

#include <string>

#include "xml_tree.h"

namespace salesforce {

// The WebLink's name (without object prefix), as layouts reference it.
inline constexpr const char* kButtonName = "Smart_Flows";
inline constexpr const char* kButtonLabel = "Smart Flows";

// "<object>.Smart_Flows": the fullName for Metadata CRUD calls.
std::string weblink_full_name(const std::string& object);

// The complete WebLink component (fullName included) for `object`. Its
// description names the console project it belongs to (when `project` is
// not empty), so that another project sharing the org leaves it alone.
XmlTree smart_flows_weblink(const std::string& object, const std::string& console_url, const std::string& project = "");

// The project a Smart Flows WebLink (as read from the org) belongs to, from
// its description; "" for a button that names none (made by hand, or by a
// connector from before buttons named their project).
std::string weblink_owner(const XmlTree& weblink);

// True when `current` (as read from the org) already has every value of
// `desired`; members Salesforce adds are ignored.
bool weblink_matches(const XmlTree& current, const XmlTree& desired);

}  // namespace salesforce
