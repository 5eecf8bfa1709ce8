#include "store/leased_action.hpp"

#include <rapidjson/document.h>
#include <rapidjson/reader.h>

#include <optional>
#include <vector>

#include "console_plugin/input_bounds.hpp"
#include "host_error.hpp"
#include "json_document.hpp"
#include "store/lease_owner.hpp"

namespace console_host {

namespace {

// Finds, in one pass and without building a document, what
// change_from_plugin_document() takes from a plugin's document: the text of
// the carrier's "state" and "summary" objects (copied as the plugin wrote
// them, not parsed and written again), its "connector_status", and the
// error's "code". The carrier is the document itself, or the object in its
// "detail" for an error. As with a parsed document, the first member of a
// name counts. Relies on the iterative parser calling StartObject and
// EndObject with the stream at the brace; `ok` is false when it did not.
class ChangeScanner : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ChangeScanner> {
 public:
  ChangeScanner(const std::string& text, const rapidjson::StringStream& in, bool is_error)
      : text_(text), in_(in), is_error_(is_error) {}

  bool ok = true;
  bool too_deep = false;  // nests deeper than console::bounds::kMaxJsonDepth
  std::optional<std::string> state, summary, status;
  std::string code;

  bool Key(const char* str, rapidjson::SizeType len, bool) {
    if (frames_.size() == 1 || (carrier_depth_ > 0 && frames_.size() == carrier_depth_))
      key_.assign(str, len);
    else
      key_.clear();
    return true;
  }
  bool String(const char* str, rapidjson::SizeType len, bool) {
    if (const Role r = role_of_value(); r == Role::kStatus && !status_seen_) {
      status_seen_ = true;
      if (len > 0) status.emplace(str, len);
    } else if (r == Role::kCode) {
      code_seen_ = true;
      code.assign(str, len);
    } else {
      scalar(r);
    }
    return true;
  }
  bool Default() {
    scalar(role_of_value());
    return true;
  }
  bool StartObject() {
    if (frames_.size() >= console::bounds::kMaxJsonDepth) {
      too_deep = true;
      return false;
    }
    const size_t at = in_.Tell();
    if (at >= text_.size() || text_[at] != '{') return ok = false;
    const Role r = role_of_value();
    if (frames_.empty() && !is_error_) carrier_depth_ = 1;
    if (r == Role::kDetail) {
      detail_seen_ = true;
      carrier_depth_ = frames_.size() + 1;
    }
    if (r == Role::kState) state_seen_ = true;
    if (r == Role::kSummary) summary_seen_ = true;
    frames_.push_back({r, at});
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    const size_t at = in_.Tell();
    if (frames_.empty() || at >= text_.size() || text_[at] != '}') return ok = false;
    const Frame f = frames_.back();
    frames_.pop_back();
    if (f.role == Role::kState) state = text_.substr(f.start, at + 1 - f.start);
    if (f.role == Role::kSummary) summary = text_.substr(f.start, at + 1 - f.start);
    if (f.role == Role::kDetail) carrier_depth_ = 0;  // a second "detail" is not the carrier
    key_.clear();
    return true;
  }
  bool StartArray() {
    if (frames_.size() >= console::bounds::kMaxJsonDepth) {
      too_deep = true;
      return false;
    }
    scalar(role_of_value());
    frames_.push_back({Role::kOther, 0});
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    frames_.pop_back();
    key_.clear();
    return true;
  }

 private:
  enum class Role { kOther, kState, kSummary, kStatus, kDetail, kCode };
  struct Frame {
    Role role;
    size_t start;
  };
  // What the value about to start is, from its key and where it sits.
  Role role_of_value() const {
    if (key_.empty()) return Role::kOther;
    if (carrier_depth_ > 0 && frames_.size() == carrier_depth_) {
      if (key_ == "state" && !state_seen_) return Role::kState;
      if (key_ == "summary" && !summary_seen_) return Role::kSummary;
      if (key_ == "connector_status" && !status_seen_) return Role::kStatus;
    }
    if (is_error_ && frames_.size() == 1) {
      if (key_ == "detail" && !detail_seen_) return Role::kDetail;
      if (key_ == "code" && !code_seen_) return Role::kCode;
    }
    return Role::kOther;
  }
  // A value that is not what its member must be still counts as that
  // member's first occurrence.
  void scalar(Role r) {
    if (r == Role::kState) state_seen_ = true;
    if (r == Role::kSummary) summary_seen_ = true;
    if (r == Role::kStatus) status_seen_ = true;
    if (r == Role::kDetail) detail_seen_ = true;
    if (r == Role::kCode) code_seen_ = true;
  }

