#include "permission_check.h"

#include "wizard_schema.h"

namespace salesforce {

std::vector<Permission> required_permissions(bool email_enabled) {
  std::vector<Permission> p = {
      {"PermissionsModifyAllData", "Modify All Data"},
      {"PermissionsModifyMetadata", "Modify Metadata Through Metadata API Functions"},
      {"PermissionsApiEnabled", "API Enabled"},
      {"PermissionsAuthorApex", "Author Apex"},
      {"PermissionsCustomizeApplication", "Customize Application"},
  };
  if (email_enabled) p.push_back({"PermissionsEmailSingle", "Send Email"});
  return p;
}

std::string permission_query(bool email_enabled) {
  std::string soql = "SELECT ";
  for (const auto& p : required_permissions(email_enabled)) soql += std::string(p.api_field) + ", ";
  return soql + "PermissionsApiUserOnly FROM UserPermissionAccess";
}

PermissionReport evaluate_permissions(const rapidjson::Value& record, bool email_enabled) {
  PermissionReport r;
  for (const auto& p : required_permissions(email_enabled)) {
    if (!console::json::get_bool(record, p.api_field, false)) r.missing.push_back(p);
  }
  r.api_only_user = console::json::get_bool(record, "PermissionsApiUserOnly", false);
  return r;
}

std::vector<std::string> missing_permission_items(const PermissionReport& report) {
  std::vector<std::string> items;
  for (const auto& p : report.missing) {
    items.push_back(std::string(p.label) +
                    ": Setup > Users > Permission Sets > (a permission set assigned to the "
                    "connector user) > System Permissions > Edit > " +
                    p.label);
  }
  return items;
}

console::Error missing_permissions_error(const PermissionReport& report, const std::string& username) {
  std::string names;
  for (const auto& p : report.missing) {
    if (!names.empty()) names += ", ";
    names += p.label;
  }
  const size_t n = report.missing.size();
  const std::string who = username.empty() ? std::string("The connector user") : "The connector user " + username;
  return console::Error(CONSOLE_ERR_PERMISSION_MISSING,
                        who + " lacks " + std::to_string(n) + (n == 1 ? " permission" : " permissions") +
                            " that Smart Flows needs: " + names + ". Nothing was changed in Salesforce. Grant " +
                            (n == 1 ? "it" : "them") +
                            " in Setup (a permission set assigned to the user, System Permissions), then press "
                            "Authorize Smart Flows again.",
                        kFieldAuthorize);
}

}  // namespace salesforce
