/* A connector plugin written in plain C, built several times with different
 * behaviours (TP_MODE) to exercise every way a load can go right or wrong.
 * TP_ID, TP_VERSION and TP_TYPE name the plugin, its version and its type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console_plugin/console_plugin.h"

#define TP_NORMAL 0
#define TP_REFUSE_MAJOR 1         /* speaks ABI 2.x only */
#define TP_ENTRY_FAILS 2          /* entry returns NULL without a reason */
#define TP_INIT_FAILS 3           /* init returns an error document */
#define TP_NO_ENTRY 4             /* exports no entry symbol */
#define TP_MISSING_CALLBACK 5     /* registers a type without action_run */
#define TP_NEWER_MINOR 6          /* built against a newer minor: bigger structs */
#define TP_NULL_ENTRY 7           /* exports the entry symbol holding NULL */
#define TP_INCOMPLETE_TABLE 8     /* the plugin table has no free_string */
#define TP_CHOOSES_TOO_NEW 9      /* chooses a minor the host did not offer */
#define TP_NULL_DESCRIPTOR 10     /* registers NULL */
#define TP_SMALL_DESCRIPTOR 11    /* registers a descriptor of 16 bytes */
#define TP_REGISTERS_TWICE 12     /* registers its type twice */
#define TP_LOGS_THEN_REGISTERS 13 /* logs through the host (the test's hook) just before registering */
#define TP_CANCELLABLE 14         /* action "stop" polls is_cancelled and stops with the code of its minor */

#ifndef TP_MODE
#define TP_MODE TP_NORMAL
#endif

#if TP_MODE == TP_REFUSE_MAJOR
#define TP_ABI_MAJOR 2
#else
#define TP_ABI_MAJOR CONSOLE_ABI_VERSION_MAJOR
#endif

/* The minor the plugin says it speaks: the header's, unless the build
 * pretends to be an older plugin (-DTP_ABI_MINOR=1 with today's header). */
#ifndef TP_ABI_MINOR
#define TP_ABI_MINOR CONSOLE_ABI_VERSION_MINOR
#endif

static const console_host_services* host_services;
static uint32_t chosen_minor;

