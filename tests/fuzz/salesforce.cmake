# Fuzz targets for the Salesforce plugin's parsers of outside input.
foreach(t redirect_url login_host salesforce_json soap_response)
  console_fuzz_target(fuzz_${t} SOURCE fuzz_${t}.cpp
    CORPUS "${CMAKE_CURRENT_SOURCE_DIR}/corpus/${t}" LINK salesforce_connector_core)
endforeach()
