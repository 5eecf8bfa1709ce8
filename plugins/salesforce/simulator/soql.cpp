#include "soql.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <stdexcept>

#include "sf_id.h"
#include "sim_http.h"
#include "system_objects.h"

namespace sfsim {

namespace {

struct Token {
  enum class Kind { Ident, String, Number, Punct, End } kind;
  std::string text;
  std::size_t pos;
};

struct SoqlError : std::runtime_error {
  SoqlError(std::string c, std::string m, std::size_t p) : std::runtime_error(m), code(std::move(c)), pos(p) {}
  std::string code;
  std::size_t pos;
};

std::vector<Token> tokenize(const std::string& q) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < q.size()) {
    const char c = q[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const std::size_t start = i;
      while (i < q.size() && (std::isalnum(static_cast<unsigned char>(q[i])) || q[i] == '_' || q[i] == '.')) ++i;
      out.push_back({Token::Kind::Ident, q.substr(start, i - start), start});
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '-' && i + 1 < q.size() && std::isdigit(static_cast<unsigned char>(q[i + 1])))) {
      const std::size_t start = i++;
      while (i < q.size() && (std::isalnum(static_cast<unsigned char>(q[i])) || q[i] == '.' || q[i] == ':' ||
                              q[i] == '-' || q[i] == '+'))
        ++i;
      out.push_back({Token::Kind::Number, q.substr(start, i - start), start});
    } else if (c == '\'') {
      const std::size_t start = i++;
      std::string s;
      bool closed = false;
      while (i < q.size()) {
        if (q[i] == '\\' && i + 1 < q.size()) {
          s.push_back(q[i + 1]);
          i += 2;
        } else if (q[i] == '\'') {
          ++i;
          closed = true;
          break;
        } else {
          s.push_back(q[i++]);
        }
      }
      if (!closed)
        throw SoqlError("MALFORMED_QUERY",
                        "line 1:" + std::to_string(start) + " mismatched character '<EOF>' expecting '''", start);
      out.push_back({Token::Kind::String, s, start});
    } else {
      static const char* two[] = {"!=", "<>", "<=", ">="};
      bool matched = false;
      for (const char* t : two) {
        if (q.compare(i, 2, t) == 0) {
          out.push_back({Token::Kind::Punct, t, i});
          i += 2;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      if (std::string(",()=<>").find(c) == std::string::npos)
        throw SoqlError("MALFORMED_QUERY", std::string("unexpected token: '") + c + "'", i);
      out.push_back({Token::Kind::Punct, std::string(1, c), i});
      ++i;
    }
  }
  out.push_back({Token::Kind::End, "", q.size()});
  return out;
}

struct Literal {
  enum class Kind { String, Bool, Null, Number } kind;
  std::string text;
};

struct Query;

struct Condition {
  enum class Kind { Compare, In, And, Or, Not } kind;
  std::string field;  // Compare / In
  std::size_t field_pos = 0;
  std::string op;  // = != < > <= >= LIKE
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

class Parser {
 public:
  explicit Parser(std::vector<Token> t) : toks_(std::move(t)) {}

  Query parse_query() {
    Query q;
    expect_keyword("SELECT");
    if (is_keyword("COUNT") && peek(1).text == "(") {
      next();
      next();
      expect_punct(")");
      q.count_only = true;
    } else {
      while (true) {
        const Token& t = next();
        if (t.kind != Token::Kind::Ident || is_reserved(t.text)) unexpected(t);
        q.fields.push_back({t.text, t.pos});
        if (peek().text != ",") break;
        next();
      }
    }
    expect_keyword("FROM");
    const Token& obj = next();
    if (obj.kind != Token::Kind::Ident) unexpected(obj);
    q.object = obj.text;
    q.object_pos = obj.pos;
    if (is_keyword("WHERE")) {
      next();
      q.where = parse_or();
    }
    if (is_keyword("ORDER")) {
      next();
      expect_keyword("BY");
      const Token& f = next();
      if (f.kind != Token::Kind::Ident) unexpected(f);
      q.order_by = f.text;
      if (is_keyword("ASC"))
        next();
      else if (is_keyword("DESC")) {
        next();
        q.order_desc = true;
      }
      if (is_keyword("NULLS")) {
        next();
        if (!is_keyword("FIRST") && !is_keyword("LAST")) unexpected(peek());
        next();
      }
    }
    if (is_keyword("LIMIT")) {
      next();
      q.limit = parse_count();
    }
    if (is_keyword("OFFSET")) {
      next();
      q.offset = parse_count();
    }
    return q;
  }

