# Fuzz targets for the host's readers of outside input, and the plugin's
# validation of wizard answers.
console_fuzz_target(fuzz_wizard_answers SOURCE fuzz_wizard_answers.cpp
  CORPUS "${CMAKE_CURRENT_SOURCE_DIR}/corpus/wizard_answers" LINK console_host_core)
foreach(t fuzz_wizard_answers_replay fuzz_wizard_answers)
  if(TARGET ${t})
    target_compile_definitions(${t} PRIVATE
      HOST_SCHEMA_FIXTURE="${PROJECT_SOURCE_DIR}/tests/host/fixtures/schema_example.json")
  endif()
endforeach()
console_fuzz_target(fuzz_plugin_answers SOURCE fuzz_plugin_answers.cpp
  CORPUS "${CMAKE_CURRENT_SOURCE_DIR}/corpus/plugin_answers" LINK salesforce_connector_core)
