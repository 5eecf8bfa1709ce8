/* A connector plugin in plain C, using nothing but console_plugin.h: a
 * one-step wizard (a greeting) and one action ("check"). It follows the
 * contract of the header: every out-parameter is set on every return, a NULL
 * required argument is CONSOLE_MISUSE, and error documents are JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console_plugin/console_plugin.h"

static const console_host_services* host;

static char* dup_str(const char* s) {
  size_t n = strlen(s) + 1;
  char* p = (char*)malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

static console_status misuse(char** out_json, const char* what) {
  char buf[256];
  snprintf(buf, sizeof buf,
           "{\"schema_version\":1,\"code\":\"" CONSOLE_ERR_INVALID_INPUT
           "\",\"message\":\"%s is required (NULL given)\",\"retryable\":false}",
           what);
  if (out_json) *out_json = dup_str(buf);
  return CONSOLE_MISUSE;
}

struct console_session {
  int done;
};

static console_status hello_describe(void* type_data, char** out_json) {
  (void)type_data;
  if (!out_json) return CONSOLE_MISUSE;
  *out_json = dup_str(
      "{\"schema_version\":1,\"type_id\":\"hello_c\",\"display_name\":\"Hello (C)\",\"singleton_per_project\":false,"
      "\"steps\":[{\"id\":\"greeting\",\"title\":\"Greeting\",\"fields\":[{\"id\":\"greeting\",\"label\":\"Greeting\","
      "\"kind\":\"text\",\"required\":true,\"default\":\"hello\"}]}]}");
  return CONSOLE_OK;
}

static console_status hello_open(void* type_data, const char* context_json, void* call_context,
                                 console_session** out_session, char** out_json) {
  (void)type_data;
  (void)call_context;
  if (out_session) *out_session = NULL;
  if (!out_json) return CONSOLE_MISUSE;
  *out_json = NULL;
  if (!out_session) return misuse(out_json, "out_session");
  if (!context_json) return misuse(out_json, "context_json");
  *out_session = (console_session*)calloc(1, sizeof(console_session));
  *out_json = dup_str("{\"schema_version\":1,\"status\":\"ok\",\"step\":\"greeting\",\"complete\":false}");
  return CONSOLE_OK;
}

static console_status hello_submit(console_session* s, const char* step_id, const char* answers_json, char** out_json) {
  (void)answers_json; /* may be NULL */
  if (!out_json) return CONSOLE_MISUSE;
  *out_json = NULL;
  if (!s) return misuse(out_json, "the session");
  if (!step_id) return misuse(out_json, "step_id");
  s->done = 1;
  *out_json = dup_str("{\"schema_version\":1,\"status\":\"ok\",\"step\":\"greeting\",\"complete\":true}");
  return CONSOLE_OK;
}

static console_status hello_callback(console_session* s, const char* redirect_url, char** out_json) {
  (void)s;
  (void)redirect_url;
  if (!out_json) return CONSOLE_MISUSE;
  *out_json = dup_str("{\"schema_version\":1,\"code\":\"" CONSOLE_ERR_UNSUPPORTED
                      "\",\"message\":\"this wizard has no browser step\",\"retryable\":false}");
  return CONSOLE_ERROR;
}

static console_status hello_result(console_session* s, char** out_json) {
  if (!out_json) return CONSOLE_MISUSE;
  *out_json = NULL;
  if (!s) return misuse(out_json, "the session");
  if (!s->done) {
    *out_json = dup_str("{\"schema_version\":1,\"code\":\"" CONSOLE_ERR_INVALID_INPUT
                        "\",\"message\":\"the wizard is not finished\",\"retryable\":false}");
    return CONSOLE_ERROR;
  }
  *out_json = dup_str(
      "{\"schema_version\":1,\"type_id\":\"hello_c\",\"connector_status\":\"connected\","
      "\"summary\":{},\"state\":{}}");
  return CONSOLE_OK;
}

static void hello_close(console_session* s) { free(s); }

static console_status hello_action(void* type_data, const char* state_json, const char* action_id,
                                   const char* params_json, void* call_context, char** out_json) {
  (void)type_data;
  (void)state_json;
  (void)params_json;
  if (!out_json) return CONSOLE_MISUSE;
  *out_json = NULL;
  if (!action_id) return misuse(out_json, "action_id");
  if (host && host->log) host->log(host->host_data, call_context, CONSOLE_LOG_INFO, "hello_c: running an action");
  if (strcmp(action_id, "check") != 0) {
    *out_json = dup_str("{\"schema_version\":1,\"code\":\"" CONSOLE_ERR_UNSUPPORTED
                        "\",\"message\":\"no such action\",\"retryable\":false}");
    return CONSOLE_ERROR;
  }
  *out_json = dup_str("{\"schema_version\":1,\"connector_status\":\"connected\"}");
  return CONSOLE_OK;
}

static console_status hello_init(const console_host_services* services, const console_registrar* registrar,
                                 char** out_json) {
  static console_connector_type t;
  if (!out_json) return CONSOLE_MISUSE;
  *out_json = NULL;
  if (!services) return misuse(out_json, "services");
  if (!registrar || !registrar->register_type) return misuse(out_json, "registrar");
  host = services;
  memset(&t, 0, sizeof t);
  t.struct_size = sizeof t;
  t.type_id = "hello_c";
  t.display_name = "Hello (C)";
  t.describe = hello_describe;
  t.session_open = hello_open;
  t.session_submit = hello_submit;
  t.session_callback = hello_callback;
  t.session_result = hello_result;
  t.session_close = hello_close;
  t.action_run = hello_action;
  if (registrar->register_type(registrar->host_data, &t, sizeof t) != CONSOLE_OK) {
    *out_json = dup_str("{\"schema_version\":1,\"code\":\"" CONSOLE_ERR_INTERNAL
                        "\",\"message\":\"the host refused the type hello_c\",\"retryable\":false}");
    return CONSOLE_ERROR;
  }
  return CONSOLE_OK;
}

static void hello_shutdown(void) { host = NULL; }
static void hello_free(char* s) { free(s); }

static const console_plugin table = {sizeof(console_plugin),
                                     CONSOLE_ABI_VERSION_MAJOR,
                                     CONSOLE_ABI_VERSION_MINOR,
                                     0,
                                     "hello-c",
                                     "1.0.0",
                                     hello_init,
                                     hello_shutdown,
                                     hello_free};

static const console_plugin* hello_entry(console_negotiation* n) {
  if (!n || n->struct_size < sizeof *n) return NULL;
  if (n->host_abi_major != CONSOLE_ABI_VERSION_MAJOR) {
    snprintf(n->refusal, sizeof n->refusal, "plugin speaks ABI %d.%d but the host offers ABI %u.%u",
             CONSOLE_ABI_VERSION_MAJOR, CONSOLE_ABI_VERSION_MINOR, (unsigned)n->host_abi_major,
             (unsigned)n->host_abi_minor);
    return NULL;
  }
  n->chosen_abi_major = CONSOLE_ABI_VERSION_MAJOR;
  n->chosen_abi_minor = n->host_abi_minor < CONSOLE_ABI_VERSION_MINOR ? n->host_abi_minor : CONSOLE_ABI_VERSION_MINOR;
  return &table;
}

CONSOLE_PLUGIN_EXPORT_ENTRY(hello_entry)
