#include "button_install.h"

#include <algorithm>
#include <set>

#include "console_plugin/console_plugin.hpp"
#include "http_client.h"
#include "metadata_soap.h"
#include "smart_flows_button.h"

namespace salesforce {
namespace {

using Placements = std::map<std::string, std::vector<std::string>>;

std::string plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

bool is_not_found(const std::string& error) {
  return error.find("INVALID_CROSS_REFERENCE_KEY") != std::string::npos ||
         error.find("not found") != std::string::npos || error.find("No WebLink named") != std::string::npos ||
         error.find("no WebLink named") != std::string::npos;
}

// The reason a cancelled action gives, before "In place now: ...".
constexpr const char* kCancelledReason = "it was cancelled before the next change in Salesforce.";

// Splits the layouts to write into upsertMetadata-sized batches, so that
// cancellation can stop between two of them. The batches point into the
// plan: copying the layouts (and again on each growth of a vector, ptree
// having no move) cost more than writing them out.
std::vector<std::vector<const XmlTree*>> layout_batches(const ButtonPlan& plan) {
  std::vector<std::vector<const XmlTree*>> batches;
  for (const auto& [name, layout] : plan.patched_layouts) {
    if (batches.empty() || batches.back().size() == kMetadataBatchSize) batches.emplace_back();
    batches.back().push_back(&layout);
  }
  return batches;
}

std::vector<std::string> batch_names(const std::vector<const XmlTree*>& batch) {
  std::vector<std::string> out;
  out.reserve(batch.size());
  for (const auto* l : batch) out.push_back(l->get<std::string>("fullName", ""));
  return out;
}

std::vector<std::string> weblink_objects(const std::vector<std::string>& weblinks) {
  std::vector<std::string> out;
  out.reserve(weblinks.size());
  for (const auto& w : weblinks) out.push_back(w.substr(0, w.find('.')));
  return out;
}

void add_layout(Placements& p, const std::string& object, const std::string& layout) {
  auto& v = p[object];
  if (std::find(v.begin(), v.end(), layout) == v.end()) v.push_back(layout);
}

void remove_layout(Placements& p, const std::string& object, const std::string& layout) {
  auto it = p.find(object);
  if (it == p.end()) return;
  it->second.erase(std::remove(it->second.begin(), it->second.end(), layout), it->second.end());
}

// Where the connector's button is while a plan is carried out, what is not
// known any more, and how to say it. Every step updates it before anything
// can fail next, and `save` copies it into the state the host persists.
class Progress {
 public:
  Progress(const ButtonPlan& plan, ConnectorState& state)
      : plan_(plan), state_(state), label_(display_name(plan.action)) {
    now_ = plan.placements_before;
    save();
  }

  Placements& now() { return now_; }
  void touched() { touched_ = true; }
  void fingerprint_written() { fingerprint_written_ = true; }

  // A write whose answer was lost: `what` says what may or may not have
  // happened. Nothing it touched is claimed any more, either way: the
  // layouts it changed (`layouts`) and the buttons it deleted (`objects`)
  // leave what is known, and the next run lists the org to find out.
  void lost(const std::string& what, const std::vector<std::string>& layouts = {},
            const std::vector<std::string>& objects = {}) {
    unknown_.push_back(what);
    for (const auto& l : layouts) {
      maybe_layouts_.insert(l);
      remove_layout(now_, layout_object(l), l);
    }
    for (const auto& o : objects) now_.erase(o);
    touched_ = true;
    save();
  }

  void save() {
    state_.placements = now_;
    state_.uncertain = !unknown_.empty();
    // The single-object fields, for readers of older states.
    const std::string main = now_.count(plan_.object) != 0 ? plan_.object
                             : now_.empty()                ? std::string()
                                                           : now_.begin()->first;
    state_.installed_object = main;
    state_.installed_layouts = main.empty() ? std::vector<std::string>{} : now_[main];
    if (plan_.action == ButtonAction::kInstall && main == plan_.object &&
        (fingerprint_written_ || (!plan_.create_weblink && !plan_.update_weblink)))
      state_.button_fingerprint = plan_.weblink_fingerprint;
    else if (main.empty())
      state_.button_fingerprint.clear();
  }

