#include "plugin/connector_type_client.hpp"

#include <rapidjson/document.h>

#include "json_document.hpp"

namespace console_host {

PluginError::PluginError(const std::string& code, const std::string& message, std::string field,
                         std::string document_json)
    : HostError(exit_code_for_plugin_error(code), message),
      error_code_(parse_error_code(code)),
      document_(std::move(document_json)) {
  with_word(to_string(error_code_));
  with_field(std::move(field));
  rapidjson::Document d;
  if (try_parse_json(d, document_) && d.IsObject()) {
    const auto* detail = json_member(d, "detail");
    const auto* summary = detail != nullptr ? json_member(*detail, "summary") : nullptr;
    if (summary != nullptr && summary->IsObject()) with_in_place(to_json(*summary));
  }
}

namespace {

PluginError error_from(console_status status, const std::string& doc_text) {
  rapidjson::Document d;
  if (doc_text.empty() || !try_parse_json(d, doc_text) || !d.IsObject()) {
    return PluginError("internal",
                       status == CONSOLE_MISUSE ? "the plugin refused the call as a misuse of the ABI"
                                                : "the plugin failed without an error document",
                       "", "{}");
  }
  std::string code = json_string(d, "code", "internal");
  std::string message = json_string(d, "message", "the plugin reported an error (" + code + ")");
  return PluginError(code, message, json_string(d, "field"), doc_text);
}

}  // namespace

// Calls on one session are serialised, as the ABI requires.
class PluginSession : public WizardSession {
 public:
  PluginSession(const ConnectorTypeClient& type, console_session* s) : type_(type), session_(s) {}
  ~PluginSession() override { type_.desc_.session_close(session_); }

  std::string submit(const std::string& step_id, const std::string& answers_json) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto interrupts = type_.interrupt_guard();
    char* out = nullptr;
    console_status st = type_.desc_.session_submit(session_, step_id.c_str(), answers_json.c_str(), &out);
    return type_.check(st, out);
  }
  std::string callback(const std::string& redirect_url) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto interrupts = type_.interrupt_guard();
    char* out = nullptr;
    console_status st = type_.desc_.session_callback(session_, redirect_url.c_str(), &out);
    return type_.check(st, out);
  }
  std::string result() override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto interrupts = type_.interrupt_guard();
    char* out = nullptr;
    console_status st = type_.desc_.session_result(session_, &out);
    return type_.check(st, out);
  }

 private:
  const ConnectorTypeClient& type_;
  console_session* session_;
  std::mutex mutex_;
};

ConnectorTypeClient::ConnectorTypeClient(const console_connector_type& desc, FreeString free_string)
    : desc_(desc), free_string_(std::move(free_string)) {}

std::unique_ptr<InterruptCancels> ConnectorTypeClient::interrupt_guard() const {
  return cancel_on_interrupt_ ? std::make_unique<InterruptCancels>() : nullptr;
}

std::string ConnectorTypeClient::take(char* s) const {
  if (s == nullptr) return {};
  std::string copy(s);
  free_string_(s);
  return copy;
}

std::string ConnectorTypeClient::check(console_status status, char* out) const {
  std::string text = take(out);
  if (status != CONSOLE_OK) throw error_from(status, text);
  if (text.empty()) throw PluginError("internal", "the plugin returned no document", "", "{}");
  return text;
}

std::string ConnectorTypeClient::describe() const {
  char* out = nullptr;
  console_status st = desc_.describe(desc_.type_data, &out);
  return check(st, out);
}

std::unique_ptr<WizardSession> ConnectorTypeClient::open(const std::string& context_json, CallContext* ctx,
                                                         std::string& first_step_json) const {
  console_session* session = nullptr;
  char* out = nullptr;
  auto interrupts = interrupt_guard();
  console_status st = desc_.session_open(desc_.type_data, context_json.c_str(), ctx, &session, &out);
  if (st != CONSOLE_OK) {
    if (session != nullptr) desc_.session_close(session);
    check(st, out);
  }
  auto wrapped = std::make_unique<PluginSession>(*this, session);
  first_step_json = check(st, out);
  return wrapped;
}

ActionOutcome ConnectorTypeClient::run_action(const std::string& state_json, const std::string& action_id,
                                              const std::string& params_json, CallContext* ctx) const {
  char* out = nullptr;
  auto interrupts = interrupt_guard();
  console_status st =
      desc_.action_run(desc_.type_data, state_json.c_str(), action_id.c_str(), params_json.c_str(), ctx, &out);
  ActionOutcome outcome;
  outcome.ok = st == CONSOLE_OK;
  outcome.document = take(out);
  if (outcome.document.empty())
    outcome.document =
        outcome.ok
            ? "{}"
            : R"({"schema_version":1,"code":"internal","message":"the plugin failed without an error document"})";
  return outcome;
}

}  // namespace console_host
