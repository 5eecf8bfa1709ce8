// The smallest useful connector plugin: one step that asks for a greeting,
// validated by the plugin, and one action. It shows the C++ layer's shape:
// describe the wizard as data, validate answers, throw console::Error for
// anything that is not a field problem.
#include <console_plugin/console_plugin.hpp>
#include <string>

namespace {

class HelloSession : public console::Session {
 public:
  std::string submit(const std::string& step_id, const std::string& answers_json) override {
    if (step_id != "greeting") throw console::Error(CONSOLE_ERR_UNSUPPORTED, "unknown step '" + step_id + "'");
    auto answers = console::json::parse_object(answers_json, "the greeting answers");
    greeting_ = console::json::get_string(answers, "greeting");
    if (greeting_.empty() || greeting_.size() > 40) {
      return R"({"schema_version":1,"status":"invalid","step":"greeting","complete":false,)"
             R"("fields":{"greeting":{"errors":["Say hello in 1 to 40 characters."],"visible":true}}})";
    }
    return R"({"schema_version":1,"status":"ok","step":"greeting","complete":true})";
  }
  std::string callback(const std::string&) override {
    throw console::Error(CONSOLE_ERR_UNSUPPORTED, "the hello connector never sends a browser anywhere");
  }
  std::string result() override {
    if (greeting_.empty()) throw console::Error(CONSOLE_ERR_INVALID_INPUT, "the wizard is not finished", "greeting");
    rapidjson::Document d(rapidjson::kObjectType);
    auto& a = d.GetAllocator();
    d.AddMember("schema_version", 1, a);
    d.AddMember("type_id", "hello", a);
    d.AddMember("connector_status", "connected", a);
    rapidjson::Value summary(rapidjson::kObjectType);
    summary.AddMember("greeting", rapidjson::Value(greeting_.c_str(), a), a);
    d.AddMember("summary", summary, a);
    d.AddMember("state", rapidjson::Value(rapidjson::kObjectType), a);
    return console::json::to_string(d);
  }

 private:
  std::string greeting_;
};

class HelloType : public console::ConnectorType {
 public:
  const char* type_id() const override { return "hello"; }
  const char* display_name() const override { return "Hello"; }
  std::string describe() override {
    return R"({"schema_version":1,"type_id":"hello","display_name":"Hello","singleton_per_project":false,)"
           R"("steps":[{"id":"greeting","title":"Greeting","fields":[{"id":"greeting","label":"Greeting",)"
           R"("kind":"text","required":true,"validation":{"max_length":40}}]}]})";
  }
  std::unique_ptr<console::Session> open(const std::string& context_json, console::CallContext,
                                         std::string& first_step_json) override {
    console::json::parse_object(context_json, "the session context");
    first_step_json = R"({"schema_version":1,"status":"ok","step":"greeting","complete":false})";
    return std::make_unique<HelloSession>();
  }
  std::string run_action(const std::string&, const std::string& action_id, const std::string&,
                         console::CallContext) override {
    if (action_id != "ping") throw console::Error(CONSOLE_ERR_UNSUPPORTED, "unknown action '" + action_id + "'");
    return R"({"schema_version":1,"connector_status":"connected","display":[{"kind":"check","ok":true,"label":"pong"}]})";
  }
};

class HelloPlugin : public console::Plugin {
 public:
  void init(console::Host&, console::TypeList& types) override { types.push_back(std::make_unique<HelloType>()); }
};

}  // namespace

CONSOLE_PLUGIN_ENTRY(HelloPlugin, "hello", "1.0.0")
