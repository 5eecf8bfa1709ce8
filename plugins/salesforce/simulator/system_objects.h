// Describe data for the setup objects the simulator answers queries on
// (User, Profile, PermissionSet, PermissionSetAssignment, Organization,
// UserPermissionAccess) and the rows those queries see, derived from the
// org's users and permission sets rather than stored.
#pragma once

#include <string>
#include <vector>

#include "org_model.h"

namespace sfsim {

std::vector<ObjectDef> system_object_definitions();
bool is_system_object(const std::string& name);
// Rows of an object as SOQL sees them for the given running user.
std::vector<Record> object_rows(const Org& org, const ObjectDef& object, const UserDef& running_user);
// User rows for just these users (the indexed path of "WHERE Id = ...").
std::vector<Record> user_rows(const Org& org, const std::vector<const UserDef*>& users);
// PermissionSetAssignment rows of just these users (the indexed path of
// "WHERE AssigneeId = ..."), with the ids a full scan gives them.
std::vector<Record> assignment_rows(const Org& org, const std::vector<const UserDef*>& users);

}  // namespace sfsim
