#include "layout_patch.h"

#include <cstdlib>

#include "console_plugin/console_plugin.hpp"

namespace salesforce {
namespace {

bool in_custom_buttons(const XmlTree& layout, const std::string& button) {
  for (const auto& [key, child] : layout) {
    if (key == "customButtons" && child.data() == button) return true;
  }
  return false;
}

bool is_our_action(const XmlTree& item, const std::string& button) {
  return item.get<std::string>("actionType", "") == "CustomButton" && item.get<std::string>("actionName", "") == button;
}

bool in_action_list(const XmlTree& list, const std::string& button) {
  for (const auto& [key, item] : list) {
    if (key == "platformActionListItems" && is_our_action(item, button)) return true;
  }
  return false;
}

}  // namespace

bool layout_has_action_list(const XmlTree& layout) { return layout.find("platformActionList") != layout.not_found(); }

bool layout_has_button(const XmlTree& layout, const std::string& button) {
  if (!in_custom_buttons(layout, button)) return false;
  const auto list = layout.find("platformActionList");
  return list == layout.not_found() || in_action_list(list->second, button);
}

bool layout_mentions_button(const XmlTree& layout, const std::string& button) {
  if (in_custom_buttons(layout, button)) return true;
  const auto list = layout.find("platformActionList");
  return list != layout.not_found() && in_action_list(list->second, button);
}

bool add_button(XmlTree& layout, const std::string& button) {
  bool changed = false;
  if (!in_custom_buttons(layout, button)) {
    // After the last customButtons entry; else where the Metadata schema
    // puts the list: right after fullName (first of Layout's own fields).
    auto pos = layout.end();
    bool found = false;
    for (auto it = layout.begin(); it != layout.end(); ++it) {
      if (it->first == "customButtons") {
        pos = std::next(it);
        found = true;
      }
    }
    if (!found) {
      pos = layout.begin();
      for (auto it = layout.begin(); it != layout.end(); ++it) {
        if (it->first == "fullName" || it->first == "<xmlattr>") pos = std::next(it);
      }
    }
    XmlTree entry;
    entry.data() = button;
    layout.insert(pos, {"customButtons", entry});
    changed = true;
  }
  auto list = layout.to_iterator(layout.find("platformActionList"));
  if (list != layout.end() && !in_action_list(list->second, button)) {
    XmlTree& actions = list->second;
    long next_sort = 0;
    auto pos = actions.end();
    bool found = false;
    for (auto it = actions.begin(); it != actions.end(); ++it) {
      if (it->first != "platformActionListItems") continue;
      next_sort =
          std::max(next_sort, std::strtol(it->second.get<std::string>("sortOrder", "0").c_str(), nullptr, 10) + 1);
      pos = std::next(it);
      found = true;
    }
    if (!found) {
      // No items yet: after actionListContext.
      for (auto it = actions.begin(); it != actions.end(); ++it) {
        if (it->first == "actionListContext") pos = std::next(it);
      }
    }
    XmlTree item;
    item.add("actionName", button);
    item.add("actionType", "CustomButton");
    item.add("sortOrder", std::to_string(next_sort));
    actions.insert(pos, {"platformActionListItems", item});
    changed = true;
  }
  return changed;
}

bool remove_button(XmlTree& layout, const std::string& button) {
  bool changed = false;
  for (auto it = layout.begin(); it != layout.end();) {
    if (it->first == "customButtons" && it->second.data() == button) {
      it = layout.erase(it);
      changed = true;
    } else {
      ++it;
    }
  }
  auto list = layout.to_iterator(layout.find("platformActionList"));
  if (list != layout.end()) {
    XmlTree& actions = list->second;
    for (auto it = actions.begin(); it != actions.end();) {
      if (it->first == "platformActionListItems" && is_our_action(it->second, button)) {
        it = actions.erase(it);
        changed = true;
      } else {
        ++it;
      }
    }
  }
  return changed;
}

}  // namespace salesforce
