#include "button_plan.h"

#include <openssl/sha.h>

#include <algorithm>
#include <set>

#include "console_plugin/console_plugin.hpp"
#include "layout_patch.h"
#include "metadata_soap.h"
#include "smart_flows_button.h"

namespace salesforce {
namespace {

void write_change(JsonWriter& w, const char* operation, const char* type, const std::string& name, const char* detail) {
  w.StartObject();
  w.Key("operation");
  w.String(operation);
  w.Key("type");
  w.String(type);
  w.Key("name");
  w.String(name.c_str());
  if (detail) {
    w.Key("detail");
    w.String(detail);
  }
  w.EndObject();
}

// Plans taking the button away from the given objects' layouts and deleting
// it there.
void plan_removal(ButtonPlan& plan, const std::vector<std::string>& objects,
                  const std::map<std::string, XmlTree>& layouts, const std::vector<std::string>& layout_names) {
  for (const auto& name : layout_names) {
    if (std::find(objects.begin(), objects.end(), layout_object(name)) == objects.end()) continue;
    const auto it = layouts.find(name);
    if (it == layouts.end()) continue;
    XmlTree patched = it->second;
    if (remove_button(patched, kButtonName)) {
      plan.remove_from_layouts.push_back(name);
      plan.patched_layouts[name] = std::move(patched);
    }
  }
  for (const auto& o : objects) plan.delete_weblinks.push_back(weblink_full_name(o));
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
  if (action == "skip") {
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
                  (remove_from_layouts.size() == 1 ? "" : "s") + ": " + join_layout_display_names(remove_from_layouts) + ".");
  }
  for (const auto& w : delete_weblinks) out.push_back("Delete the button " + w + ".");
  if (out.empty()) {
    out.push_back(action == "install" ? "The Smart Flows button on " + object + " is already up to date on all " +
                                            std::to_string(target_layouts.size()) + " page layouts; nothing to change."
                                      : std::string("The Smart Flows button is not installed; nothing to remove."));
  }
  return out;
}

void ButtonPlan::write_json(JsonWriter& w) const {
  w.StartObject();
  w.Key("action");
  w.String(action.c_str());
  if (action == "install") {
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
  p.action = "skip";
  return p;
}

ButtonPlan plan_install(ApiSession& api, const ConnectorState& state, const std::string& object,
                        const std::string& console_url) {
  ButtonPlan plan;
  plan.action = "install";
  plan.object = object;
  plan.weblink = smart_flows_weblink(object, console_url);
  plan.weblink_fingerprint = weblink_fingerprint(plan.weblink);

  const MetadataListing listing = list_metadata(api, {"Layout", "WebLink"});
  const std::vector<std::string> holders = listing.objects_with_weblink(kButtonName);
  std::vector<std::string> elsewhere;
  for (const auto& o : holders) {
    if (o != object) elsewhere.push_back(o);
  }
  const bool exists_on_target = std::find(holders.begin(), holders.end(), object) != holders.end();

  plan.target_layouts = listing.layouts_of(object);
  std::vector<std::string> to_read = plan.target_layouts;
  for (const auto& o : elsewhere) {
    for (const auto& l : listing.layouts_of(o)) to_read.push_back(l);
  }
  const std::map<std::string, XmlTree> layouts =
      to_read.empty() ? std::map<std::string, XmlTree>{} : read_metadata(api, "Layout", to_read);

  if (!exists_on_target) {
    plan.create_weblink = true;
  } else if (!(state.installed_object == object && state.button_fingerprint == plan.weblink_fingerprint)) {
    // The connector did not write this definition: compare with the org's.
    const auto current = read_metadata(api, "WebLink", {weblink_full_name(object)});
    const auto it = current.find(weblink_full_name(object));
    plan.update_weblink = it == current.end() || !weblink_matches(it->second, plan.weblink);
  }

  for (const auto& name : plan.target_layouts) {
    const auto it = layouts.find(name);
    if (it == layouts.end()) continue;
    XmlTree patched = it->second;
    if (add_button(patched, kButtonName)) {
      plan.add_to_layouts.push_back(name);
      plan.patched_layouts[name] = std::move(patched);
    }
  }
  plan_removal(plan, elsewhere, layouts, to_read);
  return plan;
}

ButtonPlan plan_uninstall(ApiSession& api, const ConnectorState& state) {
  ButtonPlan plan;
  plan.action = "uninstall";
  if (!state.installed_object.empty() && !state.installed_layouts.empty()) {
    // The state says where it is: read those layouts only.
    const auto layouts = read_metadata(api, "Layout", state.installed_layouts);
    plan_removal(plan, {state.installed_object}, layouts, state.installed_layouts);
    return plan;
  }
  const MetadataListing listing = list_metadata(api, {"Layout", "WebLink"});
  const std::vector<std::string> holders = listing.objects_with_weblink(kButtonName);
  if (holders.empty()) return plan;
  std::vector<std::string> to_read;
  for (const auto& o : holders) {
    for (const auto& l : listing.layouts_of(o)) to_read.push_back(l);
  }
  const std::map<std::string, XmlTree> layouts =
      to_read.empty() ? std::map<std::string, XmlTree>{} : read_metadata(api, "Layout", to_read);
  plan_removal(plan, holders, layouts, to_read);
  return plan;
}

}  // namespace salesforce
