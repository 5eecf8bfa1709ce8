// Shared pieces of the browser tests: start sfsim and `console-host serve`
// on free loopback ports, launch Debian's chromium headless through
// playwright-core, keep a screenshot of every screen, and read sfsim's state.
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

// Everything started here is stopped at exit, even when a test fails.
const children = new Set();
process.on('exit', () => { for (const c of children) { try { c.kill('SIGTERM'); } catch (_) {} } });

// Spawns a server and resolves with the URL its first stdout line announces.
function startServer(cmd, args, opts, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let log = '';
    child.stderr.on('data', (d) => { log += d; });
    const rl = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${log}`)), 10000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      const m = line.match(pattern);
      if (!m) return reject(new Error(`unexpected first line from ${cmd}: ${line}`));
      resolve({ url: m[1], child, log: () => log });
    });
    child.once('exit', (code) => { children.delete(child); clearTimeout(timer); if (code) log += `\n(exit ${code})`; });
  });
}

// The built-in org plus `fleet` administrators fleet1@simorg.example...:
// Salesforce keeps at most 5 refresh tokens per user and app, so many
// connectors that all stay authorized need as many users.
function fleetOrg(dir, fleet) {
  const org = JSON.parse(execFileSync(env.sfsim, ['--print-builtin-org']).toString());
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
  const s = await startServer(env.sfsim, args, {}, /^sfsim listening at (\S+)$/);
  return s;
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
  const r = await fetch(sim + '/__sim/callback_urls', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: s.url + '/oauth/callback' }) });
  if (!r.ok) throw new Error('sfsim refused the callback URL: ' + (await r.text()));
  return s;
}

function stop(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve(server.child.exitCode);
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

async function launchBrowser() {
  // This machine has no network: without these flags Chromium stalls on
  // its own background requests. Playwright gives it a fresh profile folder.
  return chromium().launch({
    executablePath: env.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

let shotCount = 0;
async function shot(page, name) {
  fs.mkdirSync(env.shots, { recursive: true });
  const file = path.join(env.shots, `${String(++shotCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function simGet(sim, p) {
  const r = await fetch(sim + p);
  return r.json();
}
async function simPost(sim, p, body = {}) {
  const r = await fetch(sim + p, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}

// Which layouts of an object carry the Smart Flows button, from sfsim's state.
function layoutsWithButton(state, object) {
  return Object.entries(state.layouts)
    .filter(([name, l]) => name.startsWith(object + '-') && (l.customButtons || []).includes('Smart_Flows'))
    .map(([name]) => name).sort();
}

module.exports = { env, startSfsim, startServe, stop, launchBrowser, shot, simGet, simPost, tempDir, layoutsWithButton, writeConfig };
