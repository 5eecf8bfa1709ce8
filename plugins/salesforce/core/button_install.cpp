#include "button_install.h"

#include <algorithm>
#include <set>

#include "console_plugin/console_plugin.hpp"
#include "metadata_soap.h"
#include "smart_flows_button.h"

namespace salesforce {
namespace {

std::string plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

bool is_not_found(const std::string& error) {
  return error.find("INVALID_CROSS_REFERENCE_KEY") != std::string::npos ||
         error.find("not found") != std::string::npos || error.find("No WebLink named") != std::string::npos ||
         error.find("no WebLink named") != std::string::npos;
}

// Builds the message of a failure part-way. `reason` is Salesforce's words.
[[noreturn]] void stopped(const std::string& action_label, const std::string& reason, const std::string& in_place,
                          const std::string& again, const std::string& code = CONSOLE_ERR_REMOTE_ERROR) {
  const bool sentence = !reason.empty() && reason.back() == '.';
  // Passing trouble may clear up; a refusal (permissions, limits) will not
  // until the admin acts.
  const bool retryable = code == CONSOLE_ERR_REMOTE_ERROR || code == CONSOLE_ERR_NETWORK;
  throw console::Error(code,
                       action_label + " did not finish: " + reason + (sentence ? "" : ".") +
                           " In place now: " + in_place + " Run " + again + " again to finish.",
                       "", retryable);
}

// The reason a cancelled action gives, before "In place now: ...".
constexpr const char* kCancelledReason = "it was cancelled before the next change in Salesforce.";

// Splits the layouts to write into upsertMetadata-sized batches, so that
// cancellation can stop between two of them.
std::vector<std::vector<XmlTree>> layout_batches(const ButtonPlan& plan) {
  std::vector<std::vector<XmlTree>> batches;
  for (const auto& [name, layout] : plan.patched_layouts) {
    if (batches.empty() || batches.back().size() == kMetadataBatchSize) batches.emplace_back();
    batches.back().push_back(layout);
  }
  return batches;
}

std::string install_in_place(const ButtonPlan& plan, bool weblink_exists, const std::set<std::string>& on) {
  if (!weblink_exists) return "nothing; Salesforce is unchanged.";
  std::vector<std::string> on_list, missing;
  for (const auto& l : plan.target_layouts) (on.count(l) ? on_list : missing).push_back(l);
  std::string s = "the Smart Flows button " + weblink_full_name(plan.object) + " exists and is on " +
                  std::to_string(on_list.size()) + " of " + plural(plan.target_layouts.size(), "page layout") + " of " +
                  plan.object;
  if (!on_list.empty()) s += " (" + join_layout_display_names(on_list, "none") + ")";
  if (!missing.empty()) s += "; not yet on " + join_layout_display_names(missing, "none");
  return s + ".";
}

}  // namespace

const char* const kWhereTheButtonShows =
    "The button shows on record pages in Salesforce Classic and in Lightning Experience pages that use the page "
    "layout's actions; Lightning pages with Dynamic Actions need it added in the Lightning App Builder.";

// Cancellation has no code of its own in the ABI list. Of the ten, "conflict"
// ("the state changed under us") is the one that fits: the call was overtaken
// while it ran by something outside it (the admin's decision to stop), the
// org is left consistent, and running the action again finishes it. Every
// other code would misinform the host: remote_error and network blame
// Salesforce and are retryable (a host may retry at once, undoing the
// cancellation), internal claims a bug, invalid_input and unsupported blame
// the request, and the auth/permission/rate codes name causes that are
// false. It is not retryable: whether to run again is the admin's choice.
const char* const kCancelledCode = CONSOLE_ERR_CONFLICT;

ApplyReport apply_plan(ApiSession& api, const ButtonPlan& plan, ConnectorState& state,
                       const std::function<bool()>& cancelled) {
  auto is_cancelled = [&cancelled] { return cancelled && cancelled(); };
  ApplyReport report;
  if (plan.action == "skip") {
    report.lines.push_back("Nothing in Salesforce was changed (Skip); the authorization was renewed.");
    return report;
  }

  if (plan.action == "install") {
    std::set<std::string> on;  // target layouts that hold the button now
    for (const auto& l : plan.target_layouts) {
      if (std::find(plan.add_to_layouts.begin(), plan.add_to_layouts.end(), l) == plan.add_to_layouts.end()) {
        on.insert(l);
      }
    }
    const bool existed = !plan.create_weblink;
    if (plan.create_weblink || plan.update_weblink) {
      if (is_cancelled()) {
        stopped("Install/Update", kCancelledReason, install_in_place(plan, existed, on), "Install/Update",
                kCancelledCode);
      }
      std::vector<SaveOutcome> r;
      try {
        r = upsert_metadata(api, "WebLink", {plan.weblink});
      } catch (const console::Error& e) {
        stopped("Install/Update", e.what(), install_in_place(plan, existed, on), "Install/Update", e.code());
      }
      if (r.empty() || !r[0].success) {
        stopped("Install/Update",
                "Salesforce refused the button: " + (r.empty() ? std::string("no result") : r[0].error) + ".",
                install_in_place(plan, existed, on), "Install/Update");
      }
      report.changed = true;
      report.lines.push_back(std::string(plan.create_weblink ? "Created" : "Updated") + " the Smart Flows button " +
                             weblink_full_name(plan.object) + ".");
    }
    state.installed_object = plan.object;
    state.button_fingerprint = plan.weblink_fingerprint;
    state.installed_layouts.assign(on.begin(), on.end());

    std::vector<std::string> removed_from, failed_removals;
    std::string errors;
    for (const auto& batch : layout_batches(plan)) {
      if (is_cancelled()) {
        stopped("Install/Update", kCancelledReason, install_in_place(plan, true, on), "Install/Update",
                kCancelledCode);
      }
      std::vector<SaveOutcome> results;
      try {
        results = upsert_metadata(api, "Layout", batch);
      } catch (const console::Error& e) {
        stopped("Install/Update", e.what(), install_in_place(plan, true, on), "Install/Update", e.code());
      }
      for (const auto& r : results) {
        const bool target = layout_object(r.full_name) == plan.object;
        if (r.success) {
          if (target)
            on.insert(r.full_name);
          else
            removed_from.push_back(r.full_name);
        } else {
          if (!target) failed_removals.push_back(r.full_name);
          errors += (errors.empty() ? "" : " ") + layout_display_name(r.full_name) + ": " + r.error + ".";
        }
      }
      state.installed_layouts.assign(on.begin(), on.end());
      report.changed = true;
    }
    if (!errors.empty()) {
      stopped("Install/Update", "Salesforce refused page layout changes. " + errors, install_in_place(plan, true, on),
              "Install/Update");
    }
    if (!plan.add_to_layouts.empty()) {
      report.lines.push_back("Added it to " + plural(plan.add_to_layouts.size(), "page layout") + " of " + plan.object +
                             ": " + join_layout_display_names(plan.add_to_layouts, "none") + ".");
    }
    if (!removed_from.empty()) {
      report.lines.push_back("Removed the old button from " + plural(removed_from.size(), "page layout") + ": " +
                             join_layout_display_names(removed_from, "none") + ".");
    }
    if (!plan.delete_weblinks.empty()) {
      if (is_cancelled()) {
        stopped("Install/Update", kCancelledReason,
                install_in_place(plan, true, on) + " The old button " + plan.delete_weblinks.front() +
                    " is on no page layout but still exists.",
                "Install/Update", kCancelledCode);
      }
      std::vector<SaveOutcome> results;
      try {
        results = delete_metadata(api, "WebLink", plan.delete_weblinks);
      } catch (const console::Error& e) {
        stopped("Install/Update", e.what(),
                install_in_place(plan, true, on) + " The old button " + plan.delete_weblinks.front() +
                    " is on no page layout but still exists.",
                "Install/Update", e.code());
      }
      for (const auto& r : results) {
        if (!r.success && !is_not_found(r.error)) {
          stopped("Install/Update", "Salesforce did not delete the old button " + r.full_name + ": " + r.error + ".",
                  install_in_place(plan, true, on) + " The old button " + r.full_name +
                      " is on no page layout but still exists.",
                  "Install/Update");
        }
        report.lines.push_back("Deleted the old button " + r.full_name + ".");
      }
      report.changed = true;
    }
    if (!report.changed) {
      report.lines.push_back("The Smart Flows button on " + plan.object + " was already up to date on all " +
                             plural(plan.target_layouts.size(), "page layout") + "; nothing was changed.");
    } else {
      report.lines.push_back("The Smart Flows button " + weblink_full_name(plan.object) + " is on " +
                             plural(on.size(), "page layout") + " of " + plan.object + ".");
    }
    return report;
  }

  // Uninstall: layouts first, then the button.
  const std::string still = plan.delete_weblinks.empty() ? std::string("the Smart Flows button")
                                                         : "the Smart Flows button " + plan.delete_weblinks.front();
  if (!plan.patched_layouts.empty()) {
    // Layouts that still hold the button: all of them until a write succeeds.
    std::vector<std::string> left = plan.remove_from_layouts;
    auto still_on = [&] {
      return still + " still exists and is still on " + join_layout_display_names(left, "none") + ".";
    };
    std::vector<std::string> refused;
    std::string errors;
    for (const auto& batch : layout_batches(plan)) {
      if (is_cancelled()) {
        state.installed_layouts = left;
        stopped("Uninstall", kCancelledReason, still_on(), "Uninstall", kCancelledCode);
      }
      std::vector<SaveOutcome> results;
      try {
        results = upsert_metadata(api, "Layout", batch);
      } catch (const console::Error& e) {
        state.installed_layouts.clear();  // let the next run look everywhere
        stopped("Uninstall", e.what(), still_on(), "Uninstall", e.code());
      }
      for (const auto& r : results) {
        if (r.success) {
          left.erase(std::remove(left.begin(), left.end(), r.full_name), left.end());
        } else {
          refused.push_back(r.full_name);
          errors += (errors.empty() ? "" : " ") + layout_display_name(r.full_name) + ": " + r.error + ".";
        }
      }
    }
    if (!refused.empty()) {
      state.installed_layouts = refused;
      stopped("Uninstall", "Salesforce refused page layout changes. " + errors,
              still + " still exists and is still on " + join_layout_display_names(refused, "none") + ".", "Uninstall");
    }
    report.changed = true;
    report.lines.push_back("Removed the Smart Flows button from " +
                           plural(plan.remove_from_layouts.size(), "page layout") + ": " +
                           join_layout_display_names(plan.remove_from_layouts, "none") + ".");
  }
  state.installed_layouts.clear();
  bool deleted_any = false;
  if (!plan.delete_weblinks.empty()) {
    if (is_cancelled()) {
      stopped("Uninstall", kCancelledReason, still + " is on no page layout but still exists.", "Uninstall",
              kCancelledCode);
    }
    std::vector<SaveOutcome> results;
    try {
      results = delete_metadata(api, "WebLink", plan.delete_weblinks);
    } catch (const console::Error& e) {
      stopped("Uninstall", e.what(), still + " is on no page layout but still exists.", "Uninstall", e.code());
    }
    for (const auto& r : results) {
      if (r.success) {
        deleted_any = true;
        report.lines.push_back("Deleted the Smart Flows button " + r.full_name + ".");
      } else if (!is_not_found(r.error)) {
        stopped("Uninstall", "Salesforce did not delete " + r.full_name + ": " + r.error + ".",
                still + " is on no page layout but still exists.", "Uninstall");
      }
    }
  }
  state.installed_object.clear();
  state.button_fingerprint.clear();
  if (deleted_any) report.changed = true;
  if (!report.changed) report.lines.push_back("The Smart Flows button was not installed; nothing was changed.");
  return report;
}

}  // namespace salesforce
