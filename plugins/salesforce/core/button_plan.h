// What a button action would change in the org, worked out before anything
// is changed (the host shows it; --dry-run stops there).
//
// Reading is frugal: one listMetadata (layouts and buttons), one
// readMetadata of the layouts concerned, and one readMetadata of the buttons
// the connector cannot know to be its own and current. Both install and
// uninstall list first, so a layout cloned since the last run, or a button
// left behind by a run that did not finish, is found.
//
// Ownership: each Smart Flows button names the console project it belongs
// to (smart_flows_button.h). A plan never moves, changes or deletes a button
// of another project: installing on an object whose button belongs to
// another project is refused (naming it), and another project's buttons on
// other objects are left as they are (the plan says so). A button that
// names no project is this connector's only if its state says it put it
// there.
//
//   ButtonPlan plan = plan_install(api, state, "Account", config.console_url);
//   rapidjson::StringBuffer b; JsonWriter w(b); plan.write_json(w);
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api_session.h"
#include "connector_state.h"
#include "vocabulary.h"
#include "xml_tree.h"

namespace salesforce {

struct ButtonPlan {
  ButtonAction action = ButtonAction::kSkip;
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
  // Layouts the listing names but Salesforce answered nothing for when read:
  // the button cannot be placed on (or removed from) them.
  std::vector<std::string> unreadable_layouts;
  // Where this connector's button is now: object -> layouts holding it.
  std::map<std::string, std::vector<std::string>> placements_before;
  // Other projects' (or nobody's) buttons the plan leaves alone, explained.
  std::vector<std::string> left_alone;
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

// Throws console::Error(conflict, field "object") when the button on
// `object` belongs to another project.
ButtonPlan plan_install(ApiSession& api, const ConnectorState& state, const std::string& object,
                        const std::string& console_url);
ButtonPlan plan_uninstall(ApiSession& api, const ConnectorState& state);
ButtonPlan plan_skip();

}  // namespace salesforce
