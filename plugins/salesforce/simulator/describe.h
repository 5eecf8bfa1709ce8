// describeGlobal entries and sObject describe documents, generated from the
// org's object definitions in the shape of the REST API.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "org_model.h"

namespace sfsim {

void write_global_entry(rapidjson::Writer<rapidjson::StringBuffer>& w, const ObjectDef& o, const std::string& version);
std::string describe_global_json(const Org& org, const std::string& version);
std::string describe_object_json(const Org& org, const ObjectDef& o, const std::string& version);
std::string basic_info_json(const ObjectDef& o, const std::string& version);

}  // namespace sfsim
