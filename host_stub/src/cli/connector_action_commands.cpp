// `console-host connector refresh | delete`: actions on stored connectors
// outside the wizard. Each runs as the connector's one writer (a lease in the
// store): whatever state an action returns (a rotated refresh token, a new
// status, what is in place after a failure) is persisted before anyone else
// may use the connector, even when the action failed.
#include <rapidjson/document.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/cli_context.hpp"
#include "cli/commands.hpp"
#include "cli/connector_view.hpp"
#include "host_error.hpp"
#include "host_services.hpp"
#include "json_document.hpp"
#include "store/leased_action.hpp"
#include "wizard/connector_wizard.hpp"
#include "wizard/prompter.hpp"
#include "wizard/wizard_runner.hpp"

namespace console_host {

namespace po = boost::program_options;

namespace {

ClientForType client_for(CliContext& ctx) {
  return [&ctx](const std::string& type_id) -> std::unique_ptr<ConnectorTypeClient> {
    const RegisteredType* type = ctx.registry().find_type(type_id);
    return type == nullptr ? nullptr : ctx.client(*type);
  };
}

// Runs `action_id` on a stored connector as its one writer and persists
// what it returned (store/leased_action.hpp).
ActionReport run_and_persist(CliContext& ctx, int64_t id, const std::string& action_id) {
  return run_leased_action(ctx.store(), id, action_id, client_for(ctx), ctx.redactor());
}

// What is in place after a failed action, when its error says so (the
// summary in the error document's detail), for --json; else "".
std::string in_place_of(const ActionReport& r) {
  rapidjson::Document d;
  if (r.ok || !try_parse_json(d, r.document) || !d.IsObject()) return "";
  const auto* detail = json_member(d, "detail");
  const auto* summary = detail != nullptr ? json_member(*detail, "summary") : nullptr;
  return summary != nullptr && summary->IsObject() ? to_json(*summary) : "";
}

int refresh_all(CliContext& ctx, double idle_over_days, int jobs) {
  ctx.store().check_writable();  // before the first token is spent
  std::vector<ConnectorRecord> all = ctx.store().list_connectors();
  // A connector being created (or abandoned while created) has no tokens yet.
  all.erase(std::remove_if(all.begin(), all.end(), [](const ConnectorRecord& c) { return c.pending; }), all.end());
  if (idle_over_days > 0) {
    const int64_t cutoff = host_now_ms() - static_cast<int64_t>(idle_over_days * 86400000.0);
    all.erase(
        std::remove_if(all.begin(), all.end(), [&](const ConnectorRecord& c) { return c.last_used_ms >= cutoff; }),
        all.end());
  }
  ctx.registry();  // load plugins before the workers start
  // Ctrl-C cancels the refreshes running and starts no more, for the whole run.
  InterruptCancels interrupts;

  const size_t total = all.size();
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<size_t> failed{0};
  std::mutex mutex;
  std::vector<std::pair<const ConnectorRecord*, ActionReport>> failures;
  const bool tty = ctx.term().stderr_is_tty();
  size_t last_printed = 0;
  auto progress = [&](bool final) {
    std::lock_guard<std::mutex> lock(mutex);
    size_t d = done.load();
    // On a terminal one line redrawn in place; otherwise a line per tenth.
    if (!tty && !final && d != total && (total < 10 || d - last_printed < total / 10)) return;
    last_printed = d;
    std::cerr << (tty ? "\r" : "") << "refresh: " << d << "/" << total << " done, " << failed.load() << " failed"
              << (tty && !final ? "" : "\n") << std::flush;
  };
  if (total == 0) {
    ctx.human() << "No connector to refresh" << (idle_over_days > 0 ? " (none idle for that long)" : "") << ".\n";
  } else {
    progress(false);
    std::vector<std::thread> workers;
    const size_t n = std::min(static_cast<size_t>(std::max(jobs, 1)), total);
    for (size_t w = 0; w < n; ++w) {
      workers.emplace_back([&] {
        for (size_t i = next++; i < total && !cancel_requested(); i = next++) {
          ActionReport r;
          try {
            r = run_and_persist(ctx, all[i].id, "refresh");
          } catch (const std::exception& e) {
            r.code = ErrorCode::kInternal;
            r.message = e.what();
          }
          if (!r.ok) {
            ++failed;
            std::lock_guard<std::mutex> lock(mutex);
            failures.emplace_back(&all[i], r);
          }
          ++done;
          progress(false);
        }
      });
    }
    for (auto& t : workers) t.join();
    progress(true);
  }
  const size_t skipped = total - done.load();
  std::sort(failures.begin(), failures.end(), [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
  // Interrupted with --json: the error object is the one JSON document on stdout.
  if (ctx.globals().json && !cancel_requested()) {
    rapidjson::Document d(rapidjson::kObjectType);
    auto& a = d.GetAllocator();
    d.AddMember("total", static_cast<uint64_t>(total), a);
    d.AddMember("refreshed", static_cast<uint64_t>(done.load() - failed.load()), a);
    d.AddMember("not_attempted", static_cast<uint64_t>(skipped), a);
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& f : failures) {
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("project", rapidjson::Value(f.first->project.c_str(), a), a);
      o.AddMember("name", rapidjson::Value(f.first->name.c_str(), a), a);
      o.AddMember("code", rapidjson::Value(to_string(f.second.code).c_str(), a), a);
      o.AddMember("message", rapidjson::Value(f.second.message.c_str(), a), a);
      o.AddMember("status", rapidjson::Value(to_string(f.second.status).c_str(), a), a);
      list.PushBack(o, a);
    }
    d.AddMember("failed", list, a);
    std::cout << to_pretty_json(d) << "\n";
  } else if (total > 0) {
    ctx.human() << "Refreshed " << (done.load() - failed.load()) << " of " << total << " connector"
                << (total == 1 ? "" : "s") << ".\n";
    for (const auto& f : failures)
      ctx.human() << "  " << ctx.term().red("failed") << " " << f.first->project << "/" << f.first->name << ": "
                  << f.second.message
                  << (f.second.status == ConnectorStatus::kReauthorizationNeeded ? " (re-authorization needed)" : "")
                  << "\n";
  }
  if (cancel_requested())
    throw HostError(ExitCode::kCancelled, "interrupted; " + std::to_string(done.load() - failed.load()) + " of " +
                                              std::to_string(total) + " connector(s) were refreshed, " +
                                              std::to_string(failed.load()) + " failed, " + std::to_string(skipped) +
                                              " were not refreshed");
  return failed.load() > 0 ? static_cast<int>(ExitCode::kPartial) : 0;
}

}  // namespace

int connector_refresh(const Args& args) {
  GlobalOptions g;
  std::string project, name;
  bool all = false;
  double idle_over = 0;
  // A worker mostly waits for Salesforce, so a few per core keep the cores
  // busy; 8 at least (a small machine still overlaps the waits), 32 at
  // most (Salesforce limits concurrent requests per org).
  const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  int jobs = std::clamp(4 * cores, 8, 32);
  po::options_description desc("connector refresh");
  desc.add_options()("project,p", po::value(&project), "the project")("name,n", po::value(&name), "the connector")(
      "all", po::bool_switch(&all), "every connector (concurrently)")(
      "idle-over", po::value(&idle_over)->notifier(in_range("--idle-over", 0.0, 36500.0)),
      "with --all: only connectors whose tokens were not used for DAYS days")(
      "jobs", po::value(&jobs)->notifier(in_range("--jobs", 1, 64)),
      ("with --all: how many connectors at once (default " + std::to_string(jobs) + ": 4 per core, 8 to 32)").c_str());
  add_global_options(desc, g);
  po::positional_options_description pos;
  pos.add("name", 1);
  if (!parse_command(args, "console-host connector refresh (--project P NAME | --all [--idle-over DAYS]) [--json]",
                     desc, &pos))
    return 0;
  CliContext ctx(g);
  if (all) {
    if (!name.empty()) throw HostError(ExitCode::kUsage, "give either --all or a connector, not both");
    return refresh_all(ctx, idle_over, jobs);
  }
  ConnectorRecord rec = ctx.connector(project, name, false);
  ctx.type(rec.type_id);
  ActionReport r = run_and_persist(ctx, rec.id, "refresh");
  if (!r.ok) {
    // Deleted while this waited for the connector's lease: as if run a moment later.
    if (r.code == ErrorCode::kNotFound) ctx.lookup_connector(rec.project, rec.name, false);
    throw HostError(
        exit_code_for_plugin_error(r.code), "refreshing \"" + rec.name + "\" failed: " + r.message,
        r.status == ConnectorStatus::kReauthorizationNeeded
            ? "run `console-host connector reauthorize --project \"" + rec.project + "\" \"" + rec.name + "\"`"
            : "")
        .with_word(to_string(r.code))
        .with_in_place(in_place_of(r));
  }
  ConnectorRecord saved = *ctx.store().find_by_id(rec.id, false);
  if (g.json) {
    rapidjson::Document d;
    d.SetObject();
    rapidjson::Value v = connector_json(saved, d.GetAllocator());
    std::cout << to_pretty_json(v) << "\n";
  } else {
    ctx.human() << ctx.term().green("Refreshed") << " \"" << saved.name
                << "\": " << status_text(ctx.term(), saved.status) << "\n";
  }
  return 0;
}

int connector_delete(const Args& args) {
  GlobalOptions g;
  std::string project, name;
  bool uninstall = false, yes = false;
  po::options_description desc("connector delete");
  desc.add_options()("project,p", po::value(&project), "the project")("name,n", po::value(&name), "the connector")(
      "uninstall", po::bool_switch(&uninstall), "first remove what the connector installed in the remote system")(
      "yes,y", po::bool_switch(&yes), "do not ask for confirmation");
  add_global_options(desc, g);
  po::positional_options_description pos;
  pos.add("name", 1);
  if (!parse_command(args, "console-host connector delete --project P NAME [--uninstall] [--yes]", desc, &pos))
    return 0;
  CliContext ctx(g);
  if (!yes && !ctx.term().stdin_is_tty()) {
    // Nobody can be asked: a script must say it means it, as with gh.
    throw HostError(ExitCode::kUsage, "connector delete needs --yes when it cannot ask for confirmation (no terminal)",
                    "add --yes to delete without being asked");
  }
  ConnectorRecord rec = ctx.connector(project, name, false);
  if (!yes) {
    TerminalPrompter prompter;
    auto answer = prompter.ask("Delete connector \"" + rec.name + "\" from project \"" + rec.project + "\"" +
                                   (uninstall ? " after uninstalling it" : "") + "? [y/N]: ",
                               false);
    if (!answer || answer->empty() || (answer->at(0) != 'y' && answer->at(0) != 'Y'))
      throw HostError(ExitCode::kCancelled, "nothing was deleted");
  }
  // Uninstall, revoke and delete under one lease: nothing may refresh (and
  // rotate) the token between its last use and its revocation.
  Store& store = ctx.store();
  Lease lease = store.acquire_lease(rec.id, "delete", kActionLeaseWait);
  struct Release {
    Store& store;
    const Lease& lease;
    ~Release() { store.release_lease(lease); }
  } release{store, lease};
  LeaseKeeper keep(store, lease);
  rec = *store.find_by_id(rec.id, false);
  const bool abandoned = rec.pending;  // a creation that never finished holds no token
  std::unique_ptr<ConnectorTypeClient> client;
  if (!abandoned && (uninstall || ctx.registry().find_type(rec.type_id) != nullptr))
    client = ctx.client(ctx.type(rec.type_id));
  if (uninstall && !abandoned) ctx.human() << "Uninstalling \"" << rec.name << "\"...\n";
  DeleteReport deleted = delete_connector_leased(store, lease, client.get(), uninstall && !abandoned, ctx.redactor());
  if (!deleted.deleted) {
    const ActionReport& r = deleted.uninstall;
    throw HostError(exit_code_for_plugin_error(r.code),
                    "uninstalling \"" + rec.name + "\" failed: " + r.message + "; the connector was kept",
                    r.status == ConnectorStatus::kReauthorizationNeeded
                        ? "re-authorize it first (`console-host connector reauthorize`), or delete without --uninstall"
                    : r.code == ErrorCode::kCancelled
                        ? "run the command again to finish"
                        : "fix the cause and run the command again, or delete without --uninstall")
        .with_word(to_string(r.code))
        .with_in_place(in_place_of(r));
  }
  if (uninstall && !abandoned && !g.json) {
    rapidjson::Document uninstall_doc;
    if (!try_parse_json(uninstall_doc, deleted.uninstall.document) || !uninstall_doc.IsObject())
      uninstall_doc.SetObject();
    if (const auto* disp = json_member(uninstall_doc, "display");
        disp != nullptr && disp->IsArray() && !disp->Empty()) {
      for (auto& item : disp->GetArray()) {
        std::string label = json_string(item, "label");
        const auto* v = json_member(item, "value");
        ctx.human() << "  " << label << (v != nullptr ? ": " + json_scalar_text(*v) : "") << "\n";
        if (const auto* items = json_member(item, "items"); items != nullptr && items->IsArray())
          for (auto& i : items->GetArray()) ctx.human() << "    - " << json_scalar_text(i) << "\n";
      }
    }
  }
  if (!uninstall && !abandoned) {
    // Deleting the record does not touch the remote system: say what stays.
    ctx.human() << ctx.term().yellow("warning:") << " \"" << rec.name
                << "\" was deleted without --uninstall, so what it installed in the remote system stays there "
                   "(for Salesforce: the Smart Flows button and its place on page layouts). To remove it, create "
                   "a connector for that org and delete it with --uninstall, or remove it in Setup.\n";
  }
  const std::string revoke_warning = deleted.revoke_warning;
  const bool revoked = deleted.revoked;
  if (!revoke_warning.empty()) {
    ctx.human() << ctx.term().yellow("warning:")
                << " the connector's authorization could not be revoked: " << revoke_warning
                << " Revoke it in the remote system (for Salesforce: Setup > Connected Apps OAuth Usage).\n";
  }
  if (g.json) {
    rapidjson::Document d(rapidjson::kObjectType);
    auto& a = d.GetAllocator();
    d.AddMember("deleted", true, a);
    d.AddMember("project", rapidjson::Value(rec.project.c_str(), a), a);
    d.AddMember("name", rapidjson::Value(rec.name.c_str(), a), a);
    d.AddMember("uninstalled", uninstall && !abandoned, a);
    d.AddMember("revoked", revoked, a);
    if (!revoke_warning.empty()) d.AddMember("revoke_error", rapidjson::Value(revoke_warning.c_str(), a), a);
    std::cout << to_pretty_json(d) << "\n";
  } else {
    ctx.human() << ctx.term().green("Deleted") << " connector \"" << rec.name << "\" from project \"" << rec.project
                << "\"" << (uninstall ? " (uninstalled first)" : "") << ".\n";
  }
  return 0;
}

}  // namespace console_host
