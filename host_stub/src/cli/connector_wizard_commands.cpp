// `console-host connector create | reconfigure | reauthorize`: the wizard
// commands. The host asks its own first step (name, description, type),
// then renders the connector type's steps as the plugin leads.
//
// create reserves the connector (a pending row holding its name and its
// project's singleton slot) before the plugin is opened, so a second create
// fails before anyone signs in; the row becomes the connector once the
// wizard is complete, and is removed when the wizard stops. A killed create
// leaves the row "abandoned" (listed, and replaced by the next create).
//
// reconfigure and reauthorize hold the connector's lease from before the
// plugin is opened until the new state is saved, so no refresh can rotate
// the token under the wizard, and every state the plugin hands over (a
// renewed token, what is in place after a failure) is saved at once.
#include <rapidjson/document.h>

#include <iostream>

#include "cli/cli_context.hpp"
#include "cli/commands.hpp"
#include "cli/connector_view.hpp"
#include "cli/wizard_options.hpp"
#include "host_error.hpp"
#include "json_document.hpp"
#include "oauth/callback_listener.hpp"
#include "store/leased_action.hpp"
#include "vocabulary.hpp"
#include "wizard/answer_sources.hpp"
#include "wizard/connector_wizard.hpp"
#include "wizard/display_text.hpp"
#include "wizard/prompter.hpp"
#include "wizard/schema.hpp"
#include "wizard/wizard_engine.hpp"

