# cmake -DOBJCOPY=<objcopy> -DREADELF=<readelf> -DLIBRARY=<built library> -P SplitDebugInfo.cmake
# Moves the library's DWARF sections and its static symbol table to
# <library>.debug and leaves a .gnu_debuglink in the library, so the shipped
# (and hashed, at every load) file is small while debuggers and profilers
# still find the symbols. The dynamic symbols, all the loader and a
# backtrace read, stay. A library built without debug info is left as it is.
foreach(var OBJCOPY READELF LIBRARY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "SplitDebugInfo.cmake: -D${var}=... is required")
  endif()
endforeach()
execute_process(COMMAND "${READELF}" --section-headers --wide "${LIBRARY}"
  OUTPUT_VARIABLE sections COMMAND_ERROR_IS_FATAL ANY)
if(NOT sections MATCHES "\\.debug_info")
  file(REMOVE "${LIBRARY}.debug")
  return()
endif()
execute_process(COMMAND "${OBJCOPY}" --only-keep-debug "${LIBRARY}" "${LIBRARY}.debug"
  COMMAND_ERROR_IS_FATAL ANY)
get_filename_component(debug_dir "${LIBRARY}" DIRECTORY)
# --add-gnu-debuglink reads the .debug file to record its CRC; run it beside
# the file so the link holds the bare name and survives moving the pair.
execute_process(COMMAND "${OBJCOPY}" --strip-unneeded "--add-gnu-debuglink=${LIBRARY}.debug" "${LIBRARY}"
  WORKING_DIRECTORY "${debug_dir}" COMMAND_ERROR_IS_FATAL ANY)
