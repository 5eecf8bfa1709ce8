// web_state.hpp -- what `serve` remembers between requests: browser
// sessions (cookie id -> CSRF token) and wizard runs (one plugin session
// each, owned by one browser session), and the OAuth `state` of each run
// that is waiting for the browser to come back.
//
// Every map is behind one mutex held only to look up or change it; a run
// has its own mutex, held for the whole of a request on it, so its plugin
// session is never called from two threads at once. Runs are shared_ptrs:
// expiring one drops the map's reference, and the plugin session closes
// when the last request using it ends.
//
//   auto s = state.session_for(cookie_id);            // new when unknown
//   auto run = state.add_run(s->id, std::make_shared<WizardRun>(...));
//   state.bind_oauth_state(oauth_state, run->id);
//   state.sweep(now);                                 // forget what idled out
#ifndef CONSOLE_HOST_SERVE_WEB_STATE_HPP
#define CONSOLE_HOST_SERVE_WEB_STATE_HPP

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host_services.hpp"
#include "plugin/connector_type_client.hpp"
#include "store/store.hpp"
#include "wizard/field_validation.hpp"
#include "wizard/schema.hpp"
#include "wizard/wizard_engine.hpp"

namespace console_host {

using SteadyTime = std::chrono::steady_clock::time_point;

// 32 random bytes as 64 hex digits (OpenSSL's RAND_bytes).
std::string random_token();

struct BrowserSession {
  std::string id;
  std::string csrf;
  SteadyTime last_seen;
};

// A run's hold on its connector as the one writer (store.hpp): the lease of
// the connector it reconfigures, or the reservation of the one it creates,
// kept alive while the admin takes their time. Dropping it abandons an
// unfinished reservation and gives the lease up.
struct RunLease {
  RunLease(Store& store, Lease lease, bool reservation);
  ~RunLease();
  RunLease(const RunLease&) = delete;
  RunLease& operator=(const RunLease&) = delete;

  Store& store;
  Lease lease;
  bool reservation = false;
  bool completed = false;
  std::unique_ptr<LeaseKeeper> keeper;  // stopped before the lease is given up
};

// One wizard run: the host step, then one plugin session.
struct WizardRun {
  std::mutex mutex;  // held for a whole request on this run
  std::string id;
  std::string owner;  // browser session id
  std::string mode;   // create | reconfigure | reauthorize
  std::string project;
  std::string name;
  std::string description;
  std::string type_id;
  std::string display_name;
  int64_t connector_id = 0;       // reconfigure/reauthorize
  int64_t connector_version = 0;  // the version read when the run started
  std::string stored_state;       // reconfigure/reauthorize: the state handed to the plugin
  SteadyTime last_active;

  // The host step (create) before the plugin session opens.
  StepAnswers host_values;
  FieldErrors host_errors;

  // Declared in this order so the session closes before its client goes,
  // and both before the connector's lease is given up.
  std::unique_ptr<RunLease> hold;
  std::unique_ptr<ConnectorTypeClient> client;
  std::unique_ptr<CallContext> call;
  std::unique_ptr<WizardEngine> engine;

  std::string oauth_state;  // while waiting for the browser
  std::string action_step;  // the step whose button sent the browser away
  bool holding = false;     // show the browser's result under that button until Next
  std::string error;        // a failure not about a field (redacted), shown on top
  bool saved = false;       // complete and persisted
  std::string saved_name;
  std::string saved_display_html;  // what the last step showed; the session is closed once saved
  std::vector<std::pair<std::string, std::string>> steps;  // the type's steps: id, title
};

class WebState {
 public:
  // The session with this id, refreshed; a new one when unknown or empty.
  std::shared_ptr<BrowserSession> session_for(const std::string& id, SteadyTime now, bool* created);
  std::shared_ptr<BrowserSession> find_session(const std::string& id);

  std::shared_ptr<WizardRun> add_run(std::shared_ptr<WizardRun> run);
  // The run, when it exists and belongs to `owner`.
  std::shared_ptr<WizardRun> find_run(const std::string& id, const std::string& owner);
  void remove_run(const std::string& id);

  void bind_oauth_state(const std::string& oauth_state, const std::string& run_id);
  // The run waiting for this state (any owner), or nullptr.
  std::shared_ptr<WizardRun> run_for_oauth_state(const std::string& oauth_state);
  void unbind_oauth_state(const std::string& oauth_state);
  // A redirect that arrived without the session cookie, parked until the
  // same browser comes back for it (one use).
  void park_redirect(const std::string& oauth_state, const std::string& url);
  std::optional<std::string> take_parked(const std::string& oauth_state);

  // Forgets sessions idle longer than `session_idle` and runs idle longer
  // than `run_idle` (or whose session is gone). Returns the runs dropped.
  size_t sweep(SteadyTime now, std::chrono::seconds session_idle, std::chrono::seconds run_idle);

  size_t session_count();
  size_t run_count();
  // Runs that hold an open plugin session.
  size_t open_plugin_sessions();

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<BrowserSession>> sessions_;
  std::map<std::string, std::shared_ptr<WizardRun>> runs_;
  std::map<std::string, std::string> oauth_states_;  // state -> run id
  std::map<std::string, std::string> parked_;        // state -> redirect URL
};

}  // namespace console_host

#endif  // CONSOLE_HOST_SERVE_WEB_STATE_HPP