  const Token& peek(std::size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
  bool at_end() const { return peek().kind == Token::Kind::End; }
  [[noreturn]] void unexpected(const Token& t) const {
    throw SoqlError("MALFORMED_QUERY",
                    t.kind == Token::Kind::End ? "unexpected token: '<EOF>'" : "unexpected token: '" + t.text + "'",
                    t.pos);
  }

 private:
  static bool is_reserved(const std::string& s) {
    static const char* words[] = {"SELECT", "FROM",  "WHERE", "AND",   "OR",     "NOT",  "IN",
                                  "LIKE",   "ORDER", "BY",    "LIMIT", "OFFSET", "NULLS"};
    const std::string upper = upper_case(s);
    for (const char* w : words)
      if (upper == w) return true;
    return false;
  }
  static std::string upper_case(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
  const Token& next() {
    const Token& t = peek();
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  bool is_keyword(const char* kw) const { return peek().kind == Token::Kind::Ident && upper_case(peek().text) == kw; }
  void expect_keyword(const char* kw) {
    if (!is_keyword(kw)) unexpected(peek());
    next();
  }
  void expect_punct(const char* p) {
    if (peek().kind != Token::Kind::Punct || peek().text != p) unexpected(peek());
    next();
  }
  long parse_count() {
    const Token& t = next();
    if (t.kind != Token::Kind::Number || t.text.find_first_not_of("0123456789") != std::string::npos) unexpected(t);
    return std::stol(t.text);
  }
  Literal parse_literal() {
    const Token& t = next();
    if (t.kind == Token::Kind::String) return {Literal::Kind::String, t.text};
    if (t.kind == Token::Kind::Number) return {Literal::Kind::Number, t.text};
    if (t.kind == Token::Kind::Ident) {
      const std::string u = upper_case(t.text);
      if (u == "TRUE" || u == "FALSE") return {Literal::Kind::Bool, u == "TRUE" ? "true" : "false"};
      if (u == "NULL") return {Literal::Kind::Null, ""};
    }
    unexpected(t);
  }
  Condition parse_or() {
    Condition left = parse_and();
    if (!is_keyword("OR")) return left;
    Condition c;
    c.kind = Condition::Kind::Or;
    c.children.push_back(left);
    while (is_keyword("OR")) {
      next();
      c.children.push_back(parse_and());
    }
    return c;
  }
  Condition parse_and() {
    Condition left = parse_primary();
    if (!is_keyword("AND")) return left;
    Condition c;
    c.kind = Condition::Kind::And;
    c.children.push_back(left);
    while (is_keyword("AND")) {
      next();
      c.children.push_back(parse_primary());
    }
    return c;
  }
  Condition parse_primary() {
    // Each nested parenthesis, NOT and sub-select is one more frame of this
    // recursive descent (and of the executor's walk): bound it.
    const NestingGuard guard(depth_, peek().pos);
    if (peek().text == "(" && peek().kind == Token::Kind::Punct) {
      next();
      Condition inner = parse_or();
      expect_punct(")");
      return inner;
    }
    if (is_keyword("NOT")) {
      next();
      Condition c;
      c.kind = Condition::Kind::Not;
      c.children.push_back(parse_primary());
      return c;
    }
    const Token& f = next();
    if (f.kind != Token::Kind::Ident || is_reserved(f.text)) unexpected(f);
    Condition c;
    c.field = f.text;
    c.field_pos = f.pos;
    bool negated = false;
    if (is_keyword("NOT")) {
      next();
      negated = true;
      if (!is_keyword("IN")) unexpected(peek());
    }
    if (is_keyword("IN")) {
      next();
      c.kind = Condition::Kind::In;
      c.negated_in = negated;
      expect_punct("(");
      if (is_keyword("SELECT")) {
        c.subquery = std::make_shared<Query>(parse_query());
      } else {
        while (true) {
          c.values.push_back(parse_literal());
          if (peek().text != ",") break;
          next();
        }
      }
      expect_punct(")");
      return c;
    }
    c.kind = Condition::Kind::Compare;
    if (is_keyword("LIKE")) {
      next();
      c.op = "LIKE";
    } else {
      const Token& op = next();
      if (op.kind != Token::Kind::Punct || op.text == "," || op.text == "(" || op.text == ")") unexpected(op);
      c.op = op.text == "<>" ? "!=" : op.text;
    }
    c.value = parse_literal();
    return c;
  }

  // Counts the current nesting depth for as long as it lives.
  struct NestingGuard {
    NestingGuard(int& depth, std::size_t pos) : depth_(depth) {
      if (++depth_ > kMaxNesting)
        throw SoqlError("MALFORMED_QUERY",
                        "the condition is nested more than " + std::to_string(kMaxNesting) + " levels deep", pos);
    }
    ~NestingGuard() { --depth_; }
    int& depth_;
  };
  static constexpr int kMaxNesting = 100;

  std::vector<Token> toks_;
  int depth_ = 0;
  std::size_t pos_ = 0;
};

// ---- evaluation ----

class Executor {
 public:
  Executor(const Org& org, const UserDef& user) : org_(org), user_(user) {}

  const ObjectDef& object(const Query& q) const {
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

  // Resolves "Field" or "Rel.Field" to (reference field, target object, field).
  struct Resolved {
    const FieldDef* field = nullptr;         // on the queried object or the parent
    const FieldDef* relationship = nullptr;  // the XxxId reference field, if a path
    const ObjectDef* parent = nullptr;
    std::string relationship_name;
  };

  Resolved resolve(const ObjectDef& obj, const std::string& path, std::size_t pos) const {
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
    if (to_lower(rel) == to_lower(obj.name) && rest.find('.') == std::string::npos) return resolve(obj, rest, pos);
    if (rest.find('.') != std::string::npos)
      throw SoqlError("MALFORMED_QUERY", "relationship paths deeper than one level are not supported by the simulator",
                      pos);
    const FieldDef* ref = obj.field(rel + "Id");
    if (!ref && ends_with(to_lower(rel), "__r")) ref = obj.field(rel.substr(0, rel.size() - 3) + "__c");
    if (!ref || ref->reference_to.empty() || !org_.object(ref->reference_to[0]))
      throw SoqlError("INVALID_FIELD",
                      "Didn't understand relationship '" + rel +
                          "' in field path. If you are attempting to use a "
                          "custom relationship, be sure to append the '__r' after the custom relationship name. Please "
                          "reference your WSDL or the describe call for the appropriate names.",
                      pos);
    r.relationship = ref;
    r.parent = org_.object(ref->reference_to[0]);
    r.relationship_name = ends_with(ref->name, "__c") ? ref->name.substr(0, ref->name.size() - 3) + "__r"
                                                      : ref->name.substr(0, ref->name.size() - 2);
    r.field = r.parent->field(rest);
    if (!r.field) throw no_such_column(rest, r.parent->name, pos);
    return r;
  }

  SoqlError no_such_column(const std::string& field, const std::string& object, std::size_t pos) const {
    return SoqlError("INVALID_FIELD",
                     "No such column '" + field + "' on entity '" + object +
                         "'. If you are attempting to use a custom field, be sure to append the '__c' after the "
                         "custom field name. Please reference your WSDL or the describe call for the appropriate "
                         "names.",
                     pos);
  }

  std::vector<Record> rows(const ObjectDef& obj) const { return object_rows(org_, obj, user_); }

  // The rows a WHERE clause can match. "Id = '...'" on User and
  // "AssigneeId = '...'" on PermissionSetAssignment (alone or as a term of an
  // AND) are answered from the org's user index, so the connector user's
  // record and assignments cost the same with 10 users or 10,000; every
  // other query scans the object's rows.
  std::vector<Record> candidate_rows(const ObjectDef& obj, const Query& q) const {
    const std::string name = to_lower(obj.name);
    const char* key = name == "user" ? "id" : name == "permissionsetassignment" ? "assigneeid" : nullptr;
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
        return name == "user" ? user_rows(org_, {u}) : assignment_rows(org_, {u});
      }
    }
    return rows(obj);
  }

  // field = 'literal' on a plain (non-relationship) field.
  static bool is_equality(const Condition& c, const char* lower_field) {
    return c.kind == Condition::Kind::Compare && c.op == "=" && to_lower(c.field) == lower_field &&
           c.value.kind == Literal::Kind::String;
  }

  const Record* parent_row(const ObjectDef& parent, const FieldValue& id) const {
    if (id.kind != FieldValue::Kind::String) return nullptr;
    auto& cache = parent_cache_[parent.name];
    if (cache.empty()) cache = rows(parent);
    for (const auto& r : cache) {
      const auto it = r.find("Id");
      if (it != r.end() && same_id(it->second.text, id.text)) return &r;
    }
    return nullptr;
  }

  FieldValue value_of(const Record& row, const Resolved& r) const {
    if (!r.relationship) {
      const auto it = row.find(r.field->name);
      return it == row.end() ? FieldValue{} : it->second;
    }
    const auto ref = row.find(r.relationship->name);
    if (ref == row.end()) return {};
    const Record* parent = parent_row(*r.parent, ref->second);
    if (!parent) return {};
    const auto it = parent->find(r.field->name);
    return it == parent->end() ? FieldValue{} : it->second;
  }

  static bool like(const std::string& text, const std::string& pattern) {
    // % = any run, _ = one char; case-insensitive, as SOQL LIKE is.
    const std::string t = to_lower(text), p = to_lower(pattern);
    std::vector<std::vector<bool>> dp(t.size() + 1, std::vector<bool>(p.size() + 1, false));
    dp[0][0] = true;
    for (std::size_t j = 1; j <= p.size(); ++j) dp[0][j] = dp[0][j - 1] && p[j - 1] == '%';
    for (std::size_t i = 1; i <= t.size(); ++i)
      for (std::size_t j = 1; j <= p.size(); ++j)
        dp[i][j] = p[j - 1] == '%' ? (dp[i - 1][j] || dp[i][j - 1])
                                   : (dp[i - 1][j - 1] && (p[j - 1] == '_' || p[j - 1] == t[i - 1]));
    return dp[t.size()][p.size()];
  }

  static int compare(const FieldValue& v, const Literal& lit, const FieldDef& f, bool& comparable) {
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
    if (f.type == "id" || f.type == "reference") return same_id(v.text, lit.text) ? 0 : (v.text < lit.text ? -1 : 1);
    if (v.kind == FieldValue::Kind::Number && lit.kind == Literal::Kind::Number) {
      const double a = std::stod(v.text), b = std::stod(lit.text);
      return a < b ? -1 : (a > b ? 1 : 0);
    }
    const std::string a = to_lower(v.text), b = to_lower(lit.text);
    return a < b ? -1 : (a > b ? 1 : 0);
  }

  bool matches(const ObjectDef& obj, const Record& row, const Condition& c) const {
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
          return c.op == "=" ? is_null : (c.op == "!=" ? !is_null : false);
        }
        if (c.op == "LIKE") return v.kind == FieldValue::Kind::String && like(v.text, c.value.text);
        bool comparable = false;
        const int cmp = compare(v, c.value, *r.field, comparable);
        if (!comparable) return c.op == "!=" && v.kind == FieldValue::Kind::Null;
        if (c.op == "=") return cmp == 0;
        if (c.op == "!=") return cmp != 0;
        if (c.op == "<") return cmp < 0;
        if (c.op == ">") return cmp > 0;
        if (c.op == "<=") return cmp <= 0;
        if (c.op == ">=") return cmp >= 0;
        return false;
      }
    }
    return false;
  }

