/* A frozen copy of the v1.0 ABI header, as a plugin built before v1.1 saw it. Never edit. */
/*
 * console_plugin.h -- the Smart Flows Project Console connector plugin ABI, v1.
 *
 * This header is the whole contract between a host (the Project Console, or
 * the stub host in this repository) and a connector plugin (a shared library
 * that supplies one or more connector types, such as Salesforce). Host and
 * plugin may be built separately, with different compilers and different
 * minor versions of this header, and still work together.
 *
 * Rules that make that possible:
 *   - Only C types cross the boundary: fixed-width integers, UTF-8
 *     NUL-terminated strings, and pointers to structs of function pointers.
 *     No C++ types, no exceptions (a plugin catches everything and returns a
 *     status), no bool, no enums (status codes are int32_t constants).
 *   - Every struct starts with `uint32_t struct_size`. Fields are only ever
 *     appended. A reader checks CONSOLE_HAS_FIELD() before touching a field
 *     that a smaller (older) struct may not have.
 *   - Rich content (wizard schema, answers, step results, connector state,
 *     action results, errors) crosses as JSON documents that carry their own
 *     "schema_version". See docs/wizard-protocol.md for the documents.
 *   - Whoever allocates frees: every `char*` a plugin returns through an
 *     `out_json` parameter is released by the host with the plugin's
 *     `free_string`. Strings the host passes in are valid only for the
 *     duration of the call; a plugin that needs one later copies it.
 *
 * Loading sequence (host side):
 *   1. Read the plugin's manifest and verify the library's SHA-256 (before
 *      any of its code runs).
 *   2. Load the library with RTLD_LOCAL and look up the exported data symbol
 *      CONSOLE_PLUGIN_ENTRY_SYMBOL ("console_plugin_entry"); its value is a
 *      console_plugin_entry_fn.
 *   3. Call it with a console_negotiation that says which ABI versions the
 *      host speaks. The plugin answers with the version it will use and its
 *      console_plugin table, or returns NULL and explains in `refusal`.
 *   4. Call plugin->init(): the plugin registers its connector types through
 *      the console_registrar, which is only valid during init.
 *   5. Use the types. 6. Call plugin->shutdown() once, after the last use.
 *
 * Thread rules:
 *   - entry, init and shutdown are called once each, from one thread.
 *   - describe, session_open and action_run may be called concurrently from
 *     several threads (for different sessions/connectors).
 *   - Sessions are independent of each other; one session is never called
 *     from two threads at once (the host serialises calls per session).
 *   - Host services may be called from any thread the host called into.
 *
 * Error reporting: every function that can fail returns a console_status.
 * On CONSOLE_OK, *out_json (when present) holds the result document. On any
 * other status, *out_json holds an error document:
 *   {"schema_version":1,"code":"invalid_input","message":"...",
 *    "field":"environment.custom_domain","retryable":false,"detail":{...}}
 * `code` is one of the CONSOLE_ERR_* strings below; `field` and `detail` are
 * optional. A plugin may set *out_json to NULL on failure only when it cannot
 * allocate; the host then reports "internal" with a generic message.
 */
#ifndef CONSOLE_PLUGIN_CONSOLE_PLUGIN_H
#define CONSOLE_PLUGIN_CONSOLE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------------- */

/* The ABI this header describes. A major change breaks compatibility; a minor
 * change only appends fields or documents. */
#define CONSOLE_ABI_VERSION_MAJOR 1
#define CONSOLE_ABI_VERSION_MINOR 0

/* The name of the single exported symbol. Its value (a data symbol, as
 * Boost.DLL's BOOST_DLL_ALIAS produces) is a console_plugin_entry_fn. */
#define CONSOLE_PLUGIN_ENTRY_SYMBOL "console_plugin_entry"

/* True when a struct of the size the other side reported contains `field`.
 * Use it before reading any field appended after v1.0. */
