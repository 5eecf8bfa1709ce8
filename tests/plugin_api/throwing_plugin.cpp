// A C++ plugin whose every entry point throws something different, to prove
// the C++ layer's exception barrier: nothing escapes into the host, and each
// throw becomes a precise error document.
#include <console_plugin/console_plugin.hpp>
#include <stdexcept>
#include <string>

namespace {

class ThrowingSession : public console::Session {
 public:
  std::string submit(const std::string& step, const std::string&) override {
    if (step == "bad_alloc") throw std::bad_alloc();
    throw console::Error(CONSOLE_ERR_INVALID_INPUT, "the step '" + step + "' is wrong", step, false,
                         R"({"hint":"use another step"})");
  }
  std::string callback(const std::string&) override { throw 42; }
  std::string result() override { throw std::logic_error("not finished"); }
};

class ThrowingType : public console::ConnectorType {
 public:
  const char* type_id() const override { return "thrower"; }
  const char* display_name() const override { return "Thrower"; }
  std::string describe() override { throw std::runtime_error("boom"); }
  std::unique_ptr<console::Session> open(const std::string& context_json, console::CallContext,
                                         std::string& first) override {
    console::json::parse_object(context_json, "the session context");
    first = R"({"schema_version":1,"status":"ok","step":"one","complete":false})";
    return std::make_unique<ThrowingSession>();
  }
  std::string run_action(const std::string&, const std::string& action, const std::string&,
                         console::CallContext) override {
    throw console::Error(CONSOLE_ERR_RATE_LIMITED, "slow down: " + action, "", true);
  }
};

class ThrowingPlugin : public console::Plugin {
 public:
  void init(console::Host&, console::TypeList& types) override { types.push_back(std::make_unique<ThrowingType>()); }
};

}  // namespace

CONSOLE_PLUGIN_ENTRY(ThrowingPlugin, "thrower", "1.0.0")