  // Throws the error that says why the plan stopped and what is in place.
  [[noreturn]] void stop(const std::string& reason, const std::string& code = CONSOLE_ERR_REMOTE_ERROR) {
    save();
    const bool sentence = !reason.empty() && reason.back() == '.';
    // Passing trouble may clear up; a refusal (permissions, limits) will not
    // until the admin acts.
    const bool retryable = code == CONSOLE_ERR_REMOTE_ERROR || code == CONSOLE_ERR_NETWORK;
    std::string message =
        label_ + " did not finish: " + reason + (sentence ? "" : ".") + " In place now: " + in_place();
    if (unknown_.empty()) {
      message += " Run " + label_ + " again to finish.";
    } else {
      message += " Run " + label_ + " again to check and finish: it looks at Salesforce first.";
    }
    throw console::Error(code, message, "", retryable,
                         unknown_.empty() ? std::string() : std::string("{\"delivery\":\"unknown\"}"));
  }

  // Stops on an exception from a write request (see lost() for the rest).
  [[noreturn]] void stop_on(const console::Error& e, const std::string& lost_what,
                            const std::vector<std::string>& layouts = {},
                            const std::vector<std::string>& objects = {}) {
    if (answer_lost(e)) {
      lost(lost_what, layouts, objects);
      std::string why = e.what();
      while (!why.empty() && why.back() == '.') why.pop_back();
      stop("the answer to a change in Salesforce was lost (" + why + ")", e.code());
    }
    stop(e.what(), e.code());
  }

  // Sends one write request and returns its results; when it fails, stops
  // as stop_on() says (`lost_what`, `layouts` and `objects`: what the write
  // may or may not have done, should its answer be lost).
  template <typename Write>
  std::vector<SaveOutcome> write(Write&& send, const std::string& lost_what,
                                 const std::vector<std::string>& layouts = {},
                                 const std::vector<std::string>& objects = {}) {
    try {
      return send();
    } catch (const console::Error& e) {
      stop_on(e, lost_what, layouts, objects);
    }
  }

  std::string in_place() const {
    std::string s;
    const auto target = now_.find(plan_.object);
    if (plan_.action == ButtonAction::kInstall && target != now_.end()) {
      std::vector<std::string> on, missing;
      bool some_unknown = false;
      for (const auto& l : plan_.target_layouts) {
        if (std::find(plan_.unreadable_layouts.begin(), plan_.unreadable_layouts.end(), l) !=
            plan_.unreadable_layouts.end())
          continue;
        if (maybe_layouts_.count(l) != 0) {
          some_unknown = true;
          continue;
        }
        const bool has = std::find(target->second.begin(), target->second.end(), l) != target->second.end();
        (has ? on : missing).push_back(l);
      }
      s = "the Smart Flows button " + weblink_full_name(plan_.object) + " exists";
      if (!on.empty() || !missing.empty()) {
        s += std::string(" and is on ") + std::to_string(on.size()) + " of " + (some_unknown ? "the " : "") +
             plural(on.size() + missing.size(), "page layout") + " of " + plan_.object +
             (some_unknown ? " whose change is known" : "");
        if (!on.empty()) s += " (" + join_layout_display_names(on, "none") + ")";
        if (!missing.empty()) s += "; not yet on " + join_layout_display_names(missing, "none");
      }
      s += ".";
    }
    for (const auto& [object, layouts] : now_) {
      if (plan_.action == ButtonAction::kInstall && object == plan_.object) continue;
      const std::string who = plan_.action == ButtonAction::kInstall
                                  ? "the old button " + weblink_full_name(object)
                                  : "the Smart Flows button " + weblink_full_name(object);
      bool some_unknown = false;
      for (const auto& l : maybe_layouts_) some_unknown = some_unknown || layout_object(l) == object;
      std::string clause =
          some_unknown
              ? (layouts.empty()
                     ? who + " still exists."
                     : who + " still exists and is still on " + join_layout_display_names(layouts, "none") + ".")
          : layouts.empty() ? who + " is on no page layout but still exists."
                            : who + " still exists and is still on " + join_layout_display_names(layouts, "none") + ".";
      if (!s.empty() && !clause.empty() && clause[0] == 't') clause[0] = 'T';
      s += (s.empty() ? "" : " ") + clause;
    }
    if (s.empty()) {
      s = !touched_          ? "nothing; Salesforce is unchanged."
          : unknown_.empty() ? "no Smart Flows button of this connector."
                             : "no Smart Flows button of this connector is known to be in place.";
    }
    for (const auto& u : unknown_) s += " " + u;
    return s;
  }

