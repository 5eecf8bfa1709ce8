// console_plugin.hpp -- a header-only C++ layer for writing connector plugins.
//
// It hides the C plumbing of console_plugin.h: version negotiation, copying
// strings across the boundary, turning exceptions into status + error JSON,
// and registering types. A plugin author writes C++ classes:
//
//   class MyType : public console::ConnectorType {
//    public:
//     const char* type_id() const override { return "mytype"; }
//     const char* display_name() const override { return "My Type"; }
//     std::string describe() override { return R"({"schema_version":1,...})"; }
//     std::unique_ptr<console::Session> open(const std::string& context_json, console::CallContext call,
//                                            std::string& first_step_json) override;
//     std::string run_action(const std::string& state_json, const std::string& action_id,
//                            const std::string& params_json, console::CallContext call) override;
//   };
//
//   class MyPlugin : public console::Plugin {
//    public:
//     void init(console::Host& host, console::TypeList& types) override {
//       types.push_back(std::make_unique<MyType>(host));
//     }
//   };
//
//   CONSOLE_PLUGIN_ENTRY(MyPlugin, "my-plugin", "1.0.0")
//
// Errors: throw console::Error (code, message, field, retryable). Anything
// else thrown becomes "internal". Nothing ever escapes into the host. A call
// that breaks the C contract (a NULL required argument, a struct_size too
// small) returns CONSOLE_MISUSE before any plugin code runs.
//
// Cancellation: poll host.cancelled(call) between remote changes; once it is
// true, stop and throw console::Error(host.cancelled_code(), what is in
// place): "cancelled" to a host of ABI 1.2 or newer, "conflict" to a 1.1 host.
//
// Dependencies: the C++ standard library and RapidJSON, nothing else. The
// entry point is exported with console_plugin.h's CONSOLE_PLUGIN_EXPORT_ENTRY.
#ifndef CONSOLE_PLUGIN_CONSOLE_PLUGIN_HPP
#define CONSOLE_PLUGIN_CONSOLE_PLUGIN_HPP

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "console_plugin/console_plugin.h"
#include "console_plugin/input_bounds.hpp"

namespace console {

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

// The one error type of plugin code. `code` is one of CONSOLE_ERR_*;
// `field` names the wizard field at fault ("" when none); `detail_json` is an
// optional JSON object with machine-readable detail ("" when none).
class Error : public std::runtime_error {
 public:
  Error(std::string code, const std::string& message, std::string field = {}, bool retryable = false,
        std::string detail_json = {})
      : std::runtime_error(message),
        code_(std::move(code)),
        field_(std::move(field)),
        retryable_(retryable),
        detail_json_(std::move(detail_json)) {}

  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }
  bool retryable() const { return retryable_; }
  const std::string& detail_json() const { return detail_json_; }

  // The error document of docs/wizard-protocol.md, section 6.
  std::string to_json() const {
    rapidjson::Document d(rapidjson::kObjectType);
    auto& a = d.GetAllocator();
    d.AddMember("schema_version", 1, a);
    d.AddMember("code", rapidjson::Value(code_.c_str(), a), a);
    d.AddMember("message", rapidjson::Value(what(), a), a);
    if (!field_.empty()) d.AddMember("field", rapidjson::Value(field_.c_str(), a), a);
    d.AddMember("retryable", retryable_, a);
    if (!detail_json_.empty()) {
      rapidjson::Document detail;
      if (!bounds::json_depth_exceeds(detail_json_, bounds::kMaxJsonDepth) &&
          !detail.Parse<rapidjson::kParseIterativeFlag>(detail_json_.c_str()).HasParseError()) {
        d.AddMember("detail", rapidjson::Value(detail, a), a);
      }
    }
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    d.Accept(w);
    return buf.GetString();
  }

 private:
  std::string code_;
  std::string field_;
  bool retryable_;
  std::string detail_json_;
};

