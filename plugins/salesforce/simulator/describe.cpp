#include "describe.h"

#include <boost/algorithm/string.hpp>

#include "sim_http.h"

namespace sfsim {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void kv(Writer& w, const char* k, bool v) {
  w.Key(k);
  w.Bool(v);
}
void kv(Writer& w, const char* k, const std::string& v) {
  w.Key(k);
  w.String(v);
}
void kv(Writer& w, const char* k, const char* v) {  // not the bool overload
  w.Key(k);
  w.String(v);
}
void kv(Writer& w, const char* k, int v) {
  w.Key(k);
  w.Int(v);
}
void kv_null(Writer& w, const char* k) {
  w.Key(k);
  w.Null();
}

void write_field(Writer& w, const ObjectDef& o, const FieldDef& f) {
  const bool system = f.name == "Id" || f.name == "CreatedDate" || f.name == "LastModifiedDate" ||
                      f.name == "SystemModstamp" || f.name == "IsDeleted";
  const bool editable = !system && o.createable;
  w.StartObject();
  kv(w, "aggregatable", f.kind != FieldType::Boolean && f.kind != FieldType::AnyType);
  kv(w, "autoNumber", false);
  kv(w, "byteLength", f.length * 3);
  kv(w, "calculated", false);
  kv(w, "cascadeDelete", false);
  kv(w, "caseSensitive", false);
  kv(w, "createable", editable);
  kv(w, "custom", boost::ends_with(f.name, "__c"));
  w.Key("defaultValue");
  if (f.kind == FieldType::Boolean)
    w.Bool(false);
  else
    w.Null();
  kv(w, "defaultedOnCreate", system || f.kind == FieldType::Boolean || f.name == "OwnerId");
  kv(w, "dependentPicklist", false);
  kv(w, "deprecatedAndHidden", false);
  kv(w, "digits", 0);
  kv(w, "externalId", false);
  kv(w, "filterable", f.kind != FieldType::AnyType);
  kv(w, "groupable", f.kind != FieldType::AnyType && f.kind != FieldType::Currency && f.kind != FieldType::DateTime);
  kv(w, "idLookup", f.name == "Id");
  kv(w, "label", f.label);
  kv(w, "length", f.length);
  kv(w, "name", f.name);
  kv(w, "nameField", f.name == "Name");
  kv(w, "nillable", !system && f.kind != FieldType::Boolean && f.name != "Name" && f.name != "LastName");
  kv(w, "permissionable", !system && f.name != "Name" && f.name != "OwnerId");
  w.Key("picklistValues");
  w.StartArray();
  w.EndArray();
  kv(w, "precision", f.kind == FieldType::Currency ? 18 : 0);
  w.Key("referenceTo");
  w.StartArray();
  for (const auto& r : f.reference_to) w.String(r);
  w.EndArray();
  w.Key("relationshipName");
  if (f.kind == FieldType::Reference && boost::ends_with(f.name, "Id"))
    w.String(f.name.substr(0, f.name.size() - 2));
  else if (f.kind == FieldType::Reference && boost::ends_with(f.name, "__c"))
    w.String(f.name.substr(0, f.name.size() - 3) + "__r");
  else
    w.Null();
  kv(w, "restrictedPicklist", false);
  kv(w, "scale", f.kind == FieldType::Currency ? 2 : 0);
  kv(w, "soapType", soap_type(f.kind));
  kv(w, "sortable", f.kind != FieldType::AnyType);
  kv(w, "type", f.type);
  kv(w, "unique", false);
  kv(w, "updateable", editable);
  w.EndObject();
}

void write_urls(Writer& w, const ObjectDef& o, const std::string& version, bool full) {
  const std::string base = "/services/data/v" + version + "/sobjects/" + o.name;
  w.Key("urls");
  w.StartObject();
  if (full && o.layoutable) {
    kv(w, "compactLayouts", base + "/describe/compactLayouts");
    kv(w, "layouts", base + "/describe/layouts");
  }
  kv(w, "rowTemplate", base + "/{ID}");
  if (full) kv(w, "uiDetailTemplate", "/{ID}");
  kv(w, "describe", base + "/describe");
  kv(w, "sobject", base);
  if (o.createable) kv(w, "defaultValues", base + "/defaultValues?recordTypeId&fields");
  w.EndObject();
}

void write_common(Writer& w, const ObjectDef& o) {
  kv(w, "activateable", false);
  w.Key("associateEntityType");
  w.Null();
  kv_null(w, "associateParentEntity");
  kv(w, "createable", o.createable);
  kv(w, "custom", o.custom);
  kv(w, "customSetting", false);
  kv(w, "deepCloneable", false);
  kv(w, "deletable", o.createable);
  kv(w, "deprecatedAndHidden", false);
  kv(w, "feedEnabled", o.layoutable);
  kv(w, "hasSubtypes", false);
  kv(w, "isInterface", false);
  kv(w, "isSubtype", false);
  w.Key("keyPrefix");
  if (o.key_prefix.empty())
    w.Null();
  else
    w.String(o.key_prefix);
  kv(w, "label", o.label);
  kv(w, "labelPlural", o.label_plural);
  kv(w, "layoutable", o.layoutable);
  kv(w, "mergeable", o.name == "Account" || o.name == "Contact" || o.name == "Lead");
  kv(w, "mruEnabled", o.layoutable);
  kv(w, "name", o.name);
  kv(w, "queryable", o.queryable);
  kv(w, "replicateable", o.queryable);
  kv(w, "retrieveable", o.queryable);
  kv(w, "searchable", o.layoutable);
  kv(w, "triggerable", o.createable);
  kv(w, "undeletable", o.createable);
  kv(w, "updateable", o.createable);
}

}  // namespace

