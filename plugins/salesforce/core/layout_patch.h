// Adding and removing the Smart Flows button on a page layout, touching
// nothing else the layout holds.
//
// A button shows in Salesforce Classic through the layout's customButtons
// list, and in Lightning Experience through its platformActionList when the
// layout has one (once a layout has that list, it alone decides the
// Lightning actions). Both are written.
//
//   XmlTree layout = ...;                 // as read from the org
//   bool changed = add_button(layout, "Smart_Flows");
#pragma once

#include <string>

#include "xml_tree.h"

namespace salesforce {

// True when the button is in customButtons and, if the layout has a
// platformActionList, in that list too.
bool layout_has_button(const XmlTree& layout, const std::string& button);

// True when the button appears anywhere in the layout.
bool layout_mentions_button(const XmlTree& layout, const std::string& button);

// Adds what is missing; returns true when the layout changed. New entries
// go after the existing ones of their list (customButtons in the Metadata
// schema's position; the action with the next free sortOrder).
bool add_button(XmlTree& layout, const std::string& button);

// Removes every reference; returns true when the layout changed.
bool remove_button(XmlTree& layout, const std::string& button);

// True when the layout has a Lightning action list.
bool layout_has_action_list(const XmlTree& layout);

}  // namespace salesforce
