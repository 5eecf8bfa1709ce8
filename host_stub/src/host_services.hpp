// host_services.hpp -- the services table console-host lends each plugin
// (console_plugin.h, console_host_services): logging with levels, progress,
// a clock tests can move, and the plugin's configuration.
//
//   HostServices services(config, redactor);
//   PluginRegistry registry([&](const std::string& id) { return services.table_for(id, types_of(id)); });
//   CallContext ctx{"Sales/SF"};
//   type.session_open(..., &ctx, ...);        // log lines name "Sales/SF"
//
// Log lines go to stderr as "[plugin] level: message" when the level is at
// least the threshold (warn by default; --verbose gives info, CONSOLE_HOST_LOG=debug
// gives debug), always through the Redactor. The clock is the system clock
// plus $CONSOLE_HOST_CLOCK_OFFSET_MS (tests move it).
#ifndef CONSOLE_HOST_HOST_SERVICES_HPP
#define CONSOLE_HOST_HOST_SERVICES_HPP

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "console_plugin/console_plugin.h"
#include "host_config.hpp"
#include "redaction.hpp"

namespace console_host {

// What the host passes as `call_context`: which connector a call is about.
struct CallContext {
  std::string label;
};

// Receives plugin progress reports.
using ProgressSink = std::function<void(const CallContext* ctx, const std::string& step, uint64_t done, uint64_t total,
                                        const std::string& message)>;

// Milliseconds since the epoch, plus the test offset.
int64_t host_now_ms();

// Set once the admin interrupts (SIGINT/SIGTERM) a plugin call; plugins see
// it through console_host_services.is_cancelled (ABI 1.1) and stop long
// actions cleanly before their next remote change ("cancelled", ABI 1.2).
void request_cancel();
bool cancel_requested();

// While at least one is alive, SIGINT and SIGTERM call request_cancel()
// instead of ending the process: the plugin call running stops at its next
// check and returns what is in place, which the host saves. The first signal
// also restores the default action, so a second Ctrl-C ends the process at
// once. Nested and concurrent guards share one installation (the last one
// out restores what was there before).
class InterruptCancels {
 public:
  InterruptCancels();
  ~InterruptCancels();
  InterruptCancels(const InterruptCancels&) = delete;
  InterruptCancels& operator=(const InterruptCancels&) = delete;
};

class HostServices {
 public:
  HostServices(const HostConfig& config, Redactor& redactor);
  ~HostServices();

  // The services table for a plugin (owned by this object, lives as long).
  // Its config_json is config.config_json_for(plugin_id).
  const console_host_services* table_for(const std::string& plugin_id);

  void set_log_threshold(int32_t level) { threshold_ = level; }
  void set_progress_sink(ProgressSink sink);
  Redactor& redactor() { return redactor_; }

  // Writes a host log line under the same rules as plugin lines.
  void log(const std::string& source, const CallContext* ctx, int32_t level, const std::string& message);

 private:
  struct Entry;
  // The C callbacks of the table: none lets an exception out.
  static void log_cb(void* host_data, void* call_context, int32_t level, const char* message) noexcept;
  static void progress_cb(void* host_data, void* call_context, const char* step, uint64_t done, uint64_t total,
                          const char* message) noexcept;
  static int64_t now_cb(void* host_data) noexcept;
  static int32_t is_cancelled_cb(void* host_data, void* call_context) noexcept;

  const HostConfig& config_;
  Redactor& redactor_;
  int32_t threshold_ = CONSOLE_LOG_WARN;
  std::mutex mutex_;
  ProgressSink progress_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_HOST_SERVICES_HPP
