// Fuzz target: sfsim's SOQL parser and executor over the built-in org, as
// the query endpoint runs them. Every input becomes rows or a Salesforce
// error; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "org_loader.h"
#include "org_model.h"
#include "soql.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sfsim::Org* org = new sfsim::Org(sfsim::builtin_org_definition());
  const std::string soql(reinterpret_cast<const char*>(data), size);
  const sfsim::UserDef& admin = org->def.users.front();
  (void)sfsim::run_soql(*org, admin, soql, "62.0");
  (void)sfsim::describe_soql_columns(*org, admin, soql);
  return 0;
}
