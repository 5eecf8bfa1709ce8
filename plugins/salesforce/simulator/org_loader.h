// Builds an OrgDefinition from the org definition JSON format (the format
// of builtin_org.json, documented in docs/simulator.md). Record ids are
// generated deterministically, so the built-in org has the same ids on
// every run. System objects (User, Profile, PermissionSet,
// PermissionSetAssignment, Organization, UserPermissionAccess) are always
// added; their rows come from the users and permission sets.
#pragma once

#include <stdexcept>
#include <string>

#include "org_model.h"

namespace sfsim {

struct OrgLoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws OrgLoadError naming the offending JSON path.
OrgDefinition load_org_definition(const std::string& json_text);
OrgDefinition load_org_definition_file(const std::string& path);
OrgDefinition builtin_org_definition();

// The JSON text of the built-in org (embedded at build time).
const char* builtin_org_json();

}  // namespace sfsim