  std::vector<Literal> subquery_values(const Query& q) const {
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

  std::vector<Record> filtered(const ObjectDef& obj, const Query& q) const {
    std::vector<Record> out;
    for (const Record& row : candidate_rows(obj, q))
      if (!q.where || matches(obj, row, *q.where)) out.push_back(row);
    if (!q.order_by.empty()) {
      const Resolved r = resolve(obj, q.order_by, 0);
      std::stable_sort(out.begin(), out.end(), [&](const Record& a, const Record& b) {
        const FieldValue va = value_of(a, r), vb = value_of(b, r);
        const std::string sa = va.kind == FieldValue::Kind::Bool ? (va.flag ? "1" : "0") : to_lower(va.text);
        const std::string sb = vb.kind == FieldValue::Kind::Bool ? (vb.flag ? "1" : "0") : to_lower(vb.text);
        return q.order_desc ? sb < sa : sa < sb;
      });
    }
    if (q.offset > 0) out.erase(out.begin(), out.begin() + std::min<long>(q.offset, static_cast<long>(out.size())));
    if (q.limit >= 0 && static_cast<long>(out.size()) > q.limit) out.resize(static_cast<std::size_t>(q.limit));
    return out;
  }

 private:
  const Org& org_;
  const UserDef& user_;
  mutable std::map<std::string, std::vector<Record>> parent_cache_;
};

void write_value(rapidjson::Writer<rapidjson::StringBuffer>& w, const FieldValue& v) {
  switch (v.kind) {
    case FieldValue::Kind::Null:
      w.Null();
      break;
    case FieldValue::Kind::Bool:
      w.Bool(v.flag);
      break;
    case FieldValue::Kind::Number:
      w.RawValue(v.text.c_str(), v.text.size(), rapidjson::kNumberType);
      break;
    case FieldValue::Kind::String:
      w.String(v.text);
      break;
  }
}

void write_attributes(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& type, const Record& row,
                      const std::string& version) {
  w.Key("attributes");
  w.StartObject();
  w.Key("type");
  w.String(type);
  const auto id = row.find("Id");
  if (id != row.end() && id->second.kind == FieldValue::Kind::String) {
    w.Key("url");
    w.String("/services/data/v" + version + "/sobjects/" + type + "/" + id->second.text);
  }
  w.EndObject();
}

std::string error_text(const std::string& soql, const SoqlError& e) {
  // Salesforce echoes the statement, points at the column and names the row.
  const std::size_t col = std::min(e.pos, soql.size());
  return "\n" + soql + "\n" + std::string(col, ' ') + "^\nERROR at Row:1:Column:" + std::to_string(col + 1) + "\n" +
         e.what();
}

// The Apex type Salesforce reports for a describe field type.
std::string apex_type(const FieldDef& f) {
  const std::string& t = f.type;
  if (t == "id" || t == "reference") return "Id";
  if (t == "boolean") return "Boolean";
  if (t == "datetime") return "Datetime";
  if (t == "date") return "Date";
  if (t == "int") return "Integer";
  if (t == "double" || t == "currency" || t == "percent") return "Double";
  return "String";
}

void write_column(rapidjson::Writer<rapidjson::StringBuffer>& w, const ObjectDef& obj, const FieldDef& f,
                  const std::vector<const FieldDef*>& join, const ObjectDef* parent, const std::string& name) {
  const std::string apex = join.empty() ? apex_type(f) : parent->name;
  const bool writable = obj.createable && f.type != "id" && !is_system_object(obj.name);
  w.StartObject();
  w.Key("aggregate");
  w.Bool(false);
  w.Key("apexType");
  w.String(apex);
  w.Key("booleanType");
  w.Bool(join.empty() && apex == "Boolean");
  w.Key("columnName");
  w.String(name);
  w.Key("custom");
  w.Bool(join.empty() && ends_with(f.name, "__c"));
  w.Key("displayName");
  w.String(name);
  w.Key("foreignKeyName");
  w.Null();
  w.Key("insertable");
  w.Bool(join.empty() && writable);
  w.Key("joinColumns");
  w.StartArray();
  for (const FieldDef* j : join) write_column(w, *parent, *j, {}, nullptr, j->name);
  w.EndArray();
  w.Key("numberType");
  w.Bool(join.empty() && (apex == "Integer" || apex == "Double"));
  w.Key("textType");
  w.Bool(join.empty() && apex == "String");
  w.Key("updatable");
  w.Bool(join.empty() && writable);
  w.EndObject();
}

}  // namespace

SoqlResult run_soql(const Org& org, const UserDef& running_user, const std::string& soql, const std::string& version) {
  SoqlResult result;
  try {
    Parser parser(tokenize(soql));
    const Query q = parser.parse_query();
    if (!parser.at_end()) parser.unexpected(parser.peek());
    Executor ex(org, running_user);
    const ObjectDef& obj = ex.object(q);
    std::vector<Executor::Resolved> resolved;
    for (const auto& f : q.fields) resolved.push_back(ex.resolve(obj, f.path, f.pos));
    const std::vector<Record> rows = ex.filtered(obj, q);

    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("totalSize");
    w.Int64(static_cast<int64_t>(rows.size()));
    w.Key("done");
    w.Bool(true);
    w.Key("records");
    w.StartArray();
    if (!q.count_only) {
      for (const Record& row : rows) {
        w.StartObject();
        write_attributes(w, obj.name, row, version);
        std::set<std::string> written;
        for (std::size_t i = 0; i < resolved.size(); ++i) {
          const auto& r = resolved[i];
          if (!r.relationship) {
            if (!written.insert(r.field->name).second) continue;
            w.Key(r.field->name.c_str());
            write_value(w, ex.value_of(row, r));
            continue;
          }
          if (!written.insert(r.relationship_name).second) continue;
          // Group every selected field of this relationship in one object.
          w.Key(r.relationship_name.c_str());
          const auto ref = row.find(r.relationship->name);
          const Record* parent = ref == row.end() ? nullptr : ex.parent_row(*r.parent, ref->second);
          if (!parent) {
            w.Null();
            continue;
          }
          w.StartObject();
          write_attributes(w, r.parent->name, *parent, version);
          std::set<std::string> parent_written;
          for (const auto& other : resolved) {
            if (other.relationship != r.relationship || !parent_written.insert(other.field->name).second) continue;
            w.Key(other.field->name.c_str());
            const auto it = parent->find(other.field->name);
            write_value(w, it == parent->end() ? FieldValue{} : it->second);
          }
          w.EndObject();
        }
        w.EndObject();
      }
    }
    w.EndArray();
    w.EndObject();
    result.ok = true;
    result.json = buf.GetString();
  } catch (const SoqlError& e) {
    result.error_code = e.code;
    result.message = error_text(soql, e);
  }
  return result;
}

SoqlResult describe_soql_columns(const Org& org, const UserDef& running_user, const std::string& soql) {
  SoqlResult result;
  try {
    Parser parser(tokenize(soql));
    const Query q = parser.parse_query();
    if (!parser.at_end()) parser.unexpected(parser.peek());
    Executor ex(org, running_user);
    const ObjectDef& obj = ex.object(q);
    // One column per plain field and per relationship, in selection order.
    struct Column {
      const Executor::Resolved* first;
      std::vector<const FieldDef*> join;
    };
    std::vector<Executor::Resolved> resolved;
    for (const auto& f : q.fields) resolved.push_back(ex.resolve(obj, f.path, f.pos));
    std::vector<Column> columns;
    std::map<std::string, std::size_t> by_name;
    bool id_selected = false;
    for (const auto& r : resolved) {
      const std::string key = r.relationship ? r.relationship_name : r.field->name;
      if (!r.relationship && r.field->name == "Id") id_selected = true;
      const auto it = by_name.find(key);
      if (it == by_name.end()) {
        by_name[key] = columns.size();
        columns.push_back({&r, {}});
        if (r.relationship) columns.back().join.push_back(r.field);
      } else if (r.relationship) {
        auto& join = columns[it->second].join;
        if (std::find(join.begin(), join.end(), r.field) == join.end()) join.push_back(r.field);
      }
    }
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("columnMetadata");
    w.StartArray();
    for (const auto& c : columns) {
      const auto& r = *c.first;
      if (r.relationship)
        write_column(w, obj, *r.relationship, c.join, r.parent, r.relationship_name);
      else
        write_column(w, obj, *r.field, {}, nullptr, r.field->name);
    }
    w.EndArray();
    w.Key("entityName");
    w.String(obj.name);
    w.Key("groupBy");
    w.Bool(false);
    w.Key("idSelected");
    w.Bool(id_selected);
    w.Key("keyPrefix");
    if (obj.key_prefix.empty())
      w.Null();
    else
      w.String(obj.key_prefix);
    w.EndObject();
    result.ok = true;
    result.json = buf.GetString();
  } catch (const SoqlError& e) {
    result.error_code = e.code;
    result.message = error_text(soql, e);
  }
  return result;
}

}  // namespace sfsim
