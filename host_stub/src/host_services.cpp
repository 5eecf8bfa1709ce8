#include "host_services.hpp"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>

namespace console_host {

struct HostServices::Entry {
  HostServices* owner = nullptr;
  std::string plugin_id;
  std::string config_json;
  console_host_services table{};
};

namespace {
std::atomic<bool> g_cancelled{false};

std::mutex g_interrupt_mutex;
int g_interrupt_guards = 0;
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

extern "C" void on_interrupt(int) {
  g_cancelled.store(true);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGINT, &dfl, nullptr);  // a second Ctrl-C ends the process
  sigaction(SIGTERM, &dfl, nullptr);
}
}  // namespace

void request_cancel() { g_cancelled.store(true); }
bool cancel_requested() { return g_cancelled.load(); }

InterruptCancels::InterruptCancels() {
  std::lock_guard<std::mutex> lock(g_interrupt_mutex);
  if (g_interrupt_guards++ > 0) return;
  if (g_cancelled.load()) {  // already asked once: the next signal ends the process
    sigaction(SIGINT, nullptr, &g_previous_int);
    sigaction(SIGTERM, nullptr, &g_previous_term);
    return;
  }
  struct sigaction sa {};
  sa.sa_handler = &on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // the plugin's network calls go on to their end
  sigaction(SIGINT, &sa, &g_previous_int);
  sigaction(SIGTERM, &sa, &g_previous_term);
}

InterruptCancels::~InterruptCancels() {
  std::lock_guard<std::mutex> lock(g_interrupt_mutex);
  if (--g_interrupt_guards > 0) return;
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

int64_t host_now_ms() {
  static const int64_t offset = [] {
    const char* v = std::getenv("CONSOLE_HOST_CLOCK_OFFSET_MS");
    return v == nullptr ? int64_t{0} : static_cast<int64_t>(std::strtoll(v, nullptr, 10));
  }();
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  return static_cast<int64_t>(now.count()) + offset;
}

HostServices::HostServices(const HostConfig& config, Redactor& redactor) : config_(config), redactor_(redactor) {
  for (const auto& s : config.secret_values()) redactor_.add_secret(s);
  const char* level = std::getenv("CONSOLE_HOST_LOG");
  if (level != nullptr) {
    std::string l = level;
    if (l == "debug") threshold_ = CONSOLE_LOG_DEBUG;
    if (l == "info") threshold_ = CONSOLE_LOG_INFO;
    if (l == "error") threshold_ = CONSOLE_LOG_ERROR;
  }
}

HostServices::~HostServices() = default;

const console_host_services* HostServices::table_for(const std::string& plugin_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = entries_[plugin_id];
  if (!slot) {
    slot = std::make_unique<Entry>();
    slot->owner = this;
    slot->plugin_id = plugin_id;
    // Sections are keyed by plugin id or by type id; a type's section is
    // usually named like its plugin, so both are merged by name here.
    slot->config_json = config_.config_json_for(plugin_id, {});
    slot->table.struct_size = sizeof(console_host_services);
    slot->table.host_data = slot.get();
    slot->table.log = &HostServices::log_cb;
    slot->table.progress = &HostServices::progress_cb;
    slot->table.now_ms = &HostServices::now_cb;
    slot->table.config_json = slot->config_json.c_str();
    slot->table.is_cancelled = &HostServices::is_cancelled_cb;
  }
  return &slot->table;
}

void HostServices::set_progress_sink(ProgressSink sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  progress_ = std::move(sink);
}

void HostServices::log(const std::string& source, const CallContext* ctx, int32_t level, const std::string& message) {
  if (level < threshold_) return;
  const char* name = level >= CONSOLE_LOG_ERROR  ? "error"
                     : level >= CONSOLE_LOG_WARN ? "warn"
                     : level >= CONSOLE_LOG_INFO ? "info"
                                                 : "debug";
  std::string line = "[" + source + (ctx != nullptr && !ctx->label.empty() ? " " + ctx->label : "") + "] " + name +
                     ": " + redactor_.redact(message) + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  std::cerr << line << std::flush;
}

// The callbacks below are called from plugin code through the C ABI, so no
// exception may leave them (console_plugin.h: no exceptions cross the
// boundary): each catches everything. A log line or progress report that
// cannot be written (out of memory, a broken stderr, a throwing sink) is
// dropped; the plugin's call goes on.

void HostServices::log_cb(void* host_data, void* call_context, int32_t level, const char* message) noexcept {
  try {
    auto* e = static_cast<Entry*>(host_data);
    if (e == nullptr || message == nullptr) return;
    e->owner->log(e->plugin_id, static_cast<const CallContext*>(call_context), level, message);
  } catch (...) {
  }
}

void HostServices::progress_cb(void* host_data, void* call_context, const char* step, uint64_t done, uint64_t total,
                               const char* message) noexcept {
  try {
    auto* e = static_cast<Entry*>(host_data);
    if (e == nullptr) return;
    ProgressSink sink;
    {
      std::lock_guard<std::mutex> lock(e->owner->mutex_);
      sink = e->owner->progress_;
    }
    if (sink)
      sink(static_cast<const CallContext*>(call_context), step != nullptr ? step : "", done, total,
           e->owner->redactor_.redact(message != nullptr ? message : ""));
  } catch (...) {
  }
}

int64_t HostServices::now_cb(void* /*host_data*/) noexcept {
  try {
    return host_now_ms();
  } catch (...) {
    return 0;
  }
}

int32_t HostServices::is_cancelled_cb(void* /*host_data*/, void* /*call_context*/) noexcept {
  return cancel_requested() ? 1 : 0;  // an atomic load: cannot throw
}

}  // namespace console_host
