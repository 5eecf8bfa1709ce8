// Shared pieces of the browser tests: start sfsim and `console-host serve`
// on free loopback ports, launch Debian's chromium headless through
// playwright-core, keep a screenshot of every screen, and read sfsim's state.
//
// Every wait here is bounded and named: a server that never announces
// itself, dies, or does not stop, and an HTTP answer that never comes, fail
// within seconds with what was awaited (the process and its stderr, or the
// URL), never as a hang. A whole-file watchdog catches any wait left
// unbounded: it prints the waits still open, kills the children and exits.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const env = {
  host: process.env.CONSOLE_HOST_BIN,
  sfsim: process.env.SFSIM_BIN,
  modules: process.env.PLAYWRIGHT_MODULES,
  shots: process.env.SCREENSHOT_DIR,
  chromium: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
};
// Loaded on first use, so the tests without a browser need no npm package.
const chromium = () => require(path.join(env.modules, 'playwright-core')).chromium;

// Bounds, in ms; generous for two shared cores, far below CTest's TIMEOUT.
const limits = {
  start: 15000,    // a server's "listening at" line
  stop: 10000,     // exit after SIGTERM (then SIGKILL)
  http: 30000,     // one HTTP exchange, body included (the host's own I/O timeout is 30 s)
  browser: 30000,  // chromium's launch and close
  file: Number(process.env.BROWSER_TEST_FILE_TIMEOUT_MS || 300000),
};

// The waits in progress, by name, for the watchdog's report.
const waits = new Map();
let waitIds = 0;

// Settles as `promise` does, or rejects after `ms` with "timed out after
// ms: <what>" (after running onTimeout, e.g. to kill what was awaited).
function bounded(promise, ms, what, onTimeout) {
  const id = ++waitIds;
  waits.set(id, { what, since: Date.now() });
  let timer;
  const expiry = new Promise((_, reject) => {
    timer = setTimeout(() => {
      if (onTimeout) { try { onTimeout(); } catch (_) {} }
      reject(new Error(`timed out after ${ms} ms: ${what}`));
    }, ms);
  });
  return Promise.race([promise, expiry]).finally(() => { clearTimeout(timer); waits.delete(id); });
}

// Everything started here is killed when this process ends, even after a
// failure or a timeout. Children are unref'd: a forgotten one never keeps
// the test file alive (the bounded waits' timers do that while it matters).
const children = new Set();
function killChildren(signal) {
  for (const c of children) { try { c.kill(signal); } catch (_) {} }
}
process.on('exit', () => killChildren('SIGKILL'));
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    console.error(`# browser tests: ${sig}; killing ${children.size} child process(es)`);
    killChildren('SIGKILL');
    process.exit(1);
  });
}
setTimeout(() => {
  const open = [...waits.values()].map((w) => `#   ${w.what} (for ${Date.now() - w.since} ms)`);
  const procs = [...children].map((c) => `#   pid ${c.pid}: ${c.spawnargs.join(' ')}`);
  console.error(`# browser tests: this file ran over ${limits.file} ms; waiting for:\n${open.join('\n') || '#   (no bounded wait: an unbounded one in the test)'}\n` +
    `# still running:\n${procs.join('\n') || '#   (none)'}`);
  killChildren('SIGKILL');
  process.exit(1);
}, limits.file).unref();

// How a child ended, for messages: "exit 3" or "signal SIGSEGV".
function ending(child) {
  if (child.exitCode !== null) return `exit ${child.exitCode}`;
  if (child.signalCode !== null) return `signal ${child.signalCode}`;
  return 'still running';
}
const exited = (child) => child.exitCode !== null || child.signalCode !== null;

// Spawns a server and resolves with the URL its first stdout line announces;
// rejects (and kills it) when it exits first, prints something else, or
// says nothing within limits.start.
function startServer(cmd, args, opts, pattern) {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.unref();
  child.stdout.unref();
  child.stderr.unref();
  const name = `${path.basename(cmd)} ${args.join(' ')} (pid ${child.pid})`;
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  // The stdout lines after the first, kept so the pipe never fills up.
  let out = '';
  const server = { child, name, log: () => log, out: () => out, ending: () => ending(child) };
  const done = new Promise((resolve) => child.once('exit', () => {
    children.delete(child);
    log += `\n(${ending(child)})`;
    resolve();
  }));
  server.done = done;
  const started = new Promise((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`${name} could not be started: ${e.message}`)));
    const rl = readline.createInterface({ input: child.stdout });
    let first = true;
    // stdout ends when the process does: after its last line, so an exit
    // right after the address line still counts as started.
    rl.once('close', () => {
      if (first) done.then(() => reject(new Error(`${name} ended (${ending(child)}) before it printed its address`)));
    });
    rl.on('line', (line) => {
      if (!first) { out += line + '\n'; return; }
      first = false;
      const m = line.match(pattern);
      if (!m) return reject(new Error(`unexpected first line from ${name}: ${line}`));
      server.url = m[1];
      resolve(server);
    });
  });
  return bounded(started, limits.start, `${name} to print ${pattern}`, () => child.kill('SIGKILL'))
    .catch((e) => { child.kill('SIGKILL'); throw new Error(`${e.message}\nstderr so far:\n${log}`); });
}

// fetch, bounded (the body too) and named: "GET http://... : <cause>".
async function http(url, opts = {}, ms = limits.http) {
  const what = `${opts.method || 'GET'} ${url}`;
  const ctl = new AbortController();
  return bounded((async () => {
    let res;
    try {
      res = await fetch(url, { ...opts, signal: ctl.signal });
    } catch (e) {
      throw new Error(`${what}: ${e.cause ? e.cause.message || e.cause.code : e.message}`);
    }
    const text = await res.text();
    return { res, text, status: res.status, headers: res.headers };
  })(), ms, `the answer to ${what}`, () => ctl.abort());
}