 private:
  const ButtonPlan& plan_;
  ConnectorState& state_;
  const std::string label_;
  Placements now_;
  std::vector<std::string> unknown_;
  std::set<std::string> maybe_layouts_;
  bool touched_ = false;
  bool fingerprint_written_ = false;
};

std::string lost_layouts(const std::vector<std::string>& names) {
  return "The answer to the change of page layout" + std::string(names.size() == 1 ? " " : "s ") +
         join_layout_display_names(names, "none") + " was lost, so " + (names.size() == 1 ? "it" : "they") +
         " may or may not have been changed.";
}

void add_notes(const ButtonPlan& plan, std::vector<std::string>& lines) {
  for (const auto& l : plan.unreadable_layouts) {
    lines.push_back(
        "Page layout " + layout_display_name(l) +
        " could not be read (Salesforce answered nothing for it), so the button was not " +
        (plan.action == ButtonAction::kInstall && layout_object(l) == plan.object ? "placed on" : "removed from") +
        " it.");
  }
  for (const auto& l : plan.left_alone) lines.push_back(l);
}

// Writes the layout batches; `on_success(full_name)` records each change.
void write_layouts(ApiSession& api, const ButtonPlan& plan, Progress& progress, const Cancellation& cancel,
                   const std::function<void(const SaveOutcome&)>& on_result) {
  for (const auto& batch : layout_batches(plan)) {
    if (cancel.requested()) progress.stop(kCancelledReason, cancel.code);
    const std::vector<std::string> names = batch_names(batch);
    const std::vector<SaveOutcome> results =
        progress.write([&] { return upsert_metadata(api, "Layout", batch); }, lost_layouts(names), names);
    progress.touched();
    for (const auto& r : results) on_result(r);
    progress.save();
  }
}

ApplyReport apply_install(ApiSession& api, const ButtonPlan& plan, ConnectorState& state, const Cancellation& cancel) {
  ApplyReport report;
  Progress progress(plan, state);
  const std::string target = weblink_full_name(plan.object);
  if (plan.create_weblink || plan.update_weblink) {
    if (cancel.requested()) progress.stop(kCancelledReason, cancel.code);
    const std::vector<SaveOutcome> r =
        progress.write([&] { return upsert_metadata(api, "WebLink", {&plan.weblink}); },
                       "The answer to the " + std::string(plan.create_weblink ? "creation" : "update") +
                           " of the Smart Flows button " + target + " was lost, so it may or may not have been " +
                           (plan.create_weblink ? "created." : "updated."));
    if (r.empty() || !r[0].success) {
      progress.stop("Salesforce refused the button: " + (r.empty() ? std::string("no result") : r[0].error) + ".");
    }
    progress.touched();
    progress.fingerprint_written();
    progress.now()[plan.object];  // it exists now
    progress.save();
    report.changed = true;
    report.lines.push_back(std::string(plan.create_weblink ? "Created" : "Updated") + " the Smart Flows button " +
                           target + ".");
  }

  std::vector<std::string> removed_from;
  std::string errors;
  bool wrote_layouts = false;
  write_layouts(api, plan, progress, cancel, [&](const SaveOutcome& r) {
    const std::string object = layout_object(r.full_name);
    if (r.success) {
      if (object == plan.object) {
        add_layout(progress.now(), object, r.full_name);
      } else {
        remove_layout(progress.now(), object, r.full_name);
        removed_from.push_back(r.full_name);
      }
    } else {
      errors += (errors.empty() ? "" : " ") + layout_display_name(r.full_name) + ": " + r.error + ".";
    }
    wrote_layouts = true;
  });
  if (wrote_layouts) report.changed = true;
  if (!errors.empty()) progress.stop("Salesforce refused page layout changes. " + errors);
  if (!plan.add_to_layouts.empty()) {
    report.lines.push_back("Added it to " + plural(plan.add_to_layouts.size(), "page layout") + " of " + plan.object +
                           ": " + join_layout_display_names(plan.add_to_layouts, "none") + ".");
  }
  if (!removed_from.empty()) {
    report.lines.push_back("Removed the old button from " + plural(removed_from.size(), "page layout") + ": " +
                           join_layout_display_names(removed_from, "none") + ".");
  }
  if (!plan.delete_weblinks.empty()) {
    if (cancel.requested()) progress.stop(kCancelledReason, cancel.code);
    const std::vector<SaveOutcome> results = progress.write(
        [&] { return delete_metadata(api, "WebLink", plan.delete_weblinks); },
        "The answer to the deletion of the old button" + std::string(plan.delete_weblinks.size() == 1 ? " " : "s ") +
            plan.delete_weblinks.front() + (plan.delete_weblinks.size() == 1 ? "" : " and others") +
            " was lost, so it may or may not have been deleted.",
        {}, weblink_objects(plan.delete_weblinks));
    progress.touched();
    for (const auto& r : results) {
      if (!r.success && !is_not_found(r.error)) {
        progress.stop("Salesforce did not delete the old button " + r.full_name + ": " + r.error + ".");
      }
      progress.now().erase(r.full_name.substr(0, r.full_name.find('.')));
      progress.save();
      report.lines.push_back("Deleted the old button " + r.full_name + ".");
    }
    report.changed = true;
  }
  progress.save();
  const auto& on = progress.now()[plan.object];
  if (!report.changed) {
    report.lines.push_back("The Smart Flows button on " + plan.object + " was already up to date on " +
                           (plan.unreadable_layouts.empty() ? "all " : "") + plural(on.size(), "page layout") +
                           "; nothing was changed.");
  } else {
    report.lines.push_back("The Smart Flows button " + target + " is on " + plural(on.size(), "page layout") + " of " +
                           plan.object + ".");
  }
  add_notes(plan, report.lines);
  return report;
}

ApplyReport apply_uninstall(ApiSession& api, const ButtonPlan& plan, ConnectorState& state,
                            const Cancellation& cancel) {
  ApplyReport report;
  Progress progress(plan, state);
  std::string errors;
  write_layouts(api, plan, progress, cancel, [&](const SaveOutcome& r) {
    if (r.success)
      remove_layout(progress.now(), layout_object(r.full_name), r.full_name);
    else
      errors += (errors.empty() ? "" : " ") + layout_display_name(r.full_name) + ": " + r.error + ".";
  });
  if (!errors.empty()) progress.stop("Salesforce refused page layout changes. " + errors);
  if (!plan.remove_from_layouts.empty()) {
    report.changed = true;
    report.lines.push_back("Removed the Smart Flows button from " +
                           plural(plan.remove_from_layouts.size(), "page layout") + ": " +
                           join_layout_display_names(plan.remove_from_layouts, "none") + ".");
  }
  if (!plan.delete_weblinks.empty()) {
    if (cancel.requested()) progress.stop(kCancelledReason, cancel.code);
    const std::vector<SaveOutcome> results =
        progress.write([&] { return delete_metadata(api, "WebLink", plan.delete_weblinks); },
                       "The answer to the deletion of " + plan.delete_weblinks.front() +
                           (plan.delete_weblinks.size() == 1 ? "" : " and the other Smart Flows buttons") +
                           " was lost, so it may or may not have been deleted.",
                       {}, weblink_objects(plan.delete_weblinks));
    for (const auto& r : results) {
      if (r.success) {
        report.changed = true;
        report.lines.push_back("Deleted the Smart Flows button " + r.full_name + ".");
      } else if (!is_not_found(r.error)) {
        progress.stop("Salesforce did not delete " + r.full_name + ": " + r.error + ".");
      }
      progress.now().erase(r.full_name.substr(0, r.full_name.find('.')));
      progress.save();
    }
  }
  progress.save();
  if (!report.changed) report.lines.push_back("The Smart Flows button was not installed; nothing was changed.");
  add_notes(plan, report.lines);
  return report;
}

}  // namespace

const char* const kWhereTheButtonShows =
    "The button shows on record pages in Salesforce Classic and in Lightning Experience pages that use the page "
    "layout's actions; Lightning pages with Dynamic Actions need it added in the Lightning App Builder.";

ApplyReport apply_plan(ApiSession& api, const ButtonPlan& plan, ConnectorState& state, const Cancellation& cancel) {
  const Cancellation checked{[&cancel] { return cancel.requested && cancel.requested(); }, cancel.code};
  if (plan.action == ButtonAction::kSkip) {
    ApplyReport report;
    report.lines.push_back("Nothing in Salesforce was changed (Skip); the authorization was renewed.");
    return report;
  }
  if (plan.action == ButtonAction::kInstall) return apply_install(api, plan, state, checked);
  return apply_uninstall(api, plan, state, checked);
}

}  // namespace salesforce
