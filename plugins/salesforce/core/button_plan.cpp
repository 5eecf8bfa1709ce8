#include "button_plan.h"

#include <openssl/sha.h>

#include <algorithm>
#include <set>

#include "console_plugin/console_plugin.hpp"
#include "layout_patch.h"
#include "metadata_soap.h"
#include "smart_flows_button.h"
#include "wizard_schema.h"

namespace salesforce {
namespace {

// `name` is the metadata full name (percent-encoded for layouts); `label`
// the name as Setup shows it, for whoever reads the plan.
void write_change(JsonWriter& w, const char* operation, const char* type, const std::string& name, const char* detail) {
  w.StartObject();
  w.Key("operation");
  w.String(operation);
  w.Key("type");
  w.String(type);
  w.Key("name");
  w.String(name.c_str());
  w.Key("label");
  w.String(std::string(type) == "Layout" ? layout_display_name(name).c_str() : name.c_str());
  if (detail) {
    w.Key("detail");
    w.String(detail);
  }
  w.EndObject();
}

// The layout `name` as Salesforce read it; nullptr (noted as unreadable in
// the plan) when Salesforce answered nothing for it.
const XmlTree* layout_as_read(ButtonPlan& plan, const std::map<std::string, XmlTree>& layouts,
                              const std::string& name) {
  const auto it = layouts.find(name);
  if (it != layouts.end()) return &it->second;
  plan.unreadable_layouts.push_back(name);
  return nullptr;
}

// Applies `edit` to a copy of the layout `name` as read; when that changes
// it, the copy is what the plan writes. Returns whether it changed.
bool patch_layout(ButtonPlan& plan, const std::string& name, const XmlTree& read,
                  bool (*edit)(XmlTree&, const std::string&)) {
  XmlTree patched = read;
  if (!edit(patched, kButtonName)) return false;
  plan.patched_layouts[name].swap(patched);  // a ptree cannot be moved; swapping copies nothing
  return true;
}

// Why the button on `object` is not touched: it belongs to project
// `owner`, or names no project ("").
std::string left_alone_message(const std::string& object, const std::string& owner) {
  if (owner.empty())
    return "The Smart Flows button on " + object +
           " names no Smart Flows project (this connector did not install it) and is left as it is.";
  return "The Smart Flows button on " + object + " belongs to Smart Flows project \"" + owner +
         "\" and is left as it is.";
}

// Plans taking the button away from the given objects' layouts and deleting
// it there, and records where it is now.
void plan_removal(ButtonPlan& plan, const std::vector<std::string>& objects,
                  const std::map<std::string, XmlTree>& layouts, const std::vector<std::string>& layout_names) {
  for (const auto& o : objects) plan.placements_before[o];
  for (const auto& name : layout_names) {
    if (std::find(objects.begin(), objects.end(), layout_object(name)) == objects.end()) continue;
    const XmlTree* read = layout_as_read(plan, layouts, name);
    if (read == nullptr) continue;
    if (patch_layout(plan, name, *read, remove_button)) {
      plan.remove_from_layouts.push_back(name);
      plan.placements_before[layout_object(name)].push_back(name);
    }
  }
  for (const auto& o : objects) plan.delete_weblinks.push_back(weblink_full_name(o));
}

// Whether the connector's own state says its button is on `object`.
bool state_says_ours(const ConnectorState& state, const std::string& object) {
  return state.placements.count(object) != 0 || state.installed_object == object;
}

// The Smart Flows buttons on `objects` that the state cannot vouch for,
// read in one request together with `also` (full names).
std::map<std::string, XmlTree> read_unvouched(ApiSession& api, const ConnectorState& state,
                                              const std::vector<std::string>& objects, std::vector<std::string> also) {
  for (const auto& o : objects)
    if (!state_says_ours(state, o)) also.push_back(weblink_full_name(o));
  return also.empty() ? std::map<std::string, XmlTree>{} : read_metadata(api, "WebLink", also);
}

// Sorts the Smart Flows buttons on `objects` into this connector's own (the
// result) and the others (explained in plan.left_alone).
std::vector<std::string> own_buttons(const ConnectorState& state, const std::vector<std::string>& objects,
                                     const std::map<std::string, XmlTree>& read, ButtonPlan& plan) {
  std::vector<std::string> own;
  for (const auto& o : objects) {
    if (state_says_ours(state, o)) {
      own.push_back(o);
      continue;
    }
    const auto it = read.find(weblink_full_name(o));
    if (it == read.end()) continue;  // gone since the listing
    const std::string owner = weblink_owner(it->second);
    if (!owner.empty() && owner == state.project) {
      own.push_back(o);  // ours, though the state forgot it (a run that did not finish)
    } else {
      plan.left_alone.push_back(left_alone_message(o, owner));
    }
  }
  return own;
}

}  // namespace

std::string weblink_fingerprint(const XmlTree& weblink) {
  const std::string xml = write_element("WebLink", weblink);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(xml.data()), xml.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

bool ButtonPlan::nothing_to_do() const {
  return !create_weblink && !update_weblink && add_to_layouts.empty() && remove_from_layouts.empty() &&
         delete_weblinks.empty();
}

std::vector<std::string> ButtonPlan::lines() const {
  std::vector<std::string> out;
  if (action == ButtonAction::kSkip) {
    out.push_back("Skip: nothing in Salesforce changes; only the authorization is renewed.");
    return out;
  }
  if (create_weblink) out.push_back("Create the Smart Flows button on " + object + ".");
  if (update_weblink) out.push_back("Update the Smart Flows button on " + object + ".");
  if (!add_to_layouts.empty()) {
    out.push_back("Add it to " + std::to_string(add_to_layouts.size()) + " page layout" +
                  (add_to_layouts.size() == 1 ? "" : "s") + ": " + join_layout_display_names(add_to_layouts) + ".");
  }
  if (!remove_from_layouts.empty()) {
    out.push_back("Remove it from " + std::to_string(remove_from_layouts.size()) + " page layout" +
                  (remove_from_layouts.size() == 1 ? "" : "s") + ": " + join_layout_display_names(remove_from_layouts) +
                  ".");
  }
  for (const auto& w : delete_weblinks) out.push_back("Delete the button " + w + ".");
  if (out.empty()) {
    const size_t readable = target_layouts.size() - std::min(target_layouts.size(), unreadable_layouts.size());
    out.push_back(action == ButtonAction::kInstall
                      ? "The Smart Flows button on " + object + " is already up to date on " +
                            (unreadable_layouts.empty() ? "all " : "") + std::to_string(readable) +
                            " page layouts; nothing to change."
                      : std::string("The Smart Flows button is not installed; nothing to remove."));
  }
  for (const auto& l : unreadable_layouts) {
    out.push_back("Page layout " + layout_display_name(l) +
                  " could not be read (Salesforce answered nothing for it), so the button cannot be " +
                  (action == ButtonAction::kInstall && layout_object(l) == object ? "placed on" : "removed from") +
                  " it.");
  }
  for (const auto& l : left_alone) out.push_back(l);
  return out;
}

void ButtonPlan::write_json(JsonWriter& w) const {
  w.StartObject();
  w.Key("action");
  w.String(to_string(action));
  if (action == ButtonAction::kInstall) {
    w.Key("object");
    w.String(object.c_str());
  }
  w.Key("changes");
  w.StartArray();
  if (create_weblink) write_change(w, "create", "WebLink", weblink_full_name(object), nullptr);
  if (update_weblink) write_change(w, "update", "WebLink", weblink_full_name(object), nullptr);
  for (const auto& l : add_to_layouts) write_change(w, "update", "Layout", l, "add the Smart Flows button");
  for (const auto& l : remove_from_layouts) write_change(w, "update", "Layout", l, "remove the Smart Flows button");
  for (const auto& l : delete_weblinks) write_change(w, "delete", "WebLink", l, nullptr);
  w.EndArray();
  w.Key("nothing_to_do");
  w.Bool(nothing_to_do());
  w.Key("summary");
  w.StartArray();
  for (const auto& line : lines()) w.String(line.c_str());
  w.EndArray();
  w.EndObject();
}

ButtonPlan plan_skip() {
  ButtonPlan p;
  p.action = ButtonAction::kSkip;
  return p;
}

ButtonPlan plan_install(ApiSession& api, const ConnectorState& state, const std::string& object,
                        const std::string& console_url) {
  ButtonPlan plan;
  plan.action = ButtonAction::kInstall;
  plan.object = object;
  plan.weblink = smart_flows_weblink(object, console_url, state.project);
  plan.weblink_fingerprint = weblink_fingerprint(plan.weblink);

  const MetadataListing listing = list_metadata(api, {"Layout", "WebLink"});
  const std::vector<std::string> holders = listing.objects_with_weblink(kButtonName);
  const bool exists_on_target = std::find(holders.begin(), holders.end(), object) != holders.end();
  // The button on the target: the connector knows it only when it wrote
  // this very definition there; otherwise read it (whose is it? is it current?).
  const bool known_current = state.installed_object == object && state.button_fingerprint == plan.weblink_fingerprint;
  std::vector<std::string> elsewhere;
  for (const auto& o : holders)
    if (o != object) elsewhere.push_back(o);
  const auto weblinks =
      read_unvouched(api, state, elsewhere,
                     exists_on_target && !known_current ? std::vector<std::string>{weblink_full_name(object)}
                                                        : std::vector<std::string>{});

  if (!exists_on_target) {
    plan.create_weblink = true;
  } else if (!known_current) {
    const auto it = weblinks.find(weblink_full_name(object));
    if (it == weblinks.end()) {
      plan.create_weblink = true;  // deleted since the listing
    } else {
      const std::string owner = weblink_owner(it->second);
      if (!owner.empty() && owner != state.project) {
        throw console::Error(
            CONSOLE_ERR_CONFLICT,
            "The Smart Flows button on " + object + " (" + weblink_full_name(object) +
                ") belongs to another Smart Flows project, \"" + owner +
                "\", that shares this org; installing it here would take it from that project. Choose another "
                "object, choose Skip, or change the button from project \"" +
                owner + "\".",
            kFieldObject);
      }
      plan.update_weblink = !weblink_matches(it->second, plan.weblink);
    }
  }
  const std::vector<std::string> own_elsewhere = own_buttons(state, elsewhere, weblinks, plan);

  plan.target_layouts = listing.layouts_of(object);
  std::vector<std::string> to_read = plan.target_layouts;
  for (const auto& o : own_elsewhere) {
    for (const auto& l : listing.layouts_of(o)) to_read.push_back(l);
  }
  const std::map<std::string, XmlTree> layouts =
      to_read.empty() ? std::map<std::string, XmlTree>{} : read_metadata(api, "Layout", to_read);

  if (!plan.create_weblink) plan.placements_before[object];
  for (const auto& name : plan.target_layouts) {
    const XmlTree* read = layout_as_read(plan, layouts, name);
    if (read == nullptr) continue;
    if (patch_layout(plan, name, *read, add_button)) {
      plan.add_to_layouts.push_back(name);
      if (!plan.create_weblink && layout_mentions_button(*read, kButtonName))
        plan.placements_before[object].push_back(name);  // half there (e.g. Classic only)
    } else if (!plan.create_weblink) {
      plan.placements_before[object].push_back(name);
    }
  }
  plan_removal(plan, own_elsewhere, layouts, to_read);
  return plan;
}

ButtonPlan plan_uninstall(ApiSession& api, const ConnectorState& state) {
  ButtonPlan plan;
  plan.action = ButtonAction::kUninstall;
  // Always list: the state may be out of date (a run that did not finish, a
  // lost answer), and a layout cloned since the install holds the button too.
  const MetadataListing listing = list_metadata(api, {"Layout", "WebLink"});
  const std::vector<std::string> holders = listing.objects_with_weblink(kButtonName);
  const std::vector<std::string> own = own_buttons(state, holders, read_unvouched(api, state, holders, {}), plan);
  if (own.empty()) return plan;
  std::vector<std::string> to_read;
  for (const auto& o : own) {
    for (const auto& l : listing.layouts_of(o)) to_read.push_back(l);
  }
  const std::map<std::string, XmlTree> layouts =
      to_read.empty() ? std::map<std::string, XmlTree>{} : read_metadata(api, "Layout", to_read);
  plan_removal(plan, own, layouts, to_read);
  return plan;
}

}  // namespace salesforce