// The built-in org plus `fleet` administrators fleet1@simorg.example...:
// Salesforce keeps at most 5 refresh tokens per user and app, so many
// connectors that all stay authorized need as many users.
function fleetOrg(dir, fleet) {
  const org = JSON.parse(execFileSync(env.sfsim, ['--print-builtin-org'], { timeout: limits.start }).toString());
  const admin = org.users[0];
  for (let i = 1; i <= fleet; i++) {
    const u = JSON.parse(JSON.stringify(admin));
    u.username = `fleet${i}@simorg.example`;
    if (u.email) u.email = u.username;
    org.users.push(u);
  }
  const file = path.join(dir, 'org.json');
  fs.writeFileSync(file, JSON.stringify(org));
  return file;
}

async function startSfsim(dir, fleet = 0) {
  const args = ['--port', '0'];
  if (fleet > 0) args.push('--org', fleetOrg(dir, fleet));
  return startServer(env.sfsim, args, {}, /^sfsim listening at (\S+)$/);
}

function tempDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `serve_browser_${name}_`));
}

function writeConfig(dir, serveSection = {}) {
  const serve = Object.entries(serveSection).map(([k, v]) => `${k} = ${v}\n`).join('');
  const file = path.join(dir, 'host.ini');
  fs.writeFileSync(file, '[host]\ntimeout = 30\n' +
    '[salesforce]\nclient_id = 3MVG9SIMULATOR0SmartFlowsConsumerKey\nclient_secret = sim-consumer-secret\n' +
    'allow_loopback_login_host = true\n' + (serve ? `[serve]\n${serve}` : ''), { mode: 0o600 });
  fs.chmodSync(file, 0o600); // it holds the client secret: console-host refuses it readable by others
  return file;
}

// Starts `console-host serve` and registers its callback, <public_url>/oauth/callback,
// on sfsim's connected app, as an admin does in Salesforce (matching is exact).
async function startServe(dir, sim, { serveSection = {}, extraEnv = {} } = {}) {
  const config = writeConfig(dir, serveSection);
  const s = await startServer(env.host, ['serve', '--listen', '127.0.0.1:0'], {
    env: { ...process.env, NO_COLOR: '1', CONSOLE_HOST_STORE: path.join(dir, 'console.db'), CONSOLE_HOST_CONFIG: config, ...extraEnv },
  }, /^console-host serve listening at (\S+)$/);
  try {
    const r = await http(sim + '/__sim/callback_urls', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: s.url + '/oauth/callback' }) });
    if (r.status !== 200) throw new Error('sfsim refused the callback URL: ' + r.text);
  } catch (e) {
    await stop(s).catch(() => {});
    throw e;
  }
  return s;
}

// SIGTERM, and resolves with the exit code (or the signal's name, so an
// `assert.equal(await stop(s), 0)` names a crash). One that outlives
// limits.stop is SIGKILLed and the promise rejects, naming it.
// A server that ended on its own, or not with 0 after SIGTERM, has the end
// of its stderr printed (a crash's report is there).
async function stop(server, ms = limits.stop) {
  const { child } = server;
  const before = exited(child) && !server.stopped;  // it ended by itself
  if (!exited(child)) {
    server.stopped = true;
    child.kill('SIGTERM');
    await bounded(server.done, ms, `${server.name} to exit after SIGTERM`, () => child.kill('SIGKILL'));
  }
  if ((before || child.exitCode !== 0) && !server.reported) {
    server.reported = true;
    console.error(`# ${server.name} ended (${ending(child)})${before ? ' before it was stopped' : ' after SIGTERM'}; ` +
      `the end of its stderr:\n# ${server.log().split('\n').slice(-30).join('\n# ')}`);
  }
  return child.exitCode !== null ? child.exitCode : child.signalCode;
}

async function launchBrowser() {
  // This machine has no network: without these flags Chromium stalls on
  // its own background requests. Playwright gives it a fresh profile folder.
  // Playwright kills the browser when this process exits.
  return chromium().launch({
    executablePath: env.chromium,
    headless: true,
    timeout: limits.browser,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

function closeBrowser(browser) {
  return bounded(browser.close(), limits.browser, 'chromium to close');
}

// The first screenshot of a run replaces the last run's folder.
let shotCount = 0;
async function shot(page, name) {
  if (shotCount === 0) fs.rmSync(env.shots, { recursive: true, force: true });
  fs.mkdirSync(env.shots, { recursive: true });
  const file = path.join(env.shots, `${String(++shotCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function json(r) {
  try {
    return JSON.parse(r.text);
  } catch (e) {
    throw new Error(`${r.res.url} answered ${r.status}, not JSON: ${r.text.slice(0, 300)}`);
  }
}
async function simGet(sim, p) {
  return json(await http(sim + p));
}
async function simPost(sim, p, body = {}) {
  return json(await http(sim + p, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
}

// Which layouts of an object carry the Smart Flows button, from sfsim's state.
function layoutsWithButton(state, object) {
  return Object.entries(state.layouts)
    .filter(([name, l]) => name.startsWith(object + '-') && (l.customButtons || []).includes('Smart_Flows'))
    .map(([name]) => name).sort();
}

module.exports = {
  env, limits, bounded, http, startSfsim, startServe, stop, launchBrowser, closeBrowser, shot, simGet, simPost, tempDir,
  layoutsWithButton, writeConfig,
};
