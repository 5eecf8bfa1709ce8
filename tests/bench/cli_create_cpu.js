// P3 for the one-shot CLI: N `console-host connector create` runs (Install/
// Update on Account, a fresh org each), host+plugin CPU time against sfsim's
// own time for the same requests. The admin's browser is played here, not by
// a $BROWSER child of the host: the host runs with --no-browser and gets the
// redirect pasted on its standard input, so its CPU time (bash's `time`, to
// the millisecond; the host has no child) holds nothing but the host and the plugin. sfsim's time is
// both its CPU time (to the nanosecond, process_cpu.js) and calls.busy_us
// (each request from read to answer ready to send). Prints; asserts nothing.
// Usage: node cli_create_cpu.js <console-host> <sfsim url> <sfsim pid> <store dir> <config> <N>
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { cpuMs } = require('./process_cpu');

const [host, sim, simPid, dir, config, countText] = process.argv.slice(2);
const count = Number(countText);

const simJson = async (method, p, body) => (await fetch(sim + p, { method, body: body && JSON.stringify(body),
  headers: { 'content-type': 'application/json' } })).json();

function createOnce(i) {
  return new Promise((resolve, reject) => {
    const timeFile = path.join(dir, 'time.txt');
    // bash's time writes to the group's stderr (fd 3: the file); the host's stderr goes to stdout.
    const timed = 'TIMEFORMAT="%3U %3S %3R"; exec 3>"$0"; { time "$@" 2>&1; } 2>&3';
    const child = spawn('bash', ['-c', timed, timeFile, host, 'connector', 'create',
      '--project', `Bench ${i}`, '--name', 'SF', '--non-interactive', '--no-browser',
      '--set', 'environment.environment=custom', '--set', `environment.custom_domain=${sim}`,
      '--set', 'environment.buttons=install', '--set', 'environment.object=Account'],
    { env: { ...process.env, NO_COLOR: '1', CONSOLE_HOST_STORE: path.join(dir, 'console.db'), CONSOLE_HOST_CONFIG: config },
      stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    let signedIn = false;
    const onText = async (d) => {
      err += d;
      const m = err.match(/(https?:\/\/\S+\/services\/oauth2\/authorize\?\S+)/);
      if (!m || signedIn) return;
      signedIn = true;
      try {
        const { redirect } = await simJson('POST', '/__sim/browser/authorize',
          { authorize_url: m[1], username: 'admin@simorg.example', password: 'sim-password', decision: 'allow' });
        child.stdin.write(redirect + '\n');
      } catch (e) { reject(e); }
    };
    child.stderr.on('data', onText);
    child.stdout.on('data', onText);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`create ${i} exited ${code}: ${err.slice(-800)}`));
      const [user, sys, wall] = fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
      resolve({ cpuMs: (user + sys) * 1000, wallMs: wall * 1000 });
    });
  });
}

async function main() {
  let hostMs = 0, wallMs = 0, simCpu = 0, simBusyUs = 0;
  for (let i = 1; i <= count + 2; i++) {
    await simJson('POST', '/__sim/reset', {});
    await simJson('POST', '/__sim/calls/reset', {});
    const sim0 = cpuMs(simPid);
    const r = await createOnce(i);
    if (i <= 2) continue;  // warm-up: page cache, the plugin file
    simCpu += cpuMs(simPid) - sim0;
    simBusyUs += (await simJson('GET', '/__sim/state')).calls.busy_us;
    hostMs += r.cpuMs;
    wallMs += r.wallMs;
  }
  console.log(`${(hostMs / count).toFixed(2)} ${(wallMs / count).toFixed(2)} ${(simCpu / count).toFixed(2)} ${(simBusyUs / 1000 / count).toFixed(2)}`);
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
