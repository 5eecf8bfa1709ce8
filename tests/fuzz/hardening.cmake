# Fuzz targets for the remaining readers of outside input: the host's
# configuration file, plugin documents, stored rows and redaction; the
# plugin's state, configuration and action parameters; sfsim's HTTP, SOAP,
# SOQL and org-file parsers.
foreach(t host_config host_documents store_rows redaction callback_request)
  console_fuzz_target(fuzz_${t} SOURCE fuzz_${t}.cpp
    CORPUS "${CMAKE_CURRENT_SOURCE_DIR}/corpus/${t}" LINK console_host_core)
endforeach()
console_fuzz_target(fuzz_plugin_documents SOURCE fuzz_plugin_documents.cpp
  CORPUS "${CMAKE_CURRENT_SOURCE_DIR}/corpus/plugin_documents" LINK salesforce_connector_core)
foreach(t sim_http sim_soap sim_soql sim_org)
  console_fuzz_target(fuzz_${t} SOURCE fuzz_${t}.cpp
    CORPUS "${CMAKE_CURRENT_SOURCE_DIR}/corpus/${t}" LINK sfsim_server)
endforeach()
