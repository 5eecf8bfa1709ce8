// Fuzz target: sfsim's reading of a Metadata SOAP request envelope. Every
// input becomes a request or an error text (a SOAP fault); nothing else may
// escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "soap_envelope.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string xml(reinterpret_cast<const char*>(data), size);
  sfsim::SoapRequest request;
  std::string error;
  if (!sfsim::parse_soap_request(xml, request, error) && error.empty()) __builtin_trap();
  return 0;
}
