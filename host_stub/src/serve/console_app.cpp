#include "serve/console_app.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>

#include "cli/cli_context.hpp"
#include "host_error.hpp"
#include "host_services.hpp"
#include "json_document.hpp"
#include "plugin/connector_type_client.hpp"
#include "serve/html.hpp"
#include "serve/wizard_page.hpp"
#include "store/leased_action.hpp"
#include "wizard/connector_wizard.hpp"

namespace console_host {

namespace http = boost::beast::http;

namespace {

constexpr const char* kCookie = "console_session";

// No inline script or style, no plugins, no framing, forms post only here
// or follow the console's own redirects.
constexpr const char* kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

std::string cookie_value(const HttpRequest& req, const std::string& name) {
  auto it = req.find(http::field::cookie);
  if (it == req.end()) return "";
  std::string all(it->value());
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string part = all.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return "";
}

bool same_token(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string origin_of(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? url : url.substr(0, slash);
}

std::string query_of(const std::string& url) {
  auto q = url.find('?');
  if (q == std::string::npos) return "";
  auto hash = url.find('#', q);
  return url.substr(q + 1, hash == std::string::npos ? std::string::npos : hash - q - 1);
}

// "user:password" from an "Authorization: Basic ..." header, or "".
std::string basic_credentials(const HttpRequest& req) {
  auto it = req.find(http::field::authorization);
  if (it == req.end()) return "";
  std::string v(it->value());
  if (v.rfind("Basic ", 0) != 0) return "";
  std::string b64 = v.substr(6);
  if (b64.empty() || b64.size() > 1024) return "";
  std::string out(b64.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0) return "";
  size_t pad = 0;
  while (pad < 2 && pad < b64.size() && b64[b64.size() - 1 - pad] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string status_label(const std::string& status) {
  if (status == "connected") return "Connected";
  if (status == "reauthorization_needed") return "Re-authorization needed";
  if (status == "pending" || status == "creating") return "Pending";
  if (status == "failed") return "Failed";
  return status;
}

std::string type_name(const std::vector<FieldOption>& types, const std::string& id) {
  for (const auto& t : types)
    if (t.value == id) return t.label;
  return id;
}

}  // namespace

struct ConsoleApp::Request {
  const HttpRequest& req;
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> form;
  std::shared_ptr<BrowserSession> session;
  bool new_session = false;
  const ServeConfig& config;

  HttpResponse respond(http::status status, const std::string& type, std::string body) const {
    HttpResponse res{status, req.version()};
    res.set(http::field::content_type, type);
    res.set(http::field::cache_control, "no-store");
    res.set("Content-Security-Policy", kCsp);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    // The console's addresses never travel to another site as a Referer;
    // same-origin (not no-referrer) so that form posts carry a real Origin.
    res.set("Referrer-Policy", "same-origin");
    if (new_session && session)
      res.set(http::field::set_cookie, std::string(kCookie) + "=" + session->id +
                                           "; Path=/; HttpOnly; SameSite=Strict" + (config.secure() ? "; Secure" : ""));
    res.body() = std::move(body);
    return res;
  }
  HttpResponse html(const std::string& body, http::status status = http::status::ok) const {
    return respond(status, "text/html; charset=utf-8", body);
  }
  HttpResponse redirect(const std::string& location) const {
    HttpResponse res = respond(http::status::see_other, "text/plain; charset=utf-8", "");
    res.set(http::field::location, location);
    return res;
  }
  HttpResponse message(http::status status, const std::string& title, const std::string& text,
                       const std::string& project = "") const {
    return html(page_shell(title, project,
                           "<h1>" + html_escape(title) + "</h1><p class=\"alert\" role=\"alert\">" + html_escape(text) +
                               "</p><p><a href=\"/projects\">Back to the console</a></p>"),
                status);
  }
};

ConsoleApp::ConsoleApp(ConsoleParts parts, ServeConfig config) : parts_(std::move(parts)), config_(std::move(config)) {}

HttpResponse ConsoleApp::handle(const HttpRequest& req) {
  Request r{req, target_path(std::string(req.target())), {}, {}, nullptr, false, config_};
  r.query = parse_form(query_of(std::string(req.target())));
  try {
    return route(r);
  } catch (const std::exception& e) {
    if (parts_.log) parts_.log("serve: " + parts_.redactor->redact(e.what()));
    return r.message(http::status::internal_server_error, "Something went wrong", parts_.redactor->redact(e.what()));
  }
}

HttpResponse ConsoleApp::route(Request& r) {
  const auto method = r.req.method();
  if (config_.requires_login() &&
      !same_token(basic_credentials(r.req), config_.admin_user + ":" + config_.admin_password)) {
    HttpResponse res = r.respond(http::status::unauthorized, "text/plain; charset=utf-8",
                                 "The Project Console needs the admin credential.\n");
    res.set(http::field::www_authenticate, "Basic realm=\"Smart Flows Project Console\", charset=\"UTF-8\"");
    return res;
  }
  // Static assets and the status document need no session.
  if (method == http::verb::get && r.path == "/static/console.css")
    return r.respond(http::status::ok, "text/css; charset=utf-8", console_css());
  if (method == http::verb::get && r.path == "/static/wizard.js")
    return r.respond(http::status::ok, "text/javascript; charset=utf-8", wizard_js());
  if (method == http::verb::get && r.path == "/status") return status_json(r);
  if (method == http::verb::get && r.path == "/favicon.ico")
    return r.respond(http::status::not_found, "text/plain", "");

  const auto now = std::chrono::steady_clock::now();
  r.session = state_.session_for(cookie_value(r.req, kCookie), now, &r.new_session);

  if (method == http::verb::post) {
    // A POST must come from this console's own pages: the session's CSRF
    // token in the form, and (when the browser says) the console's origin.
    auto origin = r.req.find(http::field::origin);
    if (origin != r.req.end() && std::string(origin->value()) != origin_of(config_.public_url))
      return r.message(http::status::forbidden, "Request refused", "The form was not sent from this console's pages.");
    auto type = r.req.find(http::field::content_type);
    if (type == r.req.end() || std::string(type->value()).rfind("application/x-www-form-urlencoded", 0) != 0)
      return r.message(http::status::unsupported_media_type, "Request refused",
                       "Forms are sent as application/x-www-form-urlencoded.");
    r.form = parse_form(r.req.body());
    if (r.new_session || !same_token(r.form["_csrf"], r.session->csrf))
      return r.message(
          http::status::forbidden, "Request refused",
          "The form's security token is missing or out of date (CSRF check). Reload the page and try again.");
  }

  if (method == http::verb::get && (r.path == "/" || r.path == "/projects")) {
    if (r.path == "/") return r.redirect("/projects");
    return projects_page(r);
  }
  if (method == http::verb::get && r.path == "/connectors") return connectors_page(r);
  if (method == http::verb::post && r.path == "/connectors/new") return new_connector(r);
  if (r.path.rfind("/wizard/", 0) == 0) {
    std::string id = r.path.substr(8);
    if (method == http::verb::get) return with_run(r, id, &ConsoleApp::wizard_get);
    if (method == http::verb::post) return with_run(r, id, &ConsoleApp::wizard_post);
  }
  if (method == http::verb::get && r.path == "/oauth/callback") return oauth_callback(r);
  if (method == http::verb::get && r.path == "/oauth/resume") return oauth_resume(r);
  if (method == http::verb::get && r.path == "/connector") return connector_page(r);
  if (method == http::verb::post && r.path.rfind("/connector/", 0) == 0) return connector_post(r, r.path.substr(11));
  return r.message(http::status::not_found, "Not found", "There is no page at this address.");
}

HttpResponse ConsoleApp::status_json(Request& r) {
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  d.AddMember("browser_sessions", static_cast<uint64_t>(state_.session_count()), a);
  d.AddMember("wizard_runs", static_cast<uint64_t>(state_.run_count()), a);
  d.AddMember("open_plugin_sessions", static_cast<uint64_t>(state_.open_plugin_sessions()), a);
  return r.respond(http::status::ok, "application/json", to_json(d));
}

HttpResponse ConsoleApp::projects_page(Request& r) {
  std::string body = "<h1>Projects</h1>";
  auto projects = parts_.store->list_projects();
  if (projects.empty()) {
    body += "<p>No project has a connector yet.</p>";
  } else {
    body += "<table><thead><tr><th scope=\"col\">Project</th><th scope=\"col\">Connectors</th></tr></thead><tbody>";
    for (const auto& p : projects)
      body += "<tr><td><a href=\"/connectors?project=" + url_encode(p.name) + "\">" + html_escape(p.name) +
              "</a></td><td>" + std::to_string(p.connector_count) + "</td></tr>";
    body += "</tbody></table>";
  }
  body +=
      "<h2>Open a project</h2><form method=\"get\" action=\"/connectors\"><div class=\"field\">"
      "<label for=\"f-project\">Project</label><input type=\"text\" id=\"f-project\" name=\"project\" required>"
      "</div><div class=\"actions\"><button type=\"submit\">Open</button></div></form>";
  return r.html(page_shell("Projects", "", body));
}

HttpResponse ConsoleApp::connectors_page(Request& r) {
  const std::string project = r.query["project"];
  if (project.empty()) return r.redirect("/projects");
  std::string body = "<h1>Connectors</h1>";
  const std::string done = r.query["deleted"];
  if (!done.empty())
    body += "<p class=\"notice\" role=\"status\">Connector \"" + html_escape(done) + "\" deleted" +
            (r.query["uninstalled"] == "1" ? " (what it installed was removed first)" : "") + ".</p>";
  body += "<form method=\"post\" action=\"/connectors/new\">" + csrf_input(r.session->csrf) +
          "<input type=\"hidden\" name=\"project\" value=\"" + html_escape(project) +
          "\">"
          "<div class=\"actions\"><button type=\"submit\">+Create</button></div></form>";
  auto rows = parts_.store->list_connectors(project);
  body +=
      "<table aria-label=\"Connectors\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Type</th>"
      "<th scope=\"col\">Description</th><th scope=\"col\">Status</th><th scope=\"col\">Last "
      "used</th></tr></thead><tbody>";
  for (const auto& c : rows) {
    // A reservation is "pending" while its creator holds it; once abandoned, its creation failed.
    std::string status = c.pending ? (parts_.store->lease_live(c) ? "pending" : "failed") : c.status;
    body += "<tr><td><a href=\"/connector?project=" + url_encode(project) + "&amp;name=" + url_encode(c.name) + "\">" +
            html_escape(c.name) + "</a></td><td>" + html_escape(type_name(parts_.types, c.type_id)) + "</td><td>" +
            html_escape(c.description) + "</td><td class=\"status-" + html_escape(status) + "\">" +
            html_escape(status_label(status)) + "</td><td>" + html_escape(format_time(c.last_used_ms)) + "</td></tr>";
  }
  if (rows.empty()) body += "<tr><td colspan=\"5\">No connector yet.</td></tr>";
  body += "</tbody></table>";
  return r.html(page_shell("Connectors", project, body));
}

HttpResponse ConsoleApp::new_connector(Request& r) {
  const std::string project = r.form["project"];
  if (project.empty()) return r.redirect("/projects");
  auto run = std::make_shared<WizardRun>();
  run->id = random_token();
  run->owner = r.session->id;
  run->mode = "create";
  run->project = project;
  run->last_active = std::chrono::steady_clock::now();
  state_.add_run(run);
  return r.redirect("/wizard/" + run->id);
}

HttpResponse ConsoleApp::with_run(Request& r, const std::string& run_id, WizardHandler handler) {
  auto run = state_.find_run(run_id, r.session->id);
  if (!run)
    return r.message(
        http::status::not_found, "Wizard not found",
        "This wizard is not open in this browser session (it may have expired). Start again from the Connectors page.");
  std::lock_guard<std::mutex> lock(run->mutex);
  run->last_active = std::chrono::steady_clock::now();
  return (this->*handler)(r, run);
}

HttpResponse ConsoleApp::wizard_get(Request& r, const std::shared_ptr<WizardRun>& run) {
  return r.html(render_wizard_page(*run, r.session->csrf, host_step(parts_.types)));
}

void ConsoleApp::open_session(WizardRun& run, const std::string* state_json, std::optional<WizardSchema> schema) {
  run.client = parts_.clients(run.type_id);
  if (!run.client) throw HostError(ExitCode::kNotFound, "connector type \"" + run.type_id + "\" is not loaded");
  if (!schema) schema = parse_wizard_schema(run.client->describe());
  run.display_name = run.client->display_name();
  run.call = std::make_unique<CallContext>(CallContext{run.project + "/" + run.name});
  std::string first;
  auto session = run.client->open(
      session_context(run.mode, run.project, run.name, run.description, config_.redirect_uri(), state_json),
      run.call.get(), first);
  run.steps.clear();
  for (const auto& s : schema->steps) run.steps.emplace_back(s.id, s.title);
  run.engine = std::make_unique<WizardEngine>(std::move(*schema), std::move(session), first);
}

void ConsoleApp::commit_view_state(WizardRun& run) {
  if (!run.hold || run.mode == "create" || !run.engine) return;
  const auto& doc = run.engine->view().doc;
  const auto* st = json_member(doc, "state");
  if (st != nullptr && st->IsObject())
    commit_step_state(*parts_.store, run.hold->lease, to_json(*st), json_string(doc, "connector_status"));
}

void ConsoleApp::save_run(WizardRun& run) {
  std::string doc = run.engine->result();
  if (!run.hold) throw HostError(ExitCode::kConflict, "the wizard no longer holds its connector");
  if (run.mode == "create") {
    complete_new_connector(*parts_.store, run.hold->lease, doc);
    run.hold->completed = true;
  } else {
    commit_rerun(*parts_.store, run.hold->lease, doc);
  }
  run.saved = true;
  run.saved_name = run.name;
  // Done with the plugin: close its session now rather than at expiry.
  run.saved_display_html = render_display(run.engine->view().display(), false);
  run.engine.reset();
  run.call.reset();
  run.client.reset();
  run.hold.reset();
}

HttpResponse ConsoleApp::wizard_post(Request& r, const std::shared_ptr<WizardRun>& run) {
  run->error.clear();
  const std::string what = r.form["_do"];
  const std::string back = "/wizard/" + run->id;
  if (what == "cancel") {
    state_.remove_run(run->id);
    if (run->mode != "create")
      return r.redirect("/connector?project=" + url_encode(run->project) + "&name=" + url_encode(run->name));
    return r.redirect("/connectors?project=" + url_encode(run->project));
  }
  if (run->saved) return r.redirect(back);
  try {
    if (!run->engine) {
      // The host's own step: Name, Description, Type.
      WizardStep host = host_step(parts_.types);
      StepAnswers values;
      for (const auto& f : host.fields)
        if (r.form.count(f.id) != 0) values[f.id] = normalise_answer(f, r.form[f.id]);
      FieldErrors errors = validate_step(host, values, {});
      if (errors.count("name") == 0) {
        FieldErrors taken = check_new_connector_name(*parts_.store, run->project, values["name"]);
        errors.insert(taken.begin(), taken.end());
      }
      run->host_values = values;
      run->host_errors = errors;
      if (!errors.empty()) return r.redirect(back);
      run->name = values["name"];
      run->description = values["description"];
      run->type_id = values["type"];
      auto client = parts_.clients(run->type_id);
      if (!client) {
        run->host_errors["type"].push_back("is not a loaded connector type");
        return r.redirect(back);
      }
      WizardSchema schema = parse_wizard_schema(client->describe());
      std::string refusal =
          singleton_refusal(*parts_.store, run->project, schema, client->type_id(), client->display_name());
      if (!refusal.empty()) {
        run->host_errors["type"].push_back(refusal);
        return r.redirect(back);
      }
      // Hold the name and the singleton slot before anyone signs in.
      NewConnector c;
      c.project = run->project;
      c.name = run->name;
      c.description = run->description;
      c.type_id = client->type_id();
      c.singleton = schema.singleton_per_project;
      try {
        run->hold = std::make_unique<RunLease>(*parts_.store,
                                               reserve_new_connector(*parts_.store, c, client->display_name()), true);
      } catch (const HostError& e) {
        if (e.code() != ExitCode::kConflict) throw;
        run->host_errors["name"].push_back(parts_.redactor->redact(e.what()));
        return r.redirect(back);
      }
      try {
        open_session(*run, nullptr, std::move(schema));
      } catch (...) {
        // Back to the host step with nothing held: Next tries again from scratch.
        run->engine.reset();
        run->call.reset();
        run->client.reset();
        run->hold.reset();
        throw;
      }
      return r.redirect(back);
    }
    WizardEngine& engine = *run->engine;
    if (run->holding) {
      // Next after the browser came back: show the step the plugin moved to.
      if (what == "next") run->holding = false;
      return r.redirect(back);
    }
    const StepView& v = engine.view();
    if (v.complete) {
      save_run(*run);
      return r.redirect(back);
    }
    const std::string step_id = v.step_id;
    if (v.answerable() && (what == "next" || what == "action")) {
      StepAnswers answers;
      for (const auto& f : v.step->fields)
        if (f.answerable() && r.form.count(f.id) != 0) answers[f.id] = r.form[f.id];
      engine.submit(answers);
    } else if (what == "action" || what == "finish") {
      engine.press();
    } else {
      return r.redirect(back);
    }
    commit_view_state(*run);
    const StepView& after = engine.view();
    if (after.status == StepStatus::kBrowser) {
      std::string oauth_state = parse_form(query_of(after.browser_url))["state"];
      if (oauth_state.empty()) {
        run->error =
            "The sign-in address the connector type gave carries no state parameter, so the console cannot "
            "bind the sign-in to this browser; it was not opened.";
        return r.redirect(back);
      }
      if (!run->oauth_state.empty()) state_.unbind_oauth_state(run->oauth_state);
      run->oauth_state = oauth_state;
      run->action_step = step_id;
      state_.bind_oauth_state(oauth_state, run->id);
      return r.redirect(after.browser_url);
    }
    if (after.complete) save_run(*run);
  } catch (const HostError&) {
    show_step_error(*run);
  }
  return r.redirect(back);
}

void ConsoleApp::show_step_error(WizardRun& run) {
  try {
    throw;
  } catch (const PluginError& e) {
    if (run.hold && run.mode != "create") persist_error_state(*parts_.store, run.hold->lease, e);
    run.error = parts_.redactor->redact(e.what());
  } catch (const HostError& e) {
    run.error = parts_.redactor->redact(e.what());
  }
}

HttpResponse ConsoleApp::oauth_callback(Request& r) {
  const std::string oauth_state = r.query["state"];
  auto run = oauth_state.empty() ? nullptr : state_.run_for_oauth_state(oauth_state);
  if (!run)
    return r.message(http::status::bad_request, "Sign-in not recognised",
                     "This sign-in is unknown or has expired. Start the wizard again from the Connectors page.");
  const std::string url = config_.public_url + std::string(r.req.target());
  if (run->owner != r.session->id) {
    if (r.new_session) {
      // The browser came back without the session cookie (a cross-site
      // redirect does not carry a SameSite=Strict cookie). Park the
      // redirect and let the page come back to this console by itself:
      // that request is same-site and carries the cookie.
      state_.park_redirect(oauth_state, url);
      HttpResponse res = r.html(page_shell("Returning to the console", "",
                                           "<h1>Returning to the console...</h1><p><a href=\"/oauth/resume?state=" +
                                               url_encode(oauth_state) + "\">Continue</a></p>"));
      res.set("Refresh", "0; url=/oauth/resume?state=" + url_encode(oauth_state));
      return res;
    }
    return r.message(http::status::forbidden, "Sign-in refused",
                     "This sign-in was started in another browser session, so it was refused. Finish it in the "
                     "browser that started it.");
  }
  return finish_callback(r, run, oauth_state, url);
}

HttpResponse ConsoleApp::oauth_resume(Request& r) {
  const std::string oauth_state = r.query["state"];
  auto run = oauth_state.empty() ? nullptr : state_.run_for_oauth_state(oauth_state);
  if (!run || run->owner != r.session->id)
    return r.message(http::status::forbidden, "Sign-in refused",
                     "This sign-in was started in another browser session, or has expired, so it was refused.");
  auto url = state_.take_parked(oauth_state);
  if (!url) return r.redirect("/wizard/" + run->id);
  return finish_callback(r, run, oauth_state, *url);
}

HttpResponse ConsoleApp::finish_callback(Request& r, const std::shared_ptr<WizardRun>& run,
                                         const std::string& oauth_state, const std::string& redirect_url) {
  std::lock_guard<std::mutex> lock(run->mutex);
  run->last_active = std::chrono::steady_clock::now();
  run->error.clear();
  const std::string back = "/wizard/" + run->id;
  // Only the sign-in the run is waiting for (not an older one it replaced).
  if (run->oauth_state != oauth_state || !run->engine || run->saved) return r.redirect(back);
  state_.unbind_oauth_state(run->oauth_state);
  run->oauth_state.clear();
  try {
    const StepView& v = run->engine->callback(redirect_url);
    commit_view_state(*run);
    // Show the browser's result under the button that sent it away; Next moves on.
    run->holding = v.status == StepStatus::kOk && !v.complete && v.step_id != run->action_step;
    if (v.complete) save_run(*run);
  } catch (const HostError&) {
    show_step_error(*run);
  }
  // Off the callback URL at once, so the code leaves the address bar and history.
  return r.redirect(back);
}

std::shared_ptr<WizardRun> ConsoleApp::start_rerun(Request& r, const ConnectorRecord& rec, const std::string& mode,
                                                   std::string* error) {
  auto run = std::make_shared<WizardRun>();
  run->id = random_token();
  run->owner = r.session->id;
  run->mode = mode;
  run->project = rec.project;
  run->name = rec.name;
  run->description = rec.description;
  run->type_id = rec.type_id;
  run->connector_id = rec.id;
  run->last_active = std::chrono::steady_clock::now();
  try {
    if (rec.pending)
      throw HostError(ExitCode::kConflict,
                      "Connector \"" + rec.name + "\" was never finished; create it again or delete it.");
    // The one writer from here to Finish: no refresh rotates the token under the wizard.
    std::string holder;
    auto lease = parts_.store->try_acquire_lease(rec.id, mode, Store::kLeaseTtlMs, &holder);
    if (!lease)
      throw HostError(ExitCode::kConflict, "Connector \"" + rec.name + "\" is being changed elsewhere (" + holder +
                                               "); try again when that is done.");
    run->hold = std::make_unique<RunLease>(*parts_.store, *lease, false);
    auto current = parts_.store->find_by_id(rec.id, true);
    if (!current) throw HostError(ExitCode::kNotFound, "the connector was deleted meanwhile");
    run->connector_version = current->version;
    open_session(*run, &current->state_json);
  } catch (const HostError& e) {
    *error = parts_.redactor->redact(e.what());
    return nullptr;
  }
  state_.add_run(run);
  return run;
}

namespace {

std::string summary_html(const std::string& summary_json) {
  rapidjson::Document d;
  if (!try_parse_json(d, summary_json) || !d.IsObject() || d.MemberCount() == 0) return "";
  std::string out = "<dl class=\"summary\">";
  for (auto& m : d.GetObject()) {
    out +=
        "<dt>" + html_escape(m.name.GetString()) + "</dt><dd>" +
        (m.value.IsObject() || m.value.IsArray() ? render_json_html(m.value) : html_escape(json_scalar_text(m.value))) +
        "</dd>";
  }
  return out + "</dl>";
}

}  // namespace

HttpResponse ConsoleApp::connector_page(Request& r) {
  const std::string project = r.query["project"];
  const std::string name = r.query["name"];
  auto rec = parts_.store->find_connector(project, name, false);
  if (!rec)
    return r.message(http::status::not_found, "Connector not found",
                     "Project \"" + project + "\" has no connector named \"" + name + "\".", project);
  const std::string flash = r.query["done"] == "refreshed" ? "Refreshed: the connection is renewed." : "";
  std::string body = "<h1>" + html_escape(rec->name) + "</h1>";
  if (!flash.empty()) body += "<p class=\"notice\" role=\"status\">" + html_escape(flash) + "</p>";
  const std::string dn = type_name(parts_.types, rec->type_id);
  body += "<dl class=\"summary\"><dt>Type</dt><dd>" + html_escape(dn) + "</dd><dt>Description</dt><dd>" +
          html_escape(rec->description) + "</dd><dt>Status</dt><dd class=\"status-" + html_escape(rec->status) + "\">" +
          html_escape(status_label(rec->status)) + "</dd><dt>Last used</dt><dd>" +
          html_escape(format_time(rec->last_used_ms)) + "</dd></dl>";
  body += "<h2>Details</h2>" + summary_html(rec->summary_json);
  auto hidden = csrf_input(r.session->csrf) + "<input type=\"hidden\" name=\"project\" value=\"" +
                html_escape(rec->project) + "\"><input type=\"hidden\" name=\"name\" value=\"" +
                html_escape(rec->name) + "\">";
  body +=
      "<div class=\"actions\">"
      "<form method=\"post\" action=\"/connector/edit\">" +
      hidden +
      "<button type=\"submit\">Edit</button></form>"
      "<form method=\"post\" action=\"/connector/reauthorize\">" +
      hidden +
      "<button type=\"submit\" class=\"secondary\">Re-authorize</button></form>"
      "<form method=\"post\" action=\"/connector/refresh\">" +
      hidden + "<button type=\"submit\" class=\"secondary\">Refresh now</button></form></div>";
  body += "<h2>Delete</h2><form method=\"post\" action=\"/connector/delete\">" + hidden +
          "<div class=\"field\"><input type=\"checkbox\" id=\"f-uninstall\" name=\"uninstall\" value=\"true\"> "
          "<label for=\"f-uninstall\">Also remove what Smart Flows installed in " +
          html_escape(dn) +
          "</label></div>"
          "<div class=\"actions\"><button type=\"submit\" class=\"danger\">Delete</button></div></form>";
  body += "<p><a href=\"/connectors?project=" + url_encode(rec->project) + "\">Back to Connectors</a></p>";
  return r.html(page_shell(rec->name, rec->project, body));
}

HttpResponse ConsoleApp::connector_post(Request& r, const std::string& what) {
  const std::string project = r.form["project"];
  const std::string name = r.form["name"];
  auto rec = parts_.store->find_connector(project, name, true);
  if (!rec)
    return r.message(http::status::not_found, "Connector not found",
                     "Project \"" + project + "\" has no connector named \"" + name + "\".", project);
  const std::string page = "/connector?project=" + url_encode(project) + "&name=" + url_encode(name);
  auto fail = [&](const std::string& text) {
    return r.html(
        page_shell(rec->name, project,
                   "<h1>" + html_escape(rec->name) + "</h1><p class=\"alert\" role=\"alert\">" + html_escape(text) +
                       "</p><p><a href=\"" + html_escape(page) + "\">Back to the connector</a></p>"),
        http::status::ok);
  };
  if (what == "edit" || what == "reauthorize") {
    std::string error;
    auto run = start_rerun(r, *rec, what == "edit" ? "reconfigure" : "reauthorize", &error);
    if (!run) return fail(error);
    return r.redirect("/wizard/" + run->id);
  }
  if (what == "refresh") {
    ActionReport rep = run_leased_action(*parts_.store, rec->id, "refresh", parts_.clients, *parts_.redactor);
    if (!rep.ok)
      return fail(
          "Refreshing failed: " + rep.message +
          (rep.status == ConnectorStatus::kReauthorizationNeeded ? " The connector needs to be re-authorized." : ""));
    return r.redirect(page + "&done=refreshed");
  }
  if (what == "delete") {
    const bool uninstall = r.form["uninstall"] == "true";
    // Uninstall, revoke and delete under one lease: nothing may refresh (and
    // rotate) the token between its last use and its revocation.
    Lease lease = parts_.store->acquire_lease(rec->id, "delete", kActionLeaseWait);
    struct Release {
      Store& store;
      const Lease& lease;
      ~Release() { store.release_lease(lease); }
    } release{*parts_.store, lease};
    LeaseKeeper keep(*parts_.store, lease);
    auto current = parts_.store->find_by_id(rec->id, false);
    const bool abandoned = current && current->pending;  // a creation that never finished holds no token
    std::unique_ptr<ConnectorTypeClient> client = abandoned ? nullptr : parts_.clients(rec->type_id);
    DeleteReport rep =
        delete_connector_leased(*parts_.store, lease, client.get(), uninstall && !abandoned, *parts_.redactor);
    if (!rep.deleted) return fail("Uninstalling failed: " + rep.uninstall.message + "; the connector was kept.");
    if (!rep.revoke_warning.empty() && parts_.log)
      parts_.log("serve: the authorization of " + project + "/" + name +
                 " could not be revoked: " + rep.revoke_warning);
    return r.redirect("/connectors?project=" + url_encode(project) + "&deleted=" + url_encode(name) +
                      (uninstall ? "&uninstalled=1" : ""));
  }
  return r.message(http::status::not_found, "Not found", "There is no such action.", project);
}

void ConsoleApp::sweep() {
  size_t dropped = state_.sweep(std::chrono::steady_clock::now(), std::chrono::minutes(config_.session_idle_minutes),
                                std::chrono::seconds(config_.wizard_idle_seconds));
  if (dropped > 0 && parts_.log) parts_.log("serve: closed " + std::to_string(dropped) + " abandoned wizard run(s)");
}

void ConsoleApp::keep_alive() {
  if (config_.keepalive_idle_days <= 0) return;
  const int64_t cutoff = host_now_ms() - static_cast<int64_t>(config_.keepalive_idle_days * 86400000.0);
  for (const auto& c : parts_.store->list_connectors()) {
    if (c.pending || c.last_used_ms >= cutoff ||
        parse_connector_status(c.status) == ConnectorStatus::kReauthorizationNeeded)
      continue;
    // A connector someone is changing right now is fresh enough: skip it rather than wait.
    ActionReport rep = run_leased_action(*parts_.store, c.id, "refresh", parts_.clients, *parts_.redactor, "{}",
                                         std::chrono::milliseconds(0));
    if (parts_.log)
      parts_.log(
          "serve: keep-alive refresh of " + c.project + "/" + c.name + ": " +
          (rep.ok ? "ok"
                  : to_string(rep.code) +
                        (rep.status == ConnectorStatus::kReauthorizationNeeded ? " (re-authorization needed)" : "")));
  }
}

}  // namespace console_host