static char* dup_str(const char* s) {
  size_t n = strlen(s) + 1;
  char* p = (char*)malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

static int host_has_is_cancelled = 0;

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

struct console_session {
  int submits;
};

static console_status tp_describe(void* type_data, char** out_json) {
  char buf[512];
  (void)type_data;
  snprintf(buf, sizeof buf,
           "{\"schema_version\":1,\"type_id\":\"%s\",\"display_name\":\"Test %s\",\"singleton_per_project\":false,"
           "\"abi_minor_built\":%d,\"host_has_is_cancelled\":%s,\"steps\":[{\"id\":\"only\",\"title\":\"Only\","
           "\"fields\":[{\"id\":\"name\",\"label\":\"Name\",\"kind\":\"text\",\"required\":true}]}]}",
           TP_TYPE, TP_TYPE, TP_ABI_MINOR, host_has_is_cancelled ? "true" : "false");
  *out_json = dup_str(buf);
  return CONSOLE_OK;
}

static console_status tp_open(void* type_data, const char* context_json, void* call_context,
                              console_session** out_session, char** out_json) {
  (void)type_data;
  (void)context_json;
  (void)call_context;
  *out_session = (console_session*)calloc(1, sizeof(console_session));
  *out_json = dup_str("{\"schema_version\":1,\"status\":\"ok\",\"step\":\"only\",\"complete\":false}");
  return CONSOLE_OK;
}

static console_status tp_submit(console_session* s, const char* step_id, const char* answers_json, char** out_json) {
  (void)step_id;
  (void)answers_json;
  s->submits++;
  *out_json = dup_str("{\"schema_version\":1,\"status\":\"ok\",\"step\":\"only\",\"complete\":true}");
  return CONSOLE_OK;
}

static console_status tp_callback(console_session* s, const char* url, char** out_json) {
  (void)s;
  (void)url;
  *out_json =
      dup_str("{\"schema_version\":1,\"code\":\"unsupported\",\"message\":\"no browser step\",\"retryable\":false}");
  return CONSOLE_ERROR;
}

static console_status tp_result(console_session* s, char** out_json) {
  (void)s;
  *out_json = dup_str("{\"schema_version\":1,\"type_id\":\"" TP_TYPE
                      "\",\"connector_status\":\"connected\","
                      "\"summary\":{},\"state\":{}}");
  return CONSOLE_OK;
}

static void tp_close(console_session* s) { free(s); }

static console_status tp_action(void* type_data, const char* state_json, const char* action_id, const char* params_json,
                                void* call_context, char** out_json) {
  (void)type_data;
  (void)state_json;
  (void)params_json;
#if TP_MODE == TP_CANCELLABLE
  /* Polls before its one "change", as a real plugin does between changes. */
  if (strcmp(action_id, "stop") == 0 && host_has_is_cancelled && host_services->is_cancelled &&
      host_services->is_cancelled(host_services->host_data, call_context)) {
    /* "cancelled" exists from ABI 1.2 on; a 1.1 host gets "conflict". */
#if TP_ABI_MINOR >= 2
    const char* code = chosen_minor >= 2 ? CONSOLE_ERR_CANCELLED : CONSOLE_ERR_CONFLICT;
#else
    const char* code = CONSOLE_ERR_CONFLICT;
#endif
    char buf[256];
    snprintf(buf, sizeof buf,
             "{\"schema_version\":1,\"code\":\"%s\",\"message\":\"stopped before the change; in place: nothing\","
             "\"retryable\":false,\"detail\":{\"state\":{\"step\":0}}}",
             code);
    *out_json = dup_str(buf);
    return CONSOLE_ERROR;
  }
#else
  (void)action_id;
  (void)call_context;
#endif
  *out_json = dup_str("{\"schema_version\":1,\"connector_status\":\"connected\"}");
  return CONSOLE_OK;
}

#if TP_MODE == TP_NEWER_MINOR
/* What a newer header (v1.3) would look like: the same struct with a field appended. */
typedef struct tp_connector_type_newer {
  console_connector_type v1_1;
  const char* help_url;
} tp_connector_type_newer;
#endif

static console_status tp_init(const console_host_services* services, const console_registrar* registrar,
                              char** out_json) {
  host_services = services;
#if CONSOLE_ABI_VERSION_MINOR >= 1
  host_has_is_cancelled = CONSOLE_HAS_FIELD(services, console_host_services, is_cancelled);
#endif
#if TP_MODE == TP_INIT_FAILS
  (void)registrar;
  *out_json = dup_str(
      "{\"schema_version\":1,\"code\":\"internal\",\"message\":\"cannot start: the test asked me to fail\","
      "\"retryable\":false}");
  return CONSOLE_ERROR;
#else
#if TP_MODE == TP_NEWER_MINOR
  static tp_connector_type_newer t;
  console_connector_type* d = &t.v1_1;
  t.help_url = "https://example.invalid/help";
  const uint32_t size = sizeof t;
#else
  static console_connector_type t;
  console_connector_type* d = &t;
  const uint32_t size = sizeof t;
#endif
  memset(d, 0, sizeof *d);
  d->struct_size = size;
  d->type_id = TP_TYPE;
  d->display_name = "Test " TP_TYPE;
  d->describe = tp_describe;
  d->session_open = tp_open;
  d->session_submit = tp_submit;
  d->session_callback = tp_callback;
  d->session_result = tp_result;
  d->session_close = tp_close;
#if TP_MODE != TP_MISSING_CALLBACK
  d->action_run = tp_action;
#endif
  *out_json = NULL;
#if TP_MODE == TP_NULL_DESCRIPTOR
  return registrar->register_type(registrar->host_data, NULL, size) == CONSOLE_OK ? CONSOLE_OK : CONSOLE_ERROR;
#elif TP_MODE == TP_SMALL_DESCRIPTOR
  d->struct_size = 16;
  return registrar->register_type(registrar->host_data, d, 16) == CONSOLE_OK ? CONSOLE_OK : CONSOLE_ERROR;
#else
#if TP_MODE == TP_REGISTERS_TWICE
  registrar->register_type(registrar->host_data, d, size);
#endif
#if TP_MODE == TP_LOGS_THEN_REGISTERS
  if (services->log) services->log(services->host_data, NULL, CONSOLE_LOG_INFO, "about to register");
#endif
  return registrar->register_type(registrar->host_data, d, size) == CONSOLE_OK ? CONSOLE_OK : CONSOLE_ERROR;
#endif
#endif
}

static void tp_shutdown(void) {}
static void tp_free(char* s) { free(s); }

#if TP_MODE == TP_INCOMPLETE_TABLE
static const console_plugin table = {
    sizeof(console_plugin), TP_ABI_MAJOR, TP_ABI_MINOR, 0, TP_ID, TP_VERSION, tp_init, tp_shutdown, NULL};
#else
static const console_plugin table = {
    sizeof(console_plugin), TP_ABI_MAJOR, TP_ABI_MINOR, 0, TP_ID, TP_VERSION, tp_init, tp_shutdown, tp_free};
#endif

static const console_plugin* tp_entry(console_negotiation* n) {
#if TP_MODE == TP_ENTRY_FAILS
  (void)n;
  return NULL;
#else
  if (n->host_abi_major != TP_ABI_MAJOR) {
    snprintf(n->refusal, sizeof n->refusal, "plugin speaks ABI %d.%d but the host offers ABI %u.%u", TP_ABI_MAJOR,
             TP_ABI_MINOR, n->host_abi_major, n->host_abi_minor);
    return NULL;
  }
  n->chosen_abi_major = TP_ABI_MAJOR;
#if TP_MODE == TP_CHOOSES_TOO_NEW
  n->chosen_abi_minor = n->host_abi_minor + 1;
#else
  n->chosen_abi_minor = min_u32(n->host_abi_minor, TP_ABI_MINOR);
#endif
  chosen_minor = n->chosen_abi_minor;
  return &table;
#endif
}

#if TP_MODE == TP_NO_ENTRY
/* Exported, but under the wrong name. */
CONSOLE_PLUGIN_EXPORT const console_plugin_entry_fn console_plugin_entry_misspelled = tp_entry;
#elif TP_MODE == TP_NULL_ENTRY
static const console_plugin* (*const unused_entry)(console_negotiation*) = tp_entry;
CONSOLE_PLUGIN_EXPORT const console_plugin_entry_fn console_plugin_entry = NULL;
#else
CONSOLE_PLUGIN_EXPORT_ENTRY(tp_entry)
#endif
