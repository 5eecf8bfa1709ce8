// A small SOQL engine over the org's objects: the statements a connector
// sends for identity and permission checks (UserPermissionAccess,
// PermissionSetAssignment with PermissionSet.* relationship fields,
// PermissionSet semi-joins, User, Organization) and simple queries on the
// sample records.
//
// Supported: SELECT fields | COUNT() FROM object [WHERE conditions with
// = != <> < > <= >= LIKE IN NOT IN (values | subquery), AND, OR, NOT,
// parentheses] [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST]] [LIMIT n]
// [OFFSET n]. Relationship fields one level deep (Parent.Field). Anything
// else fails with MALFORMED_QUERY, as an unparsable query does on Salesforce.
//
// soql_parser.h turns the text into a Query, soql_executor.h runs it
// against the org; the two answers below write the JSON bodies.
#pragma once

#include <string>

#include "org_model.h"

namespace sfsim {

struct SoqlResult {
  bool ok = false;
  std::string json;        // query response body when ok
  std::string error_code;  // MALFORMED_QUERY, INVALID_TYPE, INVALID_FIELD
  std::string message;
};

// `version` is the "XX.X" used in record attribute URLs.
SoqlResult run_soql(const Org& org, const UserDef& running_user, const std::string& soql, const std::string& version);

// The answer to query?q=...&columns=true: the statement is parsed and
// checked as run_soql does, but instead of records the body describes the
// selected columns, as Salesforce does: {"columnMetadata":[{aggregate,
// apexType, booleanType, columnName, custom, displayName, foreignKeyName,
// insertable, joinColumns, numberType, textType, updatable}], "entityName",
// "groupBy", "idSelected", "keyPrefix"}. A relationship path (Parent.Field)
// is one column named after the relationship whose joinColumns hold the
// parent's fields.
SoqlResult describe_soql_columns(const Org& org, const UserDef& running_user, const std::string& soql);

}  // namespace sfsim
