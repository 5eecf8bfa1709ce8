// What a button action would change in the org, worked out before anything
// is changed (the host shows it; --dry-run stops there).
//
// Reading is frugal: one listMetadata (layouts and buttons), one
// readMetadata of the layouts concerned, and a readMetadata of the button
// only when the connector cannot know it is current. An uninstall that the
// state already describes skips the listing.
//
//   ButtonPlan plan = plan_install(api, state, "Account", config.console_url);
//   rapidjson::StringBuffer b; JsonWriter w(b); plan.write_json(w);
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api_session.h"
#include "connector_state.h"
#include "xml_tree.h"

namespace salesforce {

struct ButtonPlan {
  std::string action;  // install | uninstall | skip
  std::string object;  // install: the target object
  // The target's WebLink (install).
  bool create_weblink = false;
  bool update_weblink = false;
  XmlTree weblink;
  std::string weblink_fingerprint;
  // Layouts of the target object, and what happens to each.
  std::vector<std::string> target_layouts;
  std::vector<std::string> add_to_layouts;
  // Buttons to take away (uninstall, or a move to another object).
  std::vector<std::string> remove_from_layouts;
  std::vector<std::string> delete_weblinks;  // WebLink fullNames
  // Full contents of every layout to write back, already patched.
  std::map<std::string, XmlTree> patched_layouts;
  // True when the org already holds no button (uninstall) or everything
  // (install).
  bool nothing_to_do() const;
  // The protocol's "plan" member.
  void write_json(JsonWriter& w) const;
  // One line per change, for the step's display.
  std::vector<std::string> lines() const;
};

// SHA-256 (hex) of a WebLink definition, to know later whether it changed.
std::string weblink_fingerprint(const XmlTree& weblink);

ButtonPlan plan_install(ApiSession& api, const ConnectorState& state, const std::string& object,
                        const std::string& console_url);
ButtonPlan plan_uninstall(ApiSession& api, const ConnectorState& state);
ButtonPlan plan_skip();

}  // namespace salesforce
