// Everything the connector must know about the org before it changes
// anything, in ONE API request (a Composite request counts once): the
// connector user's effective permissions, the user's name, the org's name,
// and, when the admin chose an object, that object's describe.
//
//   OrgInspection i = inspect_org(api, config, "Account");
//   if (!i.permissions.missing.empty()) throw missing_permissions_error(i.permissions, i.username);
//   if (!i.object.usable()) throw object_error(i.object, "Account");
#pragma once

#include <string>

#include "api_session.h"
#include "permission_check.h"
#include "plugin_config.h"

namespace salesforce {

struct ObjectCheck {
  bool checked = false;
  bool exists = false;
  bool layoutable = false;
  std::string name;   // the org's spelling, e.g. "Invoice__c"
  std::string label;  // e.g. "Invoice"
  bool usable() const { return exists && layoutable; }
};

struct OrgInspection {
  PermissionReport permissions;
  std::string username;
  std::string org_name;
  ObjectCheck object;
};

// One composite request. `object` may be "" (no object check). API-level
// refusals become the mapped console::Error; a user without "API Enabled"
// gets the missing-permission error naming it.
OrgInspection inspect_org(ApiSession& api, const PluginConfig& config, const std::string& object);

// The field error (field "object") for an object that cannot get the button.
console::Error object_error(const ObjectCheck& check, const std::string& requested);

}  // namespace salesforce
