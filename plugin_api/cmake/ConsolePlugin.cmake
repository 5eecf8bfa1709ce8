# console_add_plugin(<target>
#     MANIFEST <template.json>
#     SOURCES <src>...
#     [LINK <lib>...]
#     [PLUGIN_DIR <dir>] [MANIFEST_DIR <dir>])
#
# Declares a connector plugin: a MODULE library built with hidden visibility
# (only the entry symbol is exported, and the C++ layer's statics stay private
# to the library), linked to console::plugin_api (the C++ layer), or to
# console::plugin_api_c (the C header alone, no other dependency) when every
# source is a C file. After each build the
# manifest template is copied to MANIFEST_DIR with "library.file" and
# "library.sha256" filled in from the built library, so the host can verify it
# before loading. Defaults: the directories the stub host searches
# (CONSOLE_STAGE_PLUGIN_DIR / CONSOLE_STAGE_MANIFEST_DIR when set, else
# <build>/plugins and <build>/manifests).
#
# When the build carries debug info and objcopy is at hand, the debug sections
# are moved to <library>.debug beside it (linked by .gnu_debuglink, so gdb and
# valgrind still find them) before the checksum is taken: the host hashes every
# library before loading it, and debug info is most of a RelWithDebInfo
# library's bytes.


function(console_add_plugin target)
  cmake_parse_arguments(ARG "" "MANIFEST;PLUGIN_DIR;MANIFEST_DIR" "SOURCES;LINK" ${ARGN})
  if(NOT ARG_MANIFEST)
    message(FATAL_ERROR "console_add_plugin(${target}): MANIFEST <template.json> is required")
  endif()
  if(NOT ARG_PLUGIN_DIR)
    if(CONSOLE_STAGE_PLUGIN_DIR)
      set(ARG_PLUGIN_DIR "${CONSOLE_STAGE_PLUGIN_DIR}")
    else()
      set(ARG_PLUGIN_DIR "${CMAKE_BINARY_DIR}/plugins")
    endif()
  endif()
  if(NOT ARG_MANIFEST_DIR)
    if(CONSOLE_STAGE_MANIFEST_DIR)
      set(ARG_MANIFEST_DIR "${CONSOLE_STAGE_MANIFEST_DIR}")
    else()
      set(ARG_MANIFEST_DIR "${CMAKE_BINARY_DIR}/manifests")
    endif()
  endif()

  add_library(${target} MODULE ${ARG_SOURCES})
  set(_api console::plugin_api_c)
  foreach(_src IN LISTS ARG_SOURCES)
    if(NOT _src MATCHES "\\.c$")
      set(_api console::plugin_api)
    endif()
  endforeach()
  target_link_libraries(${target} PRIVATE ${_api} ${ARG_LINK})
  set_target_properties(${target} PROPERTIES
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${ARG_PLUGIN_DIR}")
  # Nothing but the entry symbol may leak: no undefined symbols left for the
  # host to satisfy, and static libstdc++ is not needed (the ABI is C).
  target_link_options(${target} PRIVATE "LINKER:--no-undefined")

  get_filename_component(_manifest_name "${ARG_MANIFEST}" NAME)
  if(CMAKE_OBJCOPY AND CMAKE_READELF)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND}
        "-DOBJCOPY=${CMAKE_OBJCOPY}"
        "-DREADELF=${CMAKE_READELF}"
        "-DLIBRARY=$<TARGET_FILE:${target}>"
        -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/SplitDebugInfo.cmake"
      COMMENT "Splitting the debug info of ${target} off to its .debug file"
      VERBATIM)
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND}
      "-DLIBRARY=$<TARGET_FILE:${target}>"
      "-DTEMPLATE=${ARG_MANIFEST}"
      "-DOUTPUT=${ARG_MANIFEST_DIR}/${_manifest_name}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/WriteManifest.cmake"
    COMMENT "Writing manifest ${_manifest_name} with the SHA-256 of ${target}"
    VERBATIM)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${ARG_MANIFEST}")
endfunction()
