#include "soql_executor.h"

#include <algorithm>
#include <boost/algorithm/string.hpp>

#include "sf_id.h"
#include "system_objects.h"

namespace sfsim {

namespace {

SoqlError no_such_column(const std::string& field, const std::string& object, std::size_t pos) {
  return SoqlError("INVALID_FIELD",
                   "No such column '" + field + "' on entity '" + object +
                       "'. If you are attempting to use a custom field, be sure to append the '__c' after the "
                       "custom field name. Please reference your WSDL or the describe call for the appropriate "
                       "names.",
                   pos);
}

// field = 'literal' on a plain (non-relationship) field.
bool is_equality(const Condition& c, const char* field) {
  return c.kind == Condition::Kind::Compare && c.op == CompareOp::Equal && boost::iequals(c.field, field) &&
         c.value.kind == Literal::Kind::String;
}

bool like(const std::string& text, const std::string& pattern) {
  // % = any run, _ = one char; case-insensitive, as SOQL LIKE is.
  const std::string t = boost::to_lower_copy(text), p = boost::to_lower_copy(pattern);
  std::vector<std::vector<bool>> dp(t.size() + 1, std::vector<bool>(p.size() + 1, false));
  dp[0][0] = true;
  for (std::size_t j = 1; j <= p.size(); ++j) dp[0][j] = dp[0][j - 1] && p[j - 1] == '%';
  for (std::size_t i = 1; i <= t.size(); ++i)
    for (std::size_t j = 1; j <= p.size(); ++j)
      dp[i][j] = p[j - 1] == '%' ? (dp[i - 1][j] || dp[i][j - 1])
                                 : (dp[i - 1][j - 1] && (p[j - 1] == '_' || p[j - 1] == t[i - 1]));
  return dp[t.size()][p.size()];
}

int compare(const FieldValue& v, const Literal& lit, const FieldDef& f, bool& comparable) {
  comparable = true;
  if (lit.kind == Literal::Kind::Null || v.kind == FieldValue::Kind::Null) {
    comparable = false;
    return 0;
  }
  if (v.kind == FieldValue::Kind::Bool) {
    if (lit.kind != Literal::Kind::Bool) {
      comparable = false;
      return 0;
    }
    return (v.flag ? 1 : 0) - (lit.text == "true" ? 1 : 0);
  }
  if (f.kind == FieldType::Id || f.kind == FieldType::Reference)
    return same_id(v.text, lit.text) ? 0 : (v.text < lit.text ? -1 : 1);
  if (v.kind == FieldValue::Kind::Number && lit.kind == Literal::Kind::Number) {
    const double a = std::stod(v.text), b = std::stod(lit.text);
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  const std::string a = boost::to_lower_copy(v.text), b = boost::to_lower_copy(lit.text);
  return a < b ? -1 : (a > b ? 1 : 0);
}

bool holds(CompareOp op, int cmp) {
  switch (op) {
    case CompareOp::Equal:
      return cmp == 0;
    case CompareOp::NotEqual:
      return cmp != 0;
    case CompareOp::Less:
      return cmp < 0;
    case CompareOp::Greater:
      return cmp > 0;
    case CompareOp::LessOrEqual:
      return cmp <= 0;
    case CompareOp::GreaterOrEqual:
      return cmp >= 0;
    case CompareOp::Like:
      return false;
  }
  return false;
}

}  // namespace

const ObjectDef& SoqlExecutor::object(const Query& q) const {
  const ObjectDef* o = org_.object(q.object);
  if (!o || !o->queryable)
    throw SoqlError("INVALID_TYPE",
                    "sObject type '" + q.object +
                        "' is not supported. If you are attempting to use a custom object, be sure to append the "
                        "'__c' after the entity name. Please reference your WSDL or the describe call for the "
                        "appropriate names.",
                    q.object_pos);
  return *o;
}

SoqlExecutor::Resolved SoqlExecutor::resolve(const ObjectDef& obj, const std::string& path, std::size_t pos) const {
  Resolved r;
  const auto dot = path.find('.');
  if (dot == std::string::npos) {
    r.field = obj.field(path);
    if (!r.field) throw no_such_column(path, obj.name, pos);
    return r;
  }
  std::string rel = path.substr(0, dot);
  const std::string rest = path.substr(dot + 1);
  // A path may start with the object's own name: "Account.Name".
  if (boost::iequals(rel, obj.name) && rest.find('.') == std::string::npos) return resolve(obj, rest, pos);
  if (rest.find('.') != std::string::npos)
    throw SoqlError("MALFORMED_QUERY", "relationship paths deeper than one level are not supported by the simulator",
                    pos);
  const FieldDef* ref = obj.field(rel + "Id");
  if (!ref && boost::iends_with(rel, "__r")) ref = obj.field(rel.substr(0, rel.size() - 3) + "__c");
  if (!ref || ref->reference_to.empty() || !org_.object(ref->reference_to[0]))
    throw SoqlError("INVALID_FIELD",
                    "Didn't understand relationship '" + rel +
                        "' in field path. If you are attempting to use a "
                        "custom relationship, be sure to append the '__r' after the custom relationship name. Please "
                        "reference your WSDL or the describe call for the appropriate names.",
                    pos);
  r.relationship = ref;
  r.parent = org_.object(ref->reference_to[0]);
  r.relationship_name = boost::ends_with(ref->name, "__c") ? ref->name.substr(0, ref->name.size() - 3) + "__r"
                                                           : ref->name.substr(0, ref->name.size() - 2);
  r.field = r.parent->field(rest);
  if (!r.field) throw no_such_column(rest, r.parent->name, pos);
  return r;
}

// The rows a WHERE clause can match. "Id = '...'" on User and
// "AssigneeId = '...'" on PermissionSetAssignment (alone or as a term of an
// AND) are answered from the org's user index, so the connector user's
// record and assignments cost the same with 10 users or 10,000; every
// other query scans the object's rows.
std::vector<Record> SoqlExecutor::candidate_rows(const ObjectDef& obj, const Query& q) const {
  const bool user = boost::iequals(obj.name, "User");
  const char* key = user ? "id" : boost::iequals(obj.name, "PermissionSetAssignment") ? "assigneeid" : nullptr;
  if (q.where && key) {
    const Condition* term = nullptr;
    if (is_equality(*q.where, key))
      term = &*q.where;
    else if (q.where->kind == Condition::Kind::And)
      for (const auto& c : q.where->children)
        if (is_equality(c, key)) term = &c;
    if (term) {
      const UserDef* u = org_.user_by_id(term->value.text);
      if (!u) return {};
      return user ? user_rows(org_, {u}) : assignment_rows(org_, {u});
    }
  }
  return object_rows(org_, obj, user_);
}

const Record* SoqlExecutor::parent_row(const ObjectDef& parent, const FieldValue& id) const {
  if (id.kind != FieldValue::Kind::String) return nullptr;
  auto& cache = parent_cache_[parent.name];
  if (cache.empty()) cache = object_rows(org_, parent, user_);
  for (const auto& r : cache) {
    const auto it = r.find("Id");
    if (it != r.end() && same_id(it->second.text, id.text)) return &r;
  }
  return nullptr;
}

const Record* SoqlExecutor::parent_of(const Record& row, const Resolved& r) const {
  if (!r.relationship) return nullptr;
  const auto ref = row.find(r.relationship->name);
  return ref == row.end() ? nullptr : parent_row(*r.parent, ref->second);
}

FieldValue SoqlExecutor::value_of(const Record& row, const Resolved& r) const {
  const Record* source = r.relationship ? parent_of(row, r) : &row;
  if (!source) return {};
  const auto it = source->find(r.field->name);
  return it == source->end() ? FieldValue{} : it->second;
}

bool SoqlExecutor::matches(const ObjectDef& obj, const Record& row, const Condition& c) const {
  switch (c.kind) {
    case Condition::Kind::And:
      return std::all_of(c.children.begin(), c.children.end(),
                         [&](const Condition& k) { return matches(obj, row, k); });
    case Condition::Kind::Or:
      return std::any_of(c.children.begin(), c.children.end(),
                         [&](const Condition& k) { return matches(obj, row, k); });
    case Condition::Kind::Not:
      return !matches(obj, row, c.children[0]);
    case Condition::Kind::In: {
      const Resolved r = resolve(obj, c.field, c.field_pos);
      const FieldValue v = value_of(row, r);
      std::vector<Literal> values = c.values;
      if (c.subquery) values = subquery_values(*c.subquery);
      bool found = false;
      for (const auto& lit : values) {
        bool comparable = false;
        if (compare(v, lit, *r.field, comparable) == 0 && comparable) found = true;
      }
      return c.negated_in ? !found : found;
    }
    case Condition::Kind::Compare: {
      const Resolved r = resolve(obj, c.field, c.field_pos);
      const FieldValue v = value_of(row, r);
      if (c.value.kind == Literal::Kind::Null) {
        const bool is_null = v.kind == FieldValue::Kind::Null;
        return c.op == CompareOp::Equal ? is_null : (c.op == CompareOp::NotEqual ? !is_null : false);
      }
      if (c.op == CompareOp::Like) return v.kind == FieldValue::Kind::String && like(v.text, c.value.text);
      bool comparable = false;
      const int cmp = compare(v, c.value, *r.field, comparable);
      if (!comparable) return c.op == CompareOp::NotEqual && v.kind == FieldValue::Kind::Null;
      return holds(c.op, cmp);
    }
  }
  return false;
}

std::vector<Literal> SoqlExecutor::subquery_values(const Query& q) const {
  const ObjectDef& obj = object(q);
  if (q.fields.size() != 1 || q.fields[0].path.find('.') != std::string::npos)
    throw SoqlError("MALFORMED_QUERY", "semi join sub-selects can only select a single id field",
                    q.fields.empty() ? 0 : q.fields[0].pos);
  const Resolved r = resolve(obj, q.fields[0].path, q.fields[0].pos);
  std::vector<Literal> out;
  for (const Record& row : filtered(obj, q)) {
    const FieldValue v = value_of(row, r);
    if (v.kind == FieldValue::Kind::String) out.push_back({Literal::Kind::String, v.text});
  }
  return out;
}

std::vector<Record> SoqlExecutor::filtered(const ObjectDef& obj, const Query& q) const {
  std::vector<Record> out;
  for (const Record& row : candidate_rows(obj, q))
    if (!q.where || matches(obj, row, *q.where)) out.push_back(row);
  if (!q.order_by.empty()) {
    const Resolved r = resolve(obj, q.order_by, 0);
    const auto sort_key = [&](const Record& row) {
      const FieldValue v = value_of(row, r);
      return v.kind == FieldValue::Kind::Bool ? std::string(v.flag ? "1" : "0") : boost::to_lower_copy(v.text);
    };
    std::stable_sort(out.begin(), out.end(), [&](const Record& a, const Record& b) {
      const std::string sa = sort_key(a), sb = sort_key(b);
      return q.order_desc ? sb < sa : sa < sb;
    });
  }
  if (q.offset > 0) out.erase(out.begin(), out.begin() + std::min<long>(q.offset, static_cast<long>(out.size())));
  if (q.limit >= 0 && static_cast<long>(out.size()) > q.limit) out.resize(static_cast<std::size_t>(q.limit));
  return out;
}

}  // namespace sfsim