  const std::string& text_;
  const rapidjson::StringStream& in_;
  const bool is_error_;
  std::vector<Frame> frames_;
  size_t carrier_depth_ = 0;  // frames_.size() inside the carrier; 0 = none (yet)
  std::string key_;
  bool state_seen_ = false, summary_seen_ = false, status_seen_ = false, detail_seen_ = false, code_seen_ = false;
};

// auth_required means the remote system no longer accepts the connector's
// authorization, whether or not the plugin said so in connector_status. The
// scan and the parse both decide it here, so they cannot drift apart.
void mark_reauthorization(ConnectorChange& change, bool is_error, const std::string& code) {
  if (is_error && !change.status && parse_error_code(code) == ErrorCode::kAuthRequired)
    change.status = to_string(ConnectorStatus::kReauthorizationNeeded);
}

}  // namespace

ConnectorChange change_by_parsing(const std::string& document_json, bool is_error) {
  ConnectorChange change;
  rapidjson::Document d;
  if (!try_parse_json(d, document_json) || !d.IsObject()) return change;
  const rapidjson::Value* carrier = &d;
  if (is_error) {
    const auto* detail = json_member(d, "detail");
    carrier = detail != nullptr && detail->IsObject() ? detail : nullptr;
  }
  if (carrier != nullptr) {
    if (const auto* s = json_member(*carrier, "state"); s != nullptr && s->IsObject()) change.state_json = to_json(*s);
    if (const auto* s = json_member(*carrier, "summary"); s != nullptr && s->IsObject())
      change.summary_json = to_json(*s);
    std::string status = json_string(*carrier, "connector_status");
    if (!status.empty()) change.status = status;
  }
  mark_reauthorization(change, is_error, json_string(d, "code"));
  return change;
}

ConnectorChange change_from_plugin_document(const std::string& document_json, bool is_error) {
  // The reader stops at a NUL; the depth bound counts the whole text, as
  // try_parse_json does. (Without a NUL the scan itself counts the depth.)
  if (document_json.find('\0') != std::string::npos &&
      console::bounds::json_depth_exceeds(document_json, console::bounds::kMaxJsonDepth))
    return {};
  rapidjson::StringStream in(document_json.c_str());
  ChangeScanner scan(document_json, in, is_error);
  rapidjson::Reader reader;
  const bool parsed = !reader.Parse<rapidjson::kParseIterativeFlag>(in, scan).IsError();
  if (scan.too_deep) return {};
  if (!scan.ok) return change_by_parsing(document_json, is_error);  // another parser's way of calling back
  ConnectorChange change;
  if (!parsed) return change;  // not JSON (a document that is not an object finds nothing either)
  change.state_json = std::move(scan.state);
  change.summary_json = std::move(scan.summary);
  change.status = std::move(scan.status);
  mark_reauthorization(change, is_error, scan.code);
  return change;
}

namespace {

// Runs the action on `rec` (the newest row, read under `lease`) and commits
// what it returned; with `release`, gives the lease up in the same write
// transaction (and sets `*released` once it is given up).
ActionReport run_on_record(Store& store, Lease& lease, const ConnectorRecord& rec, const ConnectorTypeClient& client,
                           const std::string& action_id, const std::string& params_json, const Redactor& redactor,
                           bool* released) {
  ActionReport report;
  report.status = parse_connector_status(rec.status);
  CallContext call{rec.project + "/" + rec.name};
  ActionOutcome outcome = client.run_action(rec.state_json, action_id, params_json, &call);
  report.ok = outcome.ok;
  ConnectorChange change = change_from_plugin_document(outcome.document, !outcome.ok);
  change.touch_last_used = outcome.ok;
  const bool changed = change.state_json || change.summary_json || change.status || change.touch_last_used;
  if (released != nullptr) {
    if (changed)
      store.commit_and_release(lease, change);
    else
      store.release_lease(lease);
    *released = true;
  } else if (changed) {
    store.commit(lease, change);
  }
  if (change.status) report.status = parse_connector_status(*change.status);
  if (!outcome.ok) {
    rapidjson::Document d;
    if (!try_parse_json(d, outcome.document) || !d.IsObject()) d.SetObject();
    report.code = parse_error_code(json_string(d, "code", "internal"));
    report.message = redactor.redact(json_string(d, "message", "the action failed"));
  }
  report.document = std::move(outcome.document);
  return report;
}

}  // namespace

ActionReport run_action_under_lease(Store& store, Lease& lease, const ConnectorTypeClient& client,
                                    const std::string& action_id, const std::string& params_json,
                                    const Redactor& redactor) {
  auto rec = store.find_by_id(lease.connector_id, true);  // the newest state: nobody else writes it now
  if (!rec) {
    ActionReport report;
    report.code = ErrorCode::kNotFound;
    report.message = "the connector was deleted meanwhile";
    return report;
  }
  return run_on_record(store, lease, *rec, client, action_id, params_json, redactor, nullptr);
}

ActionReport run_leased_action(Store& store, int64_t id, const std::string& action_id, const ClientForType& client_for,
                               const Redactor& redactor, const std::string& params_json,
                               std::chrono::milliseconds wait) {
  // Two write transactions in all: the lease is taken and the newest row
  // read at once, and the result is committed as the lease is given up.
  ActionReport report;
  ConnectorRecord rec;
  Lease lease;
  try {
    lease = store.acquire_lease(id, action_id, wait, Store::kLeaseTtlMs, &rec);
  } catch (const HostError& e) {
    if (e.code() == ExitCode::kConflict) {
      report.code = ErrorCode::kConflict;
    } else if (e.code() == ExitCode::kNotFound) {  // deleted, or still (or never finished) being created
      report.code = ErrorCode::kNotFound;
      report.status = parse_connector_status(rec.status);
    } else {
      throw;
    }
    report.message = e.what();
    return report;
  }
  struct Release {
    Store& store;
    const Lease& lease;
    bool done = false;
    ~Release() {
      if (!done) store.release_lease(lease);
    }
  } release{store, lease};
  auto client = client_for(rec.type_id);
  if (!client) {
    report.status = parse_connector_status(rec.status);
    report.code = ErrorCode::kUnsupported;
    report.message = "connector type \"" + rec.type_id + "\" is not loaded";
    return report;
  }
  LeaseKeeper keep(store, lease);
  return run_on_record(store, lease, rec, *client, action_id, params_json, redactor, &release.done);
}

}  // namespace console_host
