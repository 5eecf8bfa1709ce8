#include "soql_parser.h"

#include <algorithm>
#include <boost/algorithm/string.hpp>
#include <cctype>
#include <iterator>

namespace sfsim {

namespace {

struct Token {
  enum class Kind { Ident, String, Number, Punct, End } kind;
  std::string text;
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
  // The comparison a punctuation token spells ("=", "!=", "<>", "<", ...).
  static CompareOp compare_op(const std::string& punct) {
    if (punct == "=") return CompareOp::Equal;
    if (punct == "!=" || punct == "<>") return CompareOp::NotEqual;
    if (punct == "<") return CompareOp::Less;
    if (punct == ">") return CompareOp::Greater;
    if (punct == "<=") return CompareOp::LessOrEqual;
    return CompareOp::GreaterOrEqual;  // ">=": the tokenizer knows no other
  }
  static bool is_reserved(const std::string& s) {
    static const char* words[] = {"SELECT", "FROM",  "WHERE", "AND",   "OR",     "NOT",  "IN",
                                  "LIKE",   "ORDER", "BY",    "LIMIT", "OFFSET", "NULLS"};
    return std::any_of(std::begin(words), std::end(words), [&](const char* w) { return boost::iequals(s, w); });
  }
  const Token& next() {
    const Token& t = peek();
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  bool is_keyword(const char* kw) const { return peek().kind == Token::Kind::Ident && boost::iequals(peek().text, kw); }
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
      const std::string u = boost::to_upper_copy(t.text);
      if (u == "TRUE" || u == "FALSE") return {Literal::Kind::Bool, u == "TRUE" ? "true" : "false"};
      if (u == "NULL") return {Literal::Kind::Null, ""};
    }
    unexpected(t);
  }
  Condition parse_or() { return parse_chain("OR", Condition::Kind::Or, &Parser::parse_and); }
  Condition parse_and() { return parse_chain("AND", Condition::Kind::And, &Parser::parse_primary); }
  // operand (keyword operand)*: one `kind` condition over all the operands,
  // or the lone operand itself.
  Condition parse_chain(const char* keyword, Condition::Kind kind, Condition (Parser::*operand)()) {
    Condition left = (this->*operand)();
    if (!is_keyword(keyword)) return left;
    Condition c;
    c.kind = kind;
    c.children.push_back(left);
    while (is_keyword(keyword)) {
      next();
      c.children.push_back((this->*operand)());
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
      c.op = CompareOp::Like;
    } else {
      const Token& op = next();
      if (op.kind != Token::Kind::Punct || op.text == "," || op.text == "(" || op.text == ")") unexpected(op);
      c.op = compare_op(op.text);
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

}  // namespace

Query parse_soql(const std::string& soql) {
  Parser parser(tokenize(soql));
  Query q = parser.parse_query();
  if (!parser.at_end()) parser.unexpected(parser.peek());
  return q;
}

}  // namespace sfsim
