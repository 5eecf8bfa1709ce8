// lease_owner.hpp -- who holds a connector's lease, written so that any
// other process can tell whether that holder is still alive.
//
// A lease owner is one string, unique per acquisition (two threads of one
// process never share one):
//
//   "<pid>@<hostname>;<process start ticks>;<since ms>;<purpose>;<nonce>"
//
// On the same host, a holder whose process is gone (or whose pid now
// belongs to a process started at another time) is dead at once: a killed
// console-host does not block a connector until its lease expires. A holder
// on another host is trusted until the lease expires.
//
//   std::string owner = make_lease_owner("refresh", now_ms);
//   if (!lease_owner_alive(other_owner)) { ... take over ... }
//   std::cout << describe_lease_owner(other_owner);  // "console-host process 4242 on ci-1 (refresh, since 21:03:04
//   UTC)"
#ifndef CONSOLE_HOST_STORE_LEASE_OWNER_HPP
#define CONSOLE_HOST_STORE_LEASE_OWNER_HPP

#include <cstdint>
#include <string>

namespace console_host {

// A fresh owner string for this process, naming what it is doing.
std::string make_lease_owner(const std::string& purpose, int64_t since_ms);

// False when the owner is a process of this host that no longer runs.
// True for owners of other hosts, and for strings it cannot read (so a
// malformed owner is honoured until its lease expires).
bool lease_owner_alive(const std::string& owner);

// "2026-12-01 21:03:04 UTC" (without the seconds when not `with_seconds`):
// how the host prints a time, in lease owners and in listings alike.
std::string utc_time(int64_t ms, bool with_seconds = true);

// "console-host process 4242 on ci-1 (refresh, since 2026-12-01 21:03:04 UTC)".
std::string describe_lease_owner(const std::string& owner);

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_LEASE_OWNER_HPP
