// SOQL text -> query AST: the tokenizer and recursive-descent parser of
// the statements sfsim answers (see soql.h for the supported grammar).
// The executor (soql_executor.h) runs the AST against the org.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sfsim {

// A query that Salesforce refuses: `code` is its errorCode (MALFORMED_QUERY,
// INVALID_TYPE, INVALID_FIELD), `pos` the offset in the statement it is about.
struct SoqlError : std::runtime_error {
  SoqlError(std::string c, const std::string& m, std::size_t p) : std::runtime_error(m), code(std::move(c)), pos(p) {}
  std::string code;
  std::size_t pos;
};

// The comparison of a Compare condition; "<>" parses as NotEqual.
enum class CompareOp { Equal, NotEqual, Less, Greater, LessOrEqual, GreaterOrEqual, Like };

struct Literal {
  enum class Kind { String, Bool, Null, Number } kind;
  std::string text;
};

struct Query;

struct Condition {
  enum class Kind { Compare, In, And, Or, Not } kind;
  std::string field;  // Compare / In
  std::size_t field_pos = 0;
  CompareOp op = CompareOp::Equal;  // Compare
  Literal value;
  std::vector<Literal> values;      // In
  std::shared_ptr<Query> subquery;  // In (SELECT ...)
  bool negated_in = false;
  std::vector<Condition> children;  // And / Or / Not
};

struct SelectField {
  std::string path;  // "Name" or "PermissionSet.Name"
  std::size_t pos;
};

struct Query {
  std::vector<SelectField> fields;
  bool count_only = false;
  std::string object;
  std::size_t object_pos = 0;
  std::optional<Condition> where;
  std::string order_by;
  bool order_desc = false;
  long limit = -1;
  long offset = 0;
};

// Parses one statement; throws SoqlError (MALFORMED_QUERY) on anything the
// grammar does not accept, including text after the statement.
Query parse_soql(const std::string& soql);

}  // namespace sfsim
