// console_app.hpp -- the Project Console pages `console-host serve` offers:
// projects, a project's Connectors list, the Create connector wizard, a
// connector's page (edit, re-authorize, refresh now, delete), and the OAuth
// callback on the console's own address.
//
// Every request finds (or starts) its browser session from an HttpOnly,
// SameSite=Strict cookie; every POST must carry that session's CSRF token;
// the OAuth `state` of a sign-in is bound to the browser session that
// started it; every answer carries a Content-Security-Policy. No token,
// code or secret is ever written into a page, a URL the console makes, or
// its log.
//
//   ConsoleApp app(parts, config);
//   HttpServer server(config.address, config.port, config.threads,
//                     [&](const HttpRequest& r) { return app.handle(r); }, log);
#ifndef CONSOLE_HOST_SERVE_CONSOLE_APP_HPP
#define CONSOLE_HOST_SERVE_CONSOLE_APP_HPP

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "redaction.hpp"
#include "serve/http_server.hpp"
#include "serve/serve_config.hpp"
#include "serve/web_state.hpp"
#include "store/leased_action.hpp"
#include "store/store.hpp"
#include "wizard/schema.hpp"

namespace console_host {

// What the app needs from the host (all thread-safe).
struct ConsoleParts {
  Store* store = nullptr;
  Redactor* redactor = nullptr;
  ClientForType clients;                        // by type id
  std::vector<FieldOption> types;               // the loaded types (id -> display name)
  std::function<void(const std::string&)> log;  // one line, already free of secrets
};

class ConsoleApp {
 public:
  ConsoleApp(ConsoleParts parts, ServeConfig config);

  HttpResponse handle(const HttpRequest& req);

  // Forgets idle browser sessions and closes abandoned wizard runs.
  void sweep();
  // Refreshes connectors idle longer than keepalive_idle_days, each as its one writer.
  void keep_alive();

 private:
  struct Request;
  HttpResponse route(Request& r);

  HttpResponse projects_page(Request& r);
  HttpResponse connectors_page(Request& r);
  HttpResponse new_connector(Request& r);
  // The handlers of a wizard page get its run locked and marked active.
  using WizardHandler = HttpResponse (ConsoleApp::*)(Request& r, const std::shared_ptr<WizardRun>& run);
  // Finds the run `run_id` of this browser session for `handler`; a 404 page when there is none.
  HttpResponse with_run(Request& r, const std::string& run_id, WizardHandler handler);
  HttpResponse wizard_get(Request& r, const std::shared_ptr<WizardRun>& run);
  HttpResponse wizard_post(Request& r, const std::shared_ptr<WizardRun>& run);
  // Called from a catch block of a wizard step: shows the error on the run's
  // page; a plugin's failure on a rerun is also kept on the connector.
  void show_step_error(WizardRun& run);
  HttpResponse oauth_callback(Request& r);
  HttpResponse oauth_resume(Request& r);
  HttpResponse connector_page(Request& r);
  HttpResponse connector_post(Request& r, const std::string& what);
  HttpResponse status_json(Request& r);

  HttpResponse finish_callback(Request& r, const std::shared_ptr<WizardRun>& run, const std::string& oauth_state,
                               const std::string& redirect_url);
  std::shared_ptr<WizardRun> start_rerun(Request& r, const ConnectorRecord& rec, const std::string& mode,
                                         std::string* error);
  // `schema` when the caller parsed the type's wizard schema already (the
  // create step does, for its singleton check; parsing it again cost as much).
  void open_session(WizardRun& run, const std::string* state_json, std::optional<WizardSchema> schema = std::nullopt);
  void save_run(WizardRun& run);
  // Persists a state a step result carries, under the run's lease (reconfigure/reauthorize).
  void commit_view_state(WizardRun& run);

  ConsoleParts parts_;
  ServeConfig config_;
  WebState state_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_SERVE_CONSOLE_APP_HPP