// ---------------------------------------------------------------------------
// JSON helpers
// ---------------------------------------------------------------------------
namespace json {

// Parses `text` into `d` with constant stack (kParseIterativeFlag); false
// when it is not JSON or nests deeper than bounds::kMaxJsonDepth, so that
// later recursive walks (Accept, copies) stay bounded too. For documents
// from outside: remote responses, the host's documents, stored state.
inline bool try_parse(rapidjson::Document& d, const std::string& text) {
  if (bounds::json_depth_exceeds(text, bounds::kMaxJsonDepth)) {
    d.SetNull();
    return false;
  }
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  return !d.HasParseError();
}

// Parses `text`; throws Error(invalid_input) naming `what` and the offset.
inline rapidjson::Document parse(const std::string& text, const char* what) {
  rapidjson::Document d;
  if (bounds::json_depth_exceeds(text, bounds::kMaxJsonDepth)) {
    throw Error(CONSOLE_ERR_INVALID_INPUT,
                std::string(what) + " is nested deeper than " + std::to_string(bounds::kMaxJsonDepth) + " levels");
  }
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  if (d.HasParseError()) {
    throw Error(CONSOLE_ERR_INVALID_INPUT, std::string(what) +
                                               " is not valid JSON: " + rapidjson::GetParseError_En(d.GetParseError()) +
                                               " at offset " + std::to_string(d.GetErrorOffset()));
  }
  return d;
}

// Parses `text` and requires a JSON object.
inline rapidjson::Document parse_object(const std::string& text, const char* what) {
  rapidjson::Document d = parse(text, what);
  if (!d.IsObject()) throw Error(CONSOLE_ERR_INVALID_INPUT, std::string(what) + " must be a JSON object");
  return d;
}

inline std::string to_string(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

// The string member `key` of `obj`, or `fallback` when absent or not a string.
inline std::string get_string(const rapidjson::Value& obj, const char* key, const std::string& fallback = {}) {
  if (!obj.IsObject()) return fallback;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return fallback;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

inline bool get_bool(const rapidjson::Value& obj, const char* key, bool fallback = false) {
  if (!obj.IsObject()) return fallback;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsBool()) return fallback;
  return it->value.GetBool();
}

}  // namespace json

// ---------------------------------------------------------------------------
// Host services
// ---------------------------------------------------------------------------

// The host's value for the call in progress; pass it back with log/progress.
using CallContext = void*;

// A C++ view of console_host_services. Valid from init to shutdown.
// `abi_minor` is the minor version negotiated with the host (the C++ layer
// passes the one chosen in the handshake).
class Host {
 public:
  explicit Host(const console_host_services* s, uint32_t abi_minor = CONSOLE_ABI_VERSION_MINOR)
      : s_(s), abi_minor_(abi_minor) {}

  // The ABI minor this plugin and the host agreed on.
  uint32_t abi_minor() const { return abi_minor_; }
  // The error code of a call that stopped because cancelled(call) said so:
  // CONSOLE_ERR_CANCELLED from ABI 1.2 on; a 1.1 host does not know it and
  // gets CONSOLE_ERR_CONFLICT, the code plugins used before 1.2.
  const char* cancelled_code() const { return abi_minor_ >= 2 ? CONSOLE_ERR_CANCELLED : CONSOLE_ERR_CONFLICT; }

  void log(CallContext call, int32_t level, const std::string& message) const {
    if (s_ && s_->log) s_->log(s_->host_data, call, level, message.c_str());
  }
  void progress(CallContext call, const std::string& step, uint64_t done, uint64_t total,
                const std::string& message) const {
    if (s_ && s_->progress) s_->progress(s_->host_data, call, step.c_str(), done, total, message.c_str());
  }
  // Milliseconds since the epoch, from the host's (possibly simulated) clock.
  int64_t now_ms() const { return (s_ && s_->now_ms) ? s_->now_ms(s_->host_data) : 0; }
  // The plugin's configuration object ("{}" when the host gave none).
  std::string config_json() const { return (s_ && s_->config_json) ? s_->config_json : "{}"; }
  // True once the host asked to stop the call (always false on 1.0 hosts).
  bool cancelled(CallContext call) const {
    return CONSOLE_HAS_FIELD(s_, console_host_services, is_cancelled) && s_->is_cancelled &&
           s_->is_cancelled(s_->host_data, call) != 0;
  }

