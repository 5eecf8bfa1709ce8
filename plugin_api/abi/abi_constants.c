/* Prints every value console_plugin.h defines as a macro, one "NAME=value"
 * line each, for the ABI gate (tests/abi/abi_gate.sh). libabigail compares
 * the layouts of the ABI's types but never sees a macro, yet the values of
 * status codes, log levels and error code strings are as much part of the
 * contract as a field offset: a plugin built with CONSOLE_MISUSE 2 must mean
 * the same to a host built with it. The gate compares this program's output
 * with plugin_api/abi/console_plugin_constants.txt. */
#include <stdio.h>

#include "console_plugin/console_plugin.h"

#define PRINT_INT(name) printf("%s=%lld\n", #name, (long long)(name))
#define PRINT_STR(name) printf("%s=\"%s\"\n", #name, name)

int main(void) {
  PRINT_INT(CONSOLE_ABI_VERSION_MAJOR);
  PRINT_INT(CONSOLE_ABI_VERSION_MINOR);
  PRINT_STR(CONSOLE_PLUGIN_ENTRY_SYMBOL);
  PRINT_INT(CONSOLE_OK);
  PRINT_INT(CONSOLE_ERROR);
  PRINT_INT(CONSOLE_MISUSE);
  PRINT_STR(CONSOLE_ERR_INVALID_INPUT);
  PRINT_STR(CONSOLE_ERR_AUTH_REQUIRED);
  PRINT_STR(CONSOLE_ERR_AUTH_DENIED);
  PRINT_STR(CONSOLE_ERR_PERMISSION_MISSING);
  PRINT_STR(CONSOLE_ERR_RATE_LIMITED);
  PRINT_STR(CONSOLE_ERR_REMOTE_ERROR);
  PRINT_STR(CONSOLE_ERR_NETWORK);
  PRINT_STR(CONSOLE_ERR_CONFLICT);
  PRINT_STR(CONSOLE_ERR_UNSUPPORTED);
  PRINT_STR(CONSOLE_ERR_INTERNAL);
  PRINT_STR(CONSOLE_ERR_CANCELLED);
  PRINT_INT(CONSOLE_LOG_DEBUG);
  PRINT_INT(CONSOLE_LOG_INFO);
  PRINT_INT(CONSOLE_LOG_WARN);
  PRINT_INT(CONSOLE_LOG_ERROR);
  return 0;
}