void write_global_entry(Writer& w, const ObjectDef& o, const std::string& version) {
  w.StartObject();
  write_common(w, o);
  write_urls(w, o, version, false);
  w.EndObject();
}

std::string describe_global_json(const Org& org, const std::string& version) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  kv(w, "encoding", std::string("UTF-8"));
  kv(w, "maxBatchSize", 200);
  w.Key("sobjects");
  w.StartArray();
  for (const auto& o : org.def.objects) write_global_entry(w, o, version);
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

std::string describe_object_json(const Org& org, const ObjectDef& o, const std::string& version) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("actionOverrides");
  w.StartArray();
  w.EndArray();
  write_common(w, o);
  w.Key("childRelationships");
  w.StartArray();
  for (const auto& child : org.def.objects) {
    for (const auto& f : child.fields) {
      if (f.kind != FieldType::Reference || f.reference_to.empty() || f.reference_to[0] != o.name) continue;
      w.StartObject();
      kv(w, "cascadeDelete", false);
      kv(w, "childSObject", child.name);
      kv(w, "deprecatedAndHidden", false);
      kv(w, "field", f.name);
      w.Key("junctionIdListNames");
      w.StartArray();
      w.EndArray();
      w.Key("junctionReferenceTo");
      w.StartArray();
      w.EndArray();
      w.Key("relationshipName");
      if (child.name == "Contact" || child.name == "Opportunity" || child.name == "Case")
        w.String(child.label_plural);
      else
        w.Null();
      kv(w, "restrictedDelete", false);
      w.EndObject();
    }
  }
  w.EndArray();
  kv(w, "compactLayoutable", o.layoutable);
  kv(w, "dataTranslationEnabled", false);
  kv_null(w, "defaultImplementation");
  kv_null(w, "extendedBy");
  kv_null(w, "extendsInterfaces");
  w.Key("fields");
  w.StartArray();
  for (const auto& f : o.fields) write_field(w, o, f);
  w.EndArray();
  kv(w, "hasSubtypes", false);
  kv_null(w, "implementedBy");
  kv_null(w, "implementsInterfaces");
  kv(w, "listviewable", o.layoutable);
  kv(w, "lookupLayoutable", o.layoutable);
  w.Key("namedLayoutInfos");
  w.StartArray();
  w.EndArray();
  kv_null(w, "networkScopeFieldName");
  w.Key("recordTypeInfos");
  w.StartArray();
  if (o.layoutable) {
    w.StartObject();
    kv(w, "active", true);
    kv(w, "available", true);
    kv(w, "defaultRecordTypeMapping", true);
    kv(w, "developerName", std::string("Master"));
    kv(w, "master", true);
    kv(w, "name", std::string("Master"));
    kv(w, "recordTypeId", std::string("012000000000000AAA"));
    w.Key("urls");
    w.StartObject();
    kv(w, "layout", "/services/data/v" + version + "/sobjects/" + o.name + "/describe/layouts/012000000000000AAA");
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  kv(w, "searchLayoutable", o.layoutable);
  w.Key("supportedScopes");
  w.StartArray();
  if (o.layoutable) {
    w.StartObject();
    kv(w, "label", "All " + o.label_plural);
    kv(w, "name", std::string("everything"));
    w.EndObject();
  }
  w.EndArray();
  write_urls(w, o, version, true);
  w.EndObject();
  return buf.GetString();
}

std::string basic_info_json(const ObjectDef& o, const std::string& version) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("objectDescribe");
  write_global_entry(w, o, version);
  w.Key("recentItems");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

}  // namespace sfsim
