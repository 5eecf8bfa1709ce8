// Layout full names as Salesforce spells them: "<Object>-<Layout Name>",
// where the layout name is percent-encoded with Salesforce's own rule, which
// encodes far more than parentheses: every ASCII character other than
// letters, digits, space, '-' and '_' (so "." becomes %2E, as in
// "Account-v1%2E3 Layout"). Only the encoded spelling names an existing
// layout: reads, updates and deletes by the decoded name find nothing, as
// on Salesforce.
//
//   encode_layout_full_name("Account-Account (Marketing) Layout")  // "Account-Account %28Marketing%29 Layout"
//   layout_display_name("Account-Account %28Marketing%29 Layout")   // "Account (Marketing) Layout"
#pragma once

#include <string>

namespace sfsim {

// Encodes the layout-name part (after the first '-') of a decoded full name.
std::string encode_layout_full_name(const std::string& decoded_full_name);
// The full name with the layout-name part decoded (unchanged when it is not
// valid percent-encoding).
std::string decode_layout_full_name(const std::string& full_name);
// True when `full_name` is spelled as Salesforce spells it.
bool is_encoded_layout_full_name(const std::string& full_name);
// The layout name people see in Setup ("Account (Marketing) Layout").
std::string layout_display_name(const std::string& full_name);

}  // namespace sfsim
