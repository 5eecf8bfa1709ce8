// Fuzz target: Metadata API SOAP responses. Any body becomes parsed results
// or console::Error; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "console_plugin/console_plugin.hpp"
#include "metadata_soap.h"
#include "salesforce_errors.h"
#include "xml_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)salesforce::find_salesforce_error(body);
  try {
    salesforce::XmlTree doc = salesforce::parse_xml(body);
    std::string op;
    if (salesforce::soap_body_payload(doc, &op) == nullptr) return 0;
    salesforce::parse_read_result(doc);
    salesforce::parse_save_results(doc);
    salesforce::parse_list_result(doc);
  } catch (const console::Error&) {
  }
  return 0;
}
