#include "soql.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <boost/algorithm/string.hpp>

#include "sim_http.h"
#include "soql_executor.h"
#include "system_objects.h"

namespace sfsim {

namespace {

using Resolved = SoqlExecutor::Resolved;

// One column of a SELECT list, as both the records and the column metadata
// show it: a plain field, or a relationship whose `join` holds the parent's
// selected fields. Columns keep the order of their first selection; a field
// or relationship selected again adds no column.
struct SelectColumn {
  const Resolved* first;
  std::vector<const FieldDef*> join;  // relationship columns only
};

std::vector<SelectColumn> select_columns(const std::vector<Resolved>& resolved) {
  std::vector<SelectColumn> columns;
  std::map<std::string, std::size_t> by_name;
  for (const auto& r : resolved) {
    const std::string key = r.relationship ? r.relationship_name : r.field->name;
    const auto it = by_name.find(key);
    if (it == by_name.end()) {
      by_name[key] = columns.size();
      columns.push_back({&r, {}});
      if (r.relationship) columns.back().join.push_back(r.field);
    } else if (r.relationship && columns[it->second].first->relationship) {
      auto& join = columns[it->second].join;
      if (std::find(join.begin(), join.end(), r.field) == join.end()) join.push_back(r.field);
    }
  }
  return columns;
}

// The statement parsed, its object found and its selection resolved.
struct Prepared {
  Query query;
  const ObjectDef* object = nullptr;
  std::vector<Resolved> resolved;
};

Prepared prepare(const SoqlExecutor& ex, const std::string& soql) {
  Prepared p;
  p.query = parse_soql(soql);
  p.object = &ex.object(p.query);
  for (const auto& f : p.query.fields) p.resolved.push_back(ex.resolve(*p.object, f.path, f.pos));
  return p;
}

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

void write_column(rapidjson::Writer<rapidjson::StringBuffer>& w, const ObjectDef& obj, const FieldDef& f,
                  const std::vector<const FieldDef*>& join, const ObjectDef* parent, const std::string& name) {
  const std::string apex = join.empty() ? std::string(apex_type(f.kind)) : parent->name;
  const bool writable = obj.createable && f.kind != FieldType::Id && !is_system_object(obj.name);
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
  w.Bool(join.empty() && boost::ends_with(f.name, "__c"));
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

std::string write_records(const SoqlExecutor& ex, const Prepared& p, const std::string& version) {
  const ObjectDef& obj = *p.object;
  const std::vector<Record> rows = ex.filtered(obj, p.query);
  const std::vector<SelectColumn> columns = select_columns(p.resolved);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("totalSize");
  w.Int64(static_cast<int64_t>(rows.size()));
  w.Key("done");
  w.Bool(true);
  w.Key("records");
  w.StartArray();
  if (!p.query.count_only) {
    for (const Record& row : rows) {
      w.StartObject();
      write_attributes(w, obj.name, row, version);
      for (const auto& column : columns) {
        const Resolved& r = *column.first;
        if (!r.relationship) {
          w.Key(r.field->name.c_str());
          write_value(w, ex.value_of(row, r));
          continue;
        }
        // Every selected field of this relationship, in one object.
        w.Key(r.relationship_name.c_str());
        const Record* parent = ex.parent_of(row, r);
        if (!parent) {
          w.Null();
          continue;
        }
        w.StartObject();
        write_attributes(w, r.parent->name, *parent, version);
        for (const FieldDef* f : column.join) {
          w.Key(f->name.c_str());
          const auto it = parent->find(f->name);
          write_value(w, it == parent->end() ? FieldValue{} : it->second);
        }
        w.EndObject();
      }
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

std::string write_column_metadata(const Prepared& p) {
  const ObjectDef& obj = *p.object;
  const bool id_selected = std::any_of(p.resolved.begin(), p.resolved.end(),
                                       [](const Resolved& r) { return !r.relationship && r.field->name == "Id"; });
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("columnMetadata");
  w.StartArray();
  for (const auto& c : select_columns(p.resolved)) {
    const Resolved& r = *c.first;
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
  return buf.GetString();
}

// Runs `answer` on the prepared statement; a SoqlError becomes the result's error.
template <typename Answer>
SoqlResult answer_soql(const Org& org, const UserDef& running_user, const std::string& soql, Answer answer) {
  SoqlResult result;
  try {
    const SoqlExecutor ex(org, running_user);
    const Prepared p = prepare(ex, soql);
    result.json = answer(ex, p);
    result.ok = true;
  } catch (const SoqlError& e) {
    result.error_code = e.code;
    result.message = error_text(soql, e);
  }
  return result;
}

}  // namespace

SoqlResult run_soql(const Org& org, const UserDef& running_user, const std::string& soql, const std::string& version) {
  return answer_soql(org, running_user, soql,
                     [&](const SoqlExecutor& ex, const Prepared& p) { return write_records(ex, p, version); });
}

SoqlResult describe_soql_columns(const Org& org, const UserDef& running_user, const std::string& soql) {
  return answer_soql(org, running_user, soql,
                     [](const SoqlExecutor&, const Prepared& p) { return write_column_metadata(p); });
}

}  // namespace sfsim
