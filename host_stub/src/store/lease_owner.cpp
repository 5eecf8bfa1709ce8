#include "store/lease_owner.hpp"

#include <unistd.h>

#include <atomic>
#include <ctime>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <vector>

namespace console_host {
namespace {

std::string this_host() {
  char name[256] = {0};
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

// Field 22 of /proc/<pid>/stat: the process start time in clock ticks since
// boot. Together with the pid it names one process for the life of the host.
std::string start_ticks(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  // The command name (field 2) may hold spaces; it ends at the last ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 22) return field;
  }
  return {};
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

// "<pid>@<host>;<start ticks>;" of this process: read once per process (a
// forked child reads its own), not from /proc for every lease.
std::string this_process_prefix() {
  static std::mutex mutex;
  static long cached_pid = 0;
  static std::string cached;
  const long pid = static_cast<long>(::getpid());
  std::lock_guard<std::mutex> lock(mutex);
  if (pid != cached_pid) {
    cached = std::to_string(pid) + "@" + this_host() + ";" + start_ticks(pid) + ";";
    cached_pid = pid;
  }
  return cached;
}

}  // namespace

std::string utc_time(int64_t ms, bool with_seconds) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, with_seconds ? "%Y-%m-%d %H:%M:%S UTC" : "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

std::string make_lease_owner(const std::string& purpose, int64_t since_ms) {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t salt = std::random_device{}();
  std::string owner = this_process_prefix();
  owner += std::to_string(since_ms);
  owner += ';';
  for (char c : purpose) owner += (c == ';' || c == '@') ? '_' : c;
  owner += ';';
  owner += std::to_string(salt ^ (++counter * 0x9E3779B97F4A7C15ull));
  return owner;
}

bool lease_owner_alive(const std::string& owner) {
  const auto parts = split(owner, ';');
  if (parts.size() < 5) return true;
  const auto at = parts[0].find('@');
  if (at == std::string::npos) return true;
  if (parts[0].substr(at + 1) != this_host()) return true;
  long pid = 0;
  try {
    pid = std::stol(parts[0].substr(0, at));
  } catch (...) {
    return true;
  }
  if (pid <= 0) return true;
  const std::string now = start_ticks(pid);
  return !now.empty() && now == parts[1];
}

std::string describe_lease_owner(const std::string& owner) {
  const auto parts = split(owner, ';');
  if (parts.size() < 5) return "another console-host";
  const auto at = parts[0].find('@');
  std::string pid = at == std::string::npos ? parts[0] : parts[0].substr(0, at);
  std::string host = at == std::string::npos ? std::string("?") : parts[0].substr(at + 1);
  int64_t since = 0;
  try {
    since = std::stoll(parts[2]);
  } catch (...) {
  }
  return "console-host process " + pid + " on " + host + " (" + parts[3] + ", since " + utc_time(since) + ")";
}

}  // namespace console_host
