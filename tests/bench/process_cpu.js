// The CPU time and context switches of a running process so far, for the
// benchmarks that compare the host with sfsim. The scheduler counts each
// thread's run time in nanoseconds (/proc/PID/task/*/schedstat);
// /proc/PID/stat's user and system times come in 10 ms ticks, coarser than
// sfsim's share of one create (about 2 ms), so a ratio summed from ticks per
// create moved by a third between runs. A thread that has exited leaves the
// sum: both processes measured keep theirs for life (fixed pools).
'use strict';
const fs = require('node:fs');

// The text of /proc/PID/task/<thread>/<file> for each of the process's threads.
function perThread(pid, file) {
  return fs.readdirSync(`/proc/${pid}/task`).map((task) => fs.readFileSync(`/proc/${pid}/task/${task}/${file}`, 'utf8'));
}

// CPU milliseconds, all threads, to the nanosecond.
function cpuMs(pid) {
  let ns = 0;
  for (const schedstat of perThread(pid, 'schedstat')) ns += Number(schedstat.split(' ')[0]);
  return ns / 1e6;
}

// The process's context switches so far, all threads: a thread woken for
// nothing costs one, whatever the machine's load.
function contextSwitches(pid) {
  let n = 0;
  for (const status of perThread(pid, 'status')) {
    for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)) n += Number(m[1]);
  }
  return n;
}

// [user, system] CPU milliseconds so far, in 10 ms ticks: for the split of a
// long window, not for one create.
function cpuSplitMs(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]) * 10, Number(fields[12]) * 10];  // utime, stime; USER_HZ is 100 on Linux
}

module.exports = { cpuMs, cpuSplitMs, contextSwitches };

if (require.main === module) console.log(cpuMs(Number(process.argv[2])).toFixed(3));