 private:
  const console_host_services* s_;
  uint32_t abi_minor_;
};

// ---------------------------------------------------------------------------
// What a plugin author implements
// ---------------------------------------------------------------------------

// One wizard run. Never called from two threads at once.
class Session {
 public:
  virtual ~Session() = default;
  // Returns a step result document.
  virtual std::string submit(const std::string& step_id, const std::string& answers_json) = 0;
  // Returns a step result document.
  virtual std::string callback(const std::string& redirect_url) = 0;
  // Returns the connector document.
  virtual std::string result() = 0;
};

// One connector type. describe/open/run_action may run concurrently.
class ConnectorType {
 public:
  virtual ~ConnectorType() = default;
  virtual const char* type_id() const = 0;
  virtual const char* display_name() const = 0;
  virtual std::string describe() = 0;
  // Opens a session; fills `first_step_json` with the first step result.
  virtual std::unique_ptr<Session> open(const std::string& context_json, CallContext call,
                                        std::string& first_step_json) = 0;
  // Runs an action; returns the action result document.
  virtual std::string run_action(const std::string& state_json, const std::string& action_id,
                                 const std::string& params_json, CallContext call) = 0;
};

using TypeList = std::vector<std::unique_ptr<ConnectorType>>;

// The plugin. One instance lives from init to shutdown.
class Plugin {
 public:
  virtual ~Plugin() = default;
  // Creates the plugin's types. Throwing rejects the plugin.
  virtual void init(Host& host, TypeList& types) = 0;
};

// ---------------------------------------------------------------------------
// The C glue (internal; used by CONSOLE_PLUGIN_ENTRY)
// ---------------------------------------------------------------------------
namespace detail {

// Copies a std::string into malloc'd memory the host frees via free_string.
inline char* dup(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

inline void set_out(char** out, const std::string& s) {
  if (out) *out = dup(s);
}

// A broken call contract (console_plugin.h, "NULL and out-parameters"):
// guard() answers CONSOLE_MISUSE with an "invalid_input" error document.
class Misuse : public Error {
 public:
  explicit Misuse(const std::string& message) : Error(CONSOLE_ERR_INVALID_INPUT, message) {}
};

// Throws Misuse("<what> is required (NULL given)") when `p` is NULL.
inline void require(const void* p, const char* what) {
  if (p == nullptr) throw Misuse(std::string(what) + " is required (NULL given)");
}

// The exception barrier: runs `fn`, turning every exception into an error
// document and a status. Nothing propagates into C code.
template <typename Fn>
console_status guard(char** out_json, Fn&& fn) noexcept {
  try {
    fn();
    return CONSOLE_OK;
  } catch (const Misuse& e) {
    try {
      set_out(out_json, e.to_json());
    } catch (...) {
      if (out_json) *out_json = nullptr;
    }
    return CONSOLE_MISUSE;
  } catch (const Error& e) {
    try {
      set_out(out_json, e.to_json());
    } catch (...) {
      if (out_json) *out_json = nullptr;
    }
  } catch (const std::bad_alloc&) {
    if (out_json) *out_json = nullptr;
  } catch (const std::exception& e) {
    try {
      set_out(out_json, Error(CONSOLE_ERR_INTERNAL, std::string("plugin failed: ") + e.what()).to_json());
    } catch (...) {
      if (out_json) *out_json = nullptr;
    }
  } catch (...) {
    try {
      set_out(out_json, Error(CONSOLE_ERR_INTERNAL, "plugin failed with an unknown exception").to_json());
    } catch (...) {
      if (out_json) *out_json = nullptr;
    }
  }
  return CONSOLE_ERROR;
}

struct SessionBox {
  std::unique_ptr<Session> session;
};

// Per-library state; one plugin instance per loaded library.
struct State {
  std::unique_ptr<Plugin> plugin;
  std::unique_ptr<Host> host;
  TypeList types;
  std::vector<console_connector_type> descriptors;
};

inline State*& state() {
  static State* s = nullptr;
  return s;
}

// The ABI minor chosen in the handshake (negotiate), for Host.
inline uint32_t& negotiated_minor() {
  static uint32_t minor = CONSOLE_ABI_VERSION_MINOR;
  return minor;
}

inline ConnectorType* as_type(void* type_data) {
  require(type_data, "type_data");
  return static_cast<ConnectorType*>(type_data);
}

inline console_status describe(void* td, char** out) {
  if (out) *out = nullptr;
  return guard(out, [&] {
    require(out, "describe: out_json");
    set_out(out, as_type(td)->describe());
  });
}

inline console_status session_open(void* td, const char* ctx, void* call, console_session** out_session, char** out) {
  if (out_session) *out_session = nullptr;
  if (out) *out = nullptr;
  return guard(out, [&] {
    require(out, "session_open: out_json");
    require(out_session, "session_open: out_session");
    require(ctx, "session_open: context_json");
    std::string first;
    auto box = std::make_unique<SessionBox>();
    box->session = as_type(td)->open(ctx, call, first);
    set_out(out, first);
    *out_session = reinterpret_cast<console_session*>(box.release());
  });
}

inline Session* unbox(console_session* s) {
  require(s, "the session handle");
  return reinterpret_cast<SessionBox*>(s)->session.get();
}

inline console_status session_submit(console_session* s, const char* step, const char* answers, char** out) {
  if (out) *out = nullptr;
  return guard(out, [&] {
    require(out, "session_submit: out_json");
    require(step, "session_submit: step_id");
    Session* session = unbox(s);
    set_out(out, session->submit(step, answers ? answers : "{}"));
  });
}

inline console_status session_callback(console_session* s, const char* url, char** out) {
  if (out) *out = nullptr;
  return guard(out, [&] {
    require(out, "session_callback: out_json");
    require(url, "session_callback: redirect_url");
    Session* session = unbox(s);
    set_out(out, session->callback(url));
  });
}

inline console_status session_result(console_session* s, char** out) {
  if (out) *out = nullptr;
  return guard(out, [&] {
    require(out, "session_result: out_json");
    Session* session = unbox(s);
    set_out(out, session->result());
  });
}

inline void session_close(console_session* s) { delete reinterpret_cast<SessionBox*>(s); }

inline console_status action_run(void* td, const char* st, const char* action, const char* params, void* call,
                                 char** out) {
  if (out) *out = nullptr;
  return guard(out, [&] {
    require(out, "action_run: out_json");
    require(action, "action_run: action_id");
    ConnectorType* type = as_type(td);
    set_out(out, type->run_action(st ? st : "{}", action, params ? params : "{}", call));
  });
}

inline void free_string(char* s) { std::free(s); }

inline void shutdown() {
  State* s = state();
  state() = nullptr;
  delete s;
}

// The smallest tables a v1.0 host may pass: every v1.0 field present.
constexpr size_t kMinServicesSize = offsetof(console_host_services, config_json) + sizeof(const char*);
constexpr size_t kMinRegistrarSize = offsetof(console_registrar, register_type) + sizeof(void*);

template <typename PluginT>
console_status init(const console_host_services* services, const console_registrar* registrar, char** out) {
  if (out) *out = nullptr;
  return guard(out, [&] {
    require(out, "init: out_json");
    require(services, "init: services");
    require(registrar, "init: registrar");
    if (services->struct_size < kMinServicesSize) {
      throw Misuse("init: services.struct_size is " + std::to_string(services->struct_size) + "; at least " +
                   std::to_string(kMinServicesSize) + " (ABI 1.0) is required");
    }
    if (registrar->struct_size < kMinRegistrarSize) {
      throw Misuse("init: registrar.struct_size is " + std::to_string(registrar->struct_size) + "; at least " +
                   std::to_string(kMinRegistrarSize) + " (ABI 1.0) is required");
    }
    require(reinterpret_cast<const void*>(registrar->register_type), "init: registrar.register_type");
    if (state()) throw Misuse("init called twice without shutdown");
    auto st = std::make_unique<State>();
    st->host = std::make_unique<Host>(services, negotiated_minor());
    st->plugin = std::make_unique<PluginT>();
    st->plugin->init(*st->host, st->types);
    st->descriptors.reserve(st->types.size());
    for (auto& t : st->types) {
      console_connector_type d{};
      d.struct_size = sizeof(console_connector_type);
      d.type_id = t->type_id();
      d.display_name = t->display_name();
      d.type_data = t.get();
      d.describe = &describe;
      d.session_open = &session_open;
      d.session_submit = &session_submit;
      d.session_callback = &session_callback;
      d.session_result = &session_result;
      d.session_close = &session_close;
      d.action_run = &action_run;
      st->descriptors.push_back(d);
    }
    for (auto& d : st->descriptors) {
      if (registrar->register_type(registrar->host_data, &d, sizeof d) != CONSOLE_OK) {
        throw Error(CONSOLE_ERR_INVALID_INPUT, std::string("the host refused connector type '") + d.type_id + "'");
      }
    }
    state() = st.release();
  });
}

// Writes the refusal reason, truncated to the negotiation's buffer.
inline void refuse(console_negotiation* n, const std::string& reason) {
  std::strncpy(n->refusal, reason.c_str(), sizeof n->refusal - 1);
  n->refusal[sizeof n->refusal - 1] = '\0';
}

// The handshake of console_plugin.h (console_negotiation): refuses a host
// of another major, or one whose newest minor is older than `min_minor`
// (the oldest this plugin can live with); otherwise chooses the same major
// and min(host minor, ours), and remembers the choice for Host.
inline const console_plugin* negotiate(console_negotiation* n, const console_plugin* table,
                                       uint32_t min_minor = 0) noexcept {
  if (!n || n->struct_size < offsetof(console_negotiation, refusal) + sizeof n->refusal) return nullptr;
  try {
    const std::string ours =
        std::to_string(CONSOLE_ABI_VERSION_MAJOR) + "." + std::to_string(CONSOLE_ABI_VERSION_MINOR);
    const std::string theirs = std::to_string(n->host_abi_major) + "." + std::to_string(n->host_abi_minor);
    if (n->host_abi_major != CONSOLE_ABI_VERSION_MAJOR) {
      refuse(n, "plugin speaks ABI " + ours + " but the host offers ABI " + theirs);
      return nullptr;
    }
    if (n->host_abi_minor < min_minor) {
      refuse(n, "plugin needs ABI " + std::to_string(CONSOLE_ABI_VERSION_MAJOR) + "." + std::to_string(min_minor) +
                    " or newer but the host offers ABI " + theirs);
      return nullptr;
    }
  } catch (...) {  // std::bad_alloc building the reason: refuse without one
    n->refusal[0] = '\0';
    return nullptr;
  }
  n->chosen_abi_major = CONSOLE_ABI_VERSION_MAJOR;
  n->chosen_abi_minor = n->host_abi_minor < CONSOLE_ABI_VERSION_MINOR ? n->host_abi_minor : CONSOLE_ABI_VERSION_MINOR;
  negotiated_minor() = n->chosen_abi_minor;
  return table;
}

}  // namespace detail
}  // namespace console

// Defines the plugin's entry point for plugin class `PluginT`. Use once per
// plugin library, at namespace scope. CONSOLE_PLUGIN_ENTRY_MIN_MINOR also
// refuses hosts older than ABI 1.<min_minor>.
#define CONSOLE_PLUGIN_ENTRY(PluginT, plugin_id_literal, plugin_version_literal) \
  CONSOLE_PLUGIN_ENTRY_MIN_MINOR(PluginT, plugin_id_literal, plugin_version_literal, 0)

#define CONSOLE_PLUGIN_ENTRY_MIN_MINOR(PluginT, plugin_id_literal, plugin_version_literal, min_minor) \
  namespace console_plugin_generated {                                                                \
  const console_plugin* entry(console_negotiation* n) noexcept {                                      \
    static const console_plugin table = {sizeof(console_plugin),                                      \
                                         CONSOLE_ABI_VERSION_MAJOR,                                   \
                                         CONSOLE_ABI_VERSION_MINOR,                                   \
                                         0,                                                           \
                                         plugin_id_literal,                                           \
                                         plugin_version_literal,                                      \
                                         &::console::detail::init<PluginT>,                           \
                                         &::console::detail::shutdown,                                \
                                         &::console::detail::free_string};                            \
    return ::console::detail::negotiate(n, &table, (min_minor));                                      \
  }                                                                                                   \
  }                                                                                                   \
  CONSOLE_PLUGIN_EXPORT_ENTRY(console_plugin_generated::entry)

#endif  // CONSOLE_PLUGIN_CONSOLE_PLUGIN_HPP
