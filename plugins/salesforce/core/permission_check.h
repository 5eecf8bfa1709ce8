// The connector user's permissions, against what Smart Flows needs.
//
// One row of UserPermissionAccess holds the running user's effective
// system permissions (no View Setup needed). Every missing permission is
// reported at once, by its Setup label, with where to grant it.
//
//   std::string soql = permission_query(config.email_enabled);
//   PermissionReport r = evaluate_permissions(row, config.email_enabled);
//   if (!r.missing.empty()) throw missing_permissions_error(r, "admin@acme.com");
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "console_plugin/console_plugin.hpp"

namespace salesforce {

struct Permission {
  const char* api_field;  // e.g. "PermissionsModifyAllData"
  const char* label;      // Setup label, e.g. "Modify All Data"
};

// The required permissions, in the order of the vendor's documentation.
std::vector<Permission> required_permissions(bool email_enabled);

// SELECT <every required permission>, PermissionsApiUserOnly FROM UserPermissionAccess
std::string permission_query(bool email_enabled);

struct PermissionReport {
  std::vector<Permission> missing;
  bool api_only_user = false;
};

// Reads one UserPermissionAccess record.
PermissionReport evaluate_permissions(const rapidjson::Value& record, bool email_enabled);

// "<label>: Setup > ... > <label>" lines for the step's display list.
std::vector<std::string> missing_permission_items(const PermissionReport& report);

// The permission_missing error naming every missing permission (field
// "authorize").
console::Error missing_permissions_error(const PermissionReport& report, const std::string& username);

}  // namespace salesforce
