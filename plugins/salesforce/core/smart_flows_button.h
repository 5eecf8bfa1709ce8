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

// The complete WebLink component (fullName included) for `object`.
XmlTree smart_flows_weblink(const std::string& object, const std::string& console_url);

// True when `current` (as read from the org) already has every value of
// `desired`; members Salesforce adds are ignored.
bool weblink_matches(const XmlTree& current, const XmlTree& desired);

}  // namespace salesforce
