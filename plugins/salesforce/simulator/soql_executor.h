// Query AST x org model -> records: runs what soql_parser.h parsed against
// the org's objects as the running user sees them (system objects included),
// with WHERE (semi-join sub-selects too), ORDER BY, OFFSET and LIMIT.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "org_model.h"
#include "soql_parser.h"

namespace sfsim {

class SoqlExecutor {
 public:
  SoqlExecutor(const Org& org, const UserDef& running_user) : org_(org), user_(running_user) {}

  // A field path ("Field" or "Rel.Field") resolved against the queried object.
  struct Resolved {
    const FieldDef* field = nullptr;         // on the queried object or the parent
    const FieldDef* relationship = nullptr;  // the XxxId reference field, if a path
    const ObjectDef* parent = nullptr;
    std::string relationship_name;
  };

  // The queried object; INVALID_TYPE when it is unknown or not queryable.
  const ObjectDef& object(const Query& q) const;
  // INVALID_FIELD for an unknown field or relationship, MALFORMED_QUERY for
  // paths deeper than one level.
  Resolved resolve(const ObjectDef& obj, const std::string& path, std::size_t pos) const;
  // The rows of `obj` that match q's WHERE, in q's order, after OFFSET and LIMIT.
  std::vector<Record> filtered(const ObjectDef& obj, const Query& q) const;
  // The parent record a relationship path walks to from `row` (null for a
  // plain field, an empty reference or a dangling one).
  const Record* parent_of(const Record& row, const Resolved& r) const;
  // The value of the resolved field in `row` (through its parent for a path).
  FieldValue value_of(const Record& row, const Resolved& r) const;

 private:
  std::vector<Record> candidate_rows(const ObjectDef& obj, const Query& q) const;
  const Record* parent_row(const ObjectDef& parent, const FieldValue& id) const;
  bool matches(const ObjectDef& obj, const Record& row, const Condition& c) const;
  std::vector<Literal> subquery_values(const Query& q) const;

  const Org& org_;
  const UserDef& user_;
  mutable std::map<std::string, std::vector<Record>> parent_cache_;
};

}  // namespace sfsim
