/* A host written in plain C11, using nothing but console_plugin.h and dlopen:
 * proof that no C++ crosses the plugin boundary.
 *
 *   c11_host <library.so> <type_id> walk          load, negotiate, register, describe,
 *                                                 open a session, submit a step, shut down
 *   c11_host <library.so> <type_id> cycle <N>     N times: entry, negotiate, init, describe,
 *                                                 shutdown; fails if the heap grew
 *
 * Exit status 0 on success; a message on stderr names the failing step. */
#include <dlfcn.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console_plugin/console_plugin.h"

static const console_connector_type* registered; /* copied by value below */
static console_connector_type registered_copy;

static console_status on_register(void* host_data, const console_connector_type* type, uint32_t size) {
  const char* wanted = (const char*)host_data;
  if (size < sizeof(console_connector_type) - sizeof(void*)) return CONSOLE_ERROR;
  if (strcmp(type->type_id, wanted) != 0) return CONSOLE_OK; /* another type of the same plugin */
  memset(&registered_copy, 0, sizeof registered_copy);
  memcpy(&registered_copy, type, size < sizeof registered_copy ? size : sizeof registered_copy);
  registered = &registered_copy;
  return CONSOLE_OK;
}

static void on_log(void* host_data, void* call, int32_t level, const char* message) {
  (void)host_data;
  (void)call;
  fprintf(stderr, "[plugin log %d] %s\n", (int)level, message);
}

static int64_t fixed_clock(void* host_data) {
  (void)host_data;
  return 1800000000000LL;
}

static int fail(const char* step, const char* detail) {
  fprintf(stderr, "c11_host: %s failed%s%s\n", step, detail ? ": " : "", detail ? detail : "");
  return 1;
}

/* entry + negotiate + init. Returns the plugin table or NULL. */
static const console_plugin* start(console_plugin_entry_fn entry, const char* type_id,
                                   const console_host_services* services) {
  console_negotiation n;
  memset(&n, 0, sizeof n);
  n.struct_size = sizeof n;
  n.host_abi_major = CONSOLE_ABI_VERSION_MAJOR;
  n.host_abi_minor = CONSOLE_ABI_VERSION_MINOR;
  const console_plugin* plugin = entry(&n);
  if (!plugin) {
    fail("negotiate", n.refusal);
    return NULL;
  }
  console_registrar reg;
  memset(&reg, 0, sizeof reg);
  reg.struct_size = sizeof reg;
  reg.host_data = (void*)type_id;
  reg.register_type = on_register;
  registered = NULL;
  char* err = NULL;
  if (plugin->init(services, &reg, &err) != CONSOLE_OK) {
    fail("init", err);
    plugin->free_string(err);
    plugin->shutdown();
    return NULL;
  }
  plugin->free_string(err);
  if (!registered) {
    fail("register", type_id);
    plugin->shutdown();
    return NULL;
  }
  return plugin;
}

static int describe(const console_plugin* plugin, int print) {
  char* schema = NULL;
  if (registered->describe(registered->type_data, &schema) != CONSOLE_OK || !schema) {
    return fail("describe", schema);
  }
  /* A real host parses the JSON; here it is enough that the document is an object with the two keys. */
  int ok = schema[0] == '{' && strstr(schema, "\"schema_version\"") != NULL && strstr(schema, "\"steps\"") != NULL;
  if (print) printf("%s\n", schema);
  plugin->free_string(schema);
  return ok ? 0 : fail("describe", "the schema is not an object with schema_version and steps");
}

static int walk(const console_plugin* plugin) {
  if (describe(plugin, 1) != 0) return 1;
  console_session* session = NULL;
  char* out = NULL;
  const char* context =
      "{\"schema_version\":1,\"mode\":\"create\",\"project\":\"c11\",\"connector_name\":\"from C\","
      "\"redirect_uri\":\"http://127.0.0.1:1717/oauth/callback\"}";
  if (registered->session_open(registered->type_data, context, NULL, &session, &out) != CONSOLE_OK) {
    fail("session_open", out);
    plugin->free_string(out);
    return 1;
  }
  printf("%s\n", out);
  plugin->free_string(out);
  /* An answer that must be refused: proves validation crosses the boundary as JSON. */
  if (registered->session_submit(session, "environment", "{\"environment\":\"nowhere\"}", &out) != CONSOLE_OK) {
    fail("session_submit", out);
    plugin->free_string(out);
    registered->session_close(session);
    return 1;
  }
  printf("%s\n", out);
  int refused = strstr(out, "\"invalid\"") != NULL;
  plugin->free_string(out);
  registered->session_close(session);
  return refused ? 0 : fail("session_submit", "an unknown environment was accepted");
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: c11_host <library.so> <type_id> walk | cycle <N>\n");
    return 2;
  }
  void* lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) return fail("dlopen", dlerror());
  /* The exported symbol is a data symbol holding the entry function's address. */
  const console_plugin_entry_fn* entry_slot = (const console_plugin_entry_fn*)dlsym(lib, CONSOLE_PLUGIN_ENTRY_SYMBOL);
  if (!entry_slot || !*entry_slot) return fail("dlsym", CONSOLE_PLUGIN_ENTRY_SYMBOL);

  console_host_services services;
  memset(&services, 0, sizeof services);
  services.struct_size = sizeof services;
  services.log = on_log;
  services.now_ms = fixed_clock;
  services.config_json = "{\"client_id\":\"c11-client\"}";

  if (strcmp(argv[3], "walk") == 0) {
    const console_plugin* plugin = start(*entry_slot, argv[2], &services);
    if (!plugin) return 1;
    int rc = walk(plugin);
    plugin->shutdown();
    return rc;
  }
  if (strcmp(argv[3], "cycle") == 0 && argc >= 5) {
    long n = strtol(argv[4], NULL, 10);
    size_t after_warmup = 0;
    for (long i = 0; i < n; ++i) {
      const console_plugin* plugin = start(*entry_slot, argv[2], &services);
      if (!plugin) return 1;
      if (describe(plugin, 0) != 0) return 1;
      plugin->shutdown();
      if (i == 9) after_warmup = mallinfo2().uordblks;
    }
    size_t end = mallinfo2().uordblks;
    long growth = (long)end - (long)after_warmup;
    printf("%ld open/shutdown cycles; heap in use after 10: %zu bytes, after %ld: %zu bytes (growth %ld)\n", n,
           after_warmup, n, end, growth);
    /* A leak of even one small allocation per cycle would show as >= 16 KiB over 990 cycles. */
    if (n > 10 && growth > 16 * 1024) return fail("cycle", "the heap grew: something is leaked per open/shutdown");
    return 0;
  }
  fprintf(stderr, "unknown mode %s\n", argv[3]);
  return 2;
}