#define CONSOLE_HAS_FIELD(ptr, type, field) \
  ((ptr) != NULL && (ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* ---------------------------------------------------------------------------
 * Status codes and error vocabulary
 * ------------------------------------------------------------------------- */

typedef int32_t console_status;

#define CONSOLE_OK 0
/* The call failed; *out_json holds an error document. */
#define CONSOLE_ERROR 1
/* The arguments broke the contract (NULL where a value is required, a
 * struct_size too small). *out_json holds an error document when possible. */
#define CONSOLE_MISUSE 2

/* Stable error codes used in the "code" member of error documents. */
#define CONSOLE_ERR_INVALID_INPUT "invalid_input"           /* a field or document is wrong */
#define CONSOLE_ERR_AUTH_REQUIRED "auth_required"           /* (re-)authorization needed */
#define CONSOLE_ERR_AUTH_DENIED "auth_denied"               /* the user or the server refused it */
#define CONSOLE_ERR_PERMISSION_MISSING "permission_missing" /* the remote user lacks rights */
#define CONSOLE_ERR_RATE_LIMITED "rate_limited"             /* remote API limits reached */
#define CONSOLE_ERR_REMOTE_ERROR "remote_error"             /* the remote system failed */
#define CONSOLE_ERR_NETWORK "network"                       /* could not reach it */
#define CONSOLE_ERR_CONFLICT "conflict"                     /* the state changed under us */
#define CONSOLE_ERR_UNSUPPORTED "unsupported"               /* unknown step/action/version */
#define CONSOLE_ERR_INTERNAL "internal"                     /* a bug; never the user's fault */

/* Log levels for console_host_services.log. */
#define CONSOLE_LOG_DEBUG 10
#define CONSOLE_LOG_INFO 20
#define CONSOLE_LOG_WARN 30
#define CONSOLE_LOG_ERROR 40

/* ---------------------------------------------------------------------------
 * Host services: what the host lends a plugin
 * ------------------------------------------------------------------------- */

/* Functions the host offers the plugin. Given to init(); valid until
 * shutdown() returns. Append-only: check CONSOLE_HAS_FIELD for fields after
 * `config_json`.
 *
 * Every callback receives `call_context`: the opaque value the host passed
 * into the plugin call that is running (session_open's or action_run's
 * `call_context`), so the host can tell which connector a message is about.
 * A plugin passes NULL outside such calls (e.g. during init). */
typedef struct console_host_services {
  uint32_t struct_size;
  uint32_t reserved0; /* keeps the pointers 8-byte aligned on every ABI */
  /* Host-owned value, passed back to every callback. */
  void* host_data;
  /* Writes one log line. The host adds time and plugin id. Never pass
   * secrets (tokens, passwords, codes): hosts do not redact. */
  void (*log)(void* host_data, void* call_context, int32_t level, const char* message);
  /* Reports progress of a long call: `step` is a short id (e.g. "install"),
   * `done` of `total` units (total 0 = unknown), `message` human text. */
  void (*progress)(void* host_data, void* call_context, const char* step, uint64_t done, uint64_t total,
                   const char* message);
  /* The current time in milliseconds since the Unix epoch. Plugins use this
   * instead of the system clock so tests can move time. */
  int64_t (*now_ms)(void* host_data);
  /* The host's configuration for this plugin as a JSON object (e.g. the
   * Connected App client id and development settings), or "{}". Owned by
   * the host, valid until shutdown. */
  const char* config_json;
} console_host_services;

/* ---------------------------------------------------------------------------
 * Connector types: what a plugin registers
 * ------------------------------------------------------------------------- */

/* An open wizard run, created by session_open and owned by the plugin. */
typedef struct console_session console_session;

/* One connector type. A plugin fills one of these (in its own memory) and
 * passes it to console_registrar.register_type during init; the host copies
 * `struct_size` bytes into zeroed host-owned memory, so fields the plugin
 * does not know about read as NULL. Required: type_id, display_name,
 * describe, session_open, session_submit, session_callback, session_result,
 * session_close, action_run. The strings must stay valid until shutdown.
 *
 * All functions take `type_data` (the plugin's value from this struct) and
 * return a console_status; see the top of this file for out_json rules. */
typedef struct console_connector_type {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Stable id, lower case, e.g. "salesforce". Unique among loaded plugins. */
  const char* type_id;
  /* Name shown to admins, e.g. "Salesforce". */
  const char* display_name;
  /* Plugin-owned value passed back to every function below. */
  void* type_data;

  /* The wizard schema (docs/wizard-protocol.md, "schema"). Pure: no network. */
  console_status (*describe)(void* type_data, char** out_json);

  /* Starts a wizard run. `context_json` is the "session context" document
   * (project, connector name, existing state when reconfiguring, redirect
   * URI for OAuth). `call_context` is passed back to host services for every
   * call on this session. On success *out_session is the new session and
   * *out_json the first step document. */
  console_status (*session_open)(void* type_data, const char* context_json, void* call_context,
                                 console_session** out_session, char** out_json);

  /* Submits the answers for one step (or presses an action field). The
   * plugin validates them again (the host's check is a convenience) and
   * answers with a "step result" document: per-field errors, or the next step. */
  console_status (*session_submit)(console_session* session, const char* step_id, const char* answers_json,
                                   char** out_json);

  /* Hands the plugin the full URL the browser was redirected to after an
   * authorization the plugin started (unchanged, including query). Answers
   * with a step result document. */
  console_status (*session_callback)(console_session* session, const char* redirect_url, char** out_json);

  /* When the wizard is complete: the "connector" document (public summary
   * plus the state to persist). CONSOLE_ERROR with code "invalid_input" when
   * the wizard is not finished. */
  console_status (*session_result)(console_session* session, char** out_json);

  /* Ends a session and frees everything it holds. Never fails. NULL is a no-op. */
  void (*session_close)(console_session* session);

  /* Runs an action on a persisted connector outside the wizard (e.g.
   * "refresh", "plan", "uninstall", "check"). `state_json` is the state the
   * host persisted; `params_json` is "{}" or action parameters. The result
   * document may carry a new "state" that the host must persist at once
   * (e.g. a rotated refresh token), even when the status is CONSOLE_ERROR. */
  console_status (*action_run)(void* type_data, const char* state_json, const char* action_id, const char* params_json,
                               void* call_context, char** out_json);
} console_connector_type;

/* Given to init(); valid only during init. */
typedef struct console_registrar {
  uint32_t struct_size;
  uint32_t reserved0;
  void* host_data;
  /* Registers a connector type. `type_struct_size` is sizeof the struct as
   * the plugin knows it. Returns CONSOLE_OK, or CONSOLE_ERROR with a reason
   * written to the host log (duplicate id, missing required callback). */
  console_status (*register_type)(void* host_data, const console_connector_type* type, uint32_t type_struct_size);
} console_registrar;

/* ---------------------------------------------------------------------------
 * The plugin table and the entry point
 * ------------------------------------------------------------------------- */

/* What the plugin returns from the entry point. Plugin-owned, static: valid
 * until the library is unloaded. */
typedef struct console_plugin {
  uint32_t struct_size;
  /* The ABI version the plugin chose (also written into the negotiation). */
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t reserved0;
  /* Must equal the manifest's plugin id and version. */
  const char* plugin_id;
  const char* plugin_version;

  /* Initialises the plugin and registers its types through `registrar`.
   * `services` stays valid until shutdown returns. On failure the host calls
   * shutdown() and rejects the plugin, showing the error document. */
  console_status (*init)(const console_host_services* services, const console_registrar* registrar, char** out_json);

  /* Frees everything the plugin created. Called once, after the last call
   * into any type and after every session is closed. The library may stay
   * mapped afterwards. Never fails. */
  void (*shutdown)(void);

  /* Frees a string the plugin returned through an out_json parameter.
   * NULL is a no-op. */
  void (*free_string)(char* s);
} console_plugin;

/* The version handshake. The host fills the host_* fields; the plugin fills
 * the chosen_* fields, or writes a NUL-terminated reason into `refusal`
 * (truncated to fit) and returns NULL. A plugin refuses when the host's major
 * differs from its own, or when the host's newest minor is older than the
 * oldest minor the plugin can live with. */
typedef struct console_negotiation {
  uint32_t struct_size;
  uint32_t host_abi_major;
  /* The newest minor the host speaks; it speaks every older one too. */
  uint32_t host_abi_minor;
  uint32_t chosen_abi_major;
  uint32_t chosen_abi_minor;
  uint32_t reserved0;
  char refusal[512];
} console_negotiation;

/* The entry point's type. Must not throw, must not call host services. */
typedef const console_plugin* (*console_plugin_entry_fn)(console_negotiation* negotiation);

/* Declares the entry point in a plugin written in C (C++ plugins use
 * CONSOLE_PLUGIN_ENTRY from console_plugin.hpp, which uses Boost.DLL):
 *     static const console_plugin* my_entry(console_negotiation* n) { ... }
 *     CONSOLE_PLUGIN_EXPORT_ENTRY(my_entry)
 */
#if defined(_WIN32)
#define CONSOLE_PLUGIN_EXPORT __declspec(dllexport)
#else
#define CONSOLE_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif
#ifdef __cplusplus
#define CONSOLE_PLUGIN_EXPORT_ENTRY(fn) \
  extern "C" CONSOLE_PLUGIN_EXPORT const console_plugin_entry_fn console_plugin_entry = (fn);
#else
#define CONSOLE_PLUGIN_EXPORT_ENTRY(fn) CONSOLE_PLUGIN_EXPORT const console_plugin_entry_fn console_plugin_entry = (fn);
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CONSOLE_PLUGIN_CONSOLE_PLUGIN_H */
