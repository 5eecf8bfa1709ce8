# Finds the chosen third-party libraries once and exposes each as a target, so
# sub-projects say what they use by name (deps::rapidjson, deps::boost_dll, ...).

find_package(Threads REQUIRED)
# Boost.Regex for the patterns a plugin's wizard schema declares: unlike
# std::regex it does not recurse once per character of the input.
# Linked statically: Debian's libboost_regex.so is built with ICU, so the
# shared library brings libicuuc, libicui18n and libicudata (relocated at
# every start of console-host, about 1 ms of each one-shot command) for the
# u32regex the host never uses; the archive links only the narrow-char parts.
set(Boost_USE_STATIC_LIBS ON)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options regex)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(RapidJSON REQUIRED)

if(NOT TARGET deps::rapidjson)
  add_library(deps::rapidjson INTERFACE IMPORTED GLOBAL)
  # Debian's RapidJSONConfig sets RAPIDJSON_INCLUDE_DIRS only.
  set_target_properties(deps::rapidjson PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${RAPIDJSON_INCLUDE_DIRS}"
    INTERFACE_COMPILE_DEFINITIONS "RAPIDJSON_HAS_STDSTRING=1")
endif()

if(NOT TARGET deps::boost_dll)
  # Boost.DLL is header-only; std::filesystem instead of Boost.Filesystem keeps
  # the host free of a Boost shared-library dependency.
  add_library(deps::boost_dll INTERFACE IMPORTED GLOBAL)
  set_target_properties(deps::boost_dll PROPERTIES
    INTERFACE_COMPILE_DEFINITIONS "BOOST_DLL_USE_STD_FS"
    INTERFACE_LINK_LIBRARIES "Boost::headers;${CMAKE_DL_LIBS}")
endif()

if(CONSOLE_BUILD_TESTS)
  find_package(GTest REQUIRED)
  find_package(benchmark QUIET)
endif()