namespace console_host {

namespace po = boost::program_options;

void add_wizard_options(po::options_description& desc, WizardFlags& f) {
  desc.add_options()("set", po::value(&f.set)->composing(), "an answer: step.field=value (or field=value); repeatable")(
      "answers", po::value(&f.answers_file), "a JSON file of answers: {\"step\": {\"field\": \"value\"}}")(
      "non-interactive", po::bool_switch(&f.non_interactive), "never prompt; fail on a missing or refused answer")(
      "dry-run", po::bool_switch(&f.dry_run), "stop after showing the plan; change and save nothing")(
      "no-browser", po::bool_switch(&f.no_browser), "do not open a browser; only print the sign-in URL")(
      "callback-port", po::value(&f.callback_port), "loopback port for the sign-in redirect (0 = any free port)")(
      "timeout", po::value(&f.timeout_seconds)->notifier(in_range("--timeout", 1, 86400)),
      "seconds to wait for the browser to come back");
}

WizardOptions wizard_options(CliContext& ctx, const WizardFlags& f) {
  WizardOptions o;
  o.interactive = !f.non_interactive && !ctx.globals().json && ctx.term().stdin_is_tty();
  o.dry_run = f.dry_run;
  o.open_browser = !f.no_browser;
  int timeout = f.timeout_seconds > 0 ? f.timeout_seconds : ctx.config().timeout_seconds;
  o.timeout = std::chrono::seconds(timeout);
  for (const auto& s : f.set) add_set_answer(s, o.given);
  if (!f.answers_file.empty()) add_answers_file(f.answers_file, o.given);
  return o;
}

int callback_port(CliContext& ctx, const WizardFlags& f) {
  int port = f.callback_port >= 0 ? f.callback_port : ctx.config().callback_port;
  if (port > 65535) throw HostError(ExitCode::kUsage, "--callback-port must be from 0 to 65535");
  return port;
}

namespace {

// The host's step and the type's steps, as the answers may address them.
std::vector<const WizardStep*> wizard_steps(const WizardStep& host, const WizardSchema& schema) {
  std::vector<const WizardStep*> steps{&host};
  for (const auto& s : schema.steps) steps.push_back(&s);
  return steps;
}

// Gives a lease back when the command ends, however it ends.
struct ReleaseLease {
  Store& store;
  const Lease& lease;
  ~ReleaseLease() { store.release_lease(lease); }
};

// Adds the plan the wizard showed (the one applied, or the one a dry run
// stopped at) to a JSON result as a structured member.
void add_plan(rapidjson::Value& v, const WizardOutcome& outcome, rapidjson::Document::AllocatorType& a) {
  rapidjson::Document plan;
  if (!outcome.plan_json.empty() && try_parse_json(plan, outcome.plan_json))
    v.AddMember("plan", rapidjson::Value(plan, a), a);
  else
    v.AddMember("plan", rapidjson::Value(rapidjson::kNullType), a);
}

void print_saved(CliContext& ctx, const ConnectorRecord& rec, const std::string& verb, const WizardOutcome& outcome) {
  if (ctx.globals().json) {
    rapidjson::Document d;
    d.SetObject();
    rapidjson::Value v = connector_json(rec, d.GetAllocator());
    add_plan(v, outcome, d.GetAllocator());
    std::cout << to_pretty_json(v) << "\n";
    return;
  }
  std::ostream& out = ctx.human();
  out << "\n"
      << ctx.term().green("Connector \"" + rec.name + "\" " + verb + " in project \"" + rec.project + "\".") << "\n";
  print_connector(out, ctx.term(), rec);
}

// A dry run's result: what it would have done, and nothing else.
void print_dry_run(CliContext& ctx, const std::string& project, const std::string& name, const std::string& type_id,
                   const WizardOutcome& outcome, const std::string& words) {
  ctx.human() << words << "\n";
  if (!ctx.globals().json) return;
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  d.AddMember("dry_run", true, a);
  d.AddMember("project", rapidjson::Value(project.c_str(), a), a);
  d.AddMember("name", rapidjson::Value(name.c_str(), a), a);
  d.AddMember("type", rapidjson::Value(type_id.c_str(), a), a);
  add_plan(d, outcome, a);
  std::cout << to_pretty_json(d) << "\n";
}

std::string reauthorize_hint(const ConnectorRecord& rec) {
  return "run `console-host connector reauthorize --project \"" + rec.project + "\" \"" + rec.name + "\"`";
}

// reconfigure and reauthorize: re-run the type's steps on a stored connector.
int rerun_wizard(const Args& args, const std::string& mode) {
  GlobalOptions g;
  WizardFlags f;
  std::string project, name;
  po::options_description desc("connector " + mode);
  desc.add_options()("project,p", po::value(&project), "the project")("name,n", po::value(&name), "the connector");
  add_wizard_options(desc, f);
  add_global_options(desc, g);
  po::positional_options_description pos;
  pos.add("name", 1);
  if (!parse_command(args, "console-host connector " + mode + " --project P NAME [options]", desc, &pos)) return 0;
  CliContext ctx(g);
  ConnectorRecord rec = ctx.connector(project, name, false);
  if (rec.pending) {
    throw HostError(ExitCode::kConflict,
                    "connector \"" + rec.name + "\" in project \"" + rec.project + "\" " +
                        (ctx.store().lease_live(rec) ? "is still being created"
                                                     : "was never finished (its creation was abandoned)"),
                    "create it again with `console-host connector create`, or delete it");
  }
  const RegisteredType& type = ctx.type(rec.type_id);
  auto client = ctx.client(type);
  WizardSchema schema = parse_wizard_schema(client->describe());
  WizardOptions options = wizard_options(ctx, f);
  check_answers_are_known(options.given, wizard_steps(host_step(ctx.type_options()), schema));
  // The one writer from here on: no refresh rotates the token under the
  // wizard, and nothing else can overwrite what it saves. (Taken before the
  // callback port, so a second wizard on this connector waits its turn.)
  Store& store = ctx.store();
  Lease lease = store.acquire_lease(rec.id, mode, kActionLeaseWait);
  ReleaseLease release{store, lease};
  LeaseKeeper keep(store, lease);
  CallbackListener listener(callback_port(ctx, f));
  rec = *store.find_by_id(rec.id, true);
  options.persist_state = [&store, &lease](const std::string& state_json, const std::string& status) {
    commit_step_state(store, lease, state_json, status);
  };
  TerminalPrompter prompter;
  WizardRunner runner(prompter, ctx.term(), ctx.human(), options);
  CallContext call{rec.project + "/" + rec.name};
  ctx.human() << ctx.term().bold((mode == "reauthorize" ? "Re-authorizing" : "Reconfiguring") +
                                 std::string(" connector \"") + rec.name + "\" (" + client->display_name() +
                                 ") in project \"" + rec.project + "\"")
              << "\n";
  std::string first;
  std::string doc_json;
  WizardOutcome outcome;
  // Closed (with its session) only after the new state is saved: closing
  // lets the plugin revoke the authorization the new one replaces.
  std::unique_ptr<WizardEngine> engine;
  try {
    auto session = client->open(
        session_context(mode, rec.project, rec.name, rec.description, listener.redirect_uri(), &rec.state_json), &call,
        first);
    engine = std::make_unique<WizardEngine>(schema, std::move(session), first);
    outcome = runner.run(*engine, listener);
    if (!outcome.completed) {
      print_dry_run(ctx, rec.project, rec.name, rec.type_id, outcome,
                    "Dry run: nothing was changed in the remote system; only a renewed authorization was saved.");
      return 0;
    }
    doc_json = engine->result();
  } catch (const PluginError& e) {
    persist_error_state(store, lease, e);
    if (e.code() == ExitCode::kAuthorization)
      throw HostError(e.code(), e.what(), reauthorize_hint(rec))
          .with_word(e.word())
          .with_field(e.field())
          .with_in_place(e.in_place_json());
    throw;
  }
  commit_rerun(store, lease, doc_json);
  ConnectorRecord saved = *store.find_by_id(rec.id, false);
  print_saved(ctx, saved, mode == "reauthorize" ? "re-authorized" : "reconfigured", outcome);
  if (parse_connector_status(saved.status) == ConnectorStatus::kReauthorizationNeeded) {
    throw HostError(ExitCode::kAuthorization, "the connector needs to be authorized again", reauthorize_hint(saved));
  }
  return 0;
}

}  // namespace

int connector_create(const Args& args) {
  GlobalOptions g;
  WizardFlags f;
  std::string project, name, description, type_id;
  bool description_given = false;
  po::options_description desc("connector create");
  desc.add_options()("project,p", po::value(&project), "the project (created when new)")(
      "name,n", po::value(&name), "the connector's name (unique within the project)")(
      "description", po::value(&description)->notifier([&](const std::string&) { description_given = true; }),
      "an optional description")("type,t", po::value(&type_id), "the connector type (see `plugins list`)");
  add_wizard_options(desc, f);
  add_global_options(desc, g);
  if (!parse_command(args, "console-host connector create --project P [--name N] [--type T] [options]", desc)) return 0;
  if (project.empty()) throw HostError(ExitCode::kUsage, "--project is required", "e.g. --project \"Sales Ops\"");
  project = checked_name("project name", project);
  CliContext ctx(g);
  WizardOptions options = wizard_options(ctx, f);
  if (!name.empty()) options.given[kHostStepId]["name"] = name;
  if (description_given) options.given[kHostStepId]["description"] = description;
  if (!type_id.empty()) options.given[kHostStepId]["type"] = type_id;

  std::vector<FieldOption> types = ctx.type_options();
  if (types.empty()) {
    throw HostError(ExitCode::kNotFound, "no connector type is loaded, so there is nothing to create",
                    "see `console-host plugins list` for refused plugins");
  }
  // A type given up front (--type, --set connector.type, --answers) that is
  // not loaded is "no such connector type" (exit 4), as for every command.
  if (const std::string* given_type = given_answer(options.given, kHostStepId, "type")) ctx.type(*given_type);
  Store& store = ctx.store();
  TerminalPrompter prompter;
  WizardRunner runner(prompter, ctx.term(), ctx.human(), options);
  ctx.human() << ctx.term().bold("Creating a connector in project \"" + project + "\"") << "\n";

  // The host's own step, asked again (on a terminal) while the name is taken.
  WizardStep first_step = host_step(types);
  FieldErrors errors;
  StepAnswers host_answers;
  while (true) {
    host_answers = runner.collect_step(first_step, host_answers, errors);
    errors.clear();
    errors = check_new_connector_name(store, project, host_answers["name"]);
    if (!errors.empty()) {
      auto existing = store.find_connector(project, host_answers["name"], false);
      std::string msg = "project \"" + project + "\" already has a connector named \"" +
                        (existing ? existing->name : host_answers["name"]) + "\"";
      if (!options.interactive) throw HostError(ExitCode::kConflict, msg, "choose another name");
      continue;
    }
    break;
  }
  name = host_answers["name"];
  description = host_answers["description"];
  const RegisteredType& type = ctx.type(host_answers["type"]);
  auto client = ctx.client(type);
  WizardSchema schema = parse_wizard_schema(client->describe());
  check_answers_are_known(options.given, wizard_steps(first_step, schema));
  // The early, friendly check; the reservation below is the one that counts.
  std::string existing_name;
  std::string refusal =
      singleton_refusal(store, project, schema, client->type_id(), client->display_name(), &existing_name);
  if (!refusal.empty()) {
    throw HostError(ExitCode::kConflict, refusal,
                    "reconfigure it with `console-host connector reconfigure --project \"" + project + "\" \"" +
                        existing_name + "\"`, or use another project");
  }

  // Hold the name and the singleton slot before anyone signs in or anything
  // changes in the remote system (or even the callback port is taken); a
  // second create fails here, at once.
  NewConnector c;
  c.project = project;
  c.name = name;
  c.description = description;
  c.type_id = client->type_id();
  c.singleton = schema.singleton_per_project;
  Lease reservation = reserve_new_connector(store, c, client->display_name());
  struct Abandon {
    Store& store;
    const Lease& lease;
    bool done = false;
    ~Abandon() {
      if (!done) store.abandon_reservation(lease);
      store.release_lease(lease);
    }
  } abandon{store, reservation};
  LeaseKeeper keep(store, reservation);
  CallbackListener listener(callback_port(ctx, f));
  CallContext call{project + "/" + name};
  std::string first;
  auto session = client->open(session_context("create", project, name, description, listener.redirect_uri(), nullptr),
                              &call, first);
  WizardEngine engine(schema, std::move(session), first);
  WizardOutcome outcome = runner.run(engine, listener);
  if (!outcome.completed) {
    print_dry_run(ctx, project, name, c.type_id, outcome, "Dry run: nothing was changed or saved.");
    return 0;
  }
  complete_new_connector(store, reservation, engine.result());
  abandon.done = true;
  print_saved(ctx, *store.find_by_id(reservation.connector_id, false), "created", outcome);
  return 0;
}

int connector_reconfigure(const Args& args) { return rerun_wizard(args, "reconfigure"); }
int connector_reauthorize(const Args& args) { return rerun_wizard(args, "reauthorize"); }

}  // namespace console_host
