// The official Salesforce CLI (@salesforce/cli), unchanged and only pointed
// at the simulator, logs in (sfdx-url and the web flow through a scripted
// $BROWSER), reads the org, queries, describes, lists limits and metadata,
// refreshes an expired session and logs out, as against a Salesforce org.
// Usage: node sf_conformance.js <sfsim binary> <sf run.js> <work dir>
// (run with Node 22 or newer, the CLI's minimum).
'use strict';
const { spawn, spawnSync, execFile, execFileSync } = require('child_process');
const assert = require('assert');
const fs = require('fs');
const net = require('net');
const path = require('path');
const readline = require('readline');

const [sfsimBinary, sfRun, work] = process.argv.slice(2);
const PLATFORM_CLI = 'PlatformCLI';  // the CLI's own app, a public client in sfsim's built-in org
const REGISTERED = 'http://localhost:1717/OauthRedirect';

for (const v of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']) delete process.env[v];

// sfdx-url logins always use https://, so the simulator serves TLS with a
// certificate the CLI is told to trust. Node reads NODE_EXTRA_CA_CERTS only
// at start, so the script makes the certificate and runs itself again.
const cert = path.join(work, 'cert.pem');
const key = path.join(work, 'key.pem');
if (process.env.NODE_EXTRA_CA_CERTS !== cert) {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'home'), { recursive: true });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const again = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: cert } });
  process.exit(again.status === null ? 1 : again.status);
}

const env = {
  ...process.env,
  HOME: path.join(work, 'home'),
  PATH: `${path.dirname(process.execPath)}:${path.dirname(path.dirname(sfRun))}/../.bin:${process.env.PATH}`,
  NODE_EXTRA_CA_CERTS: cert,
  // Offline and quiet: no telemetry, update checks, DNS look-ups of the
  // instance, release notes or keychain prompts.
  SF_DISABLE_TELEMETRY: 'true',
  SFDX_DISABLE_TELEMETRY: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SFDX_AUTOUPDATE_DISABLE: 'true',
  SF_DISABLE_DNS_CHECK: 'true',
  SFDX_DISABLE_DNS_CHECK: 'true',
  SF_HIDE_RELEASE_NOTES: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  SF_CONTENT_TYPE: 'JSON',
  SF_WEB_OAUTH_SERVER_TIMEOUT: '60000',
  BROWSER: path.join(__dirname, 'sf_browser.sh'),
  SF_TEST_NODE: process.execPath,
  SF_BROWSER_LOG: path.join(work, 'browser.log'),
  NO_COLOR: '1',
};

function startSimulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(sfsimBinary, ['--port', '0', '--tls-cert', cert, '--tls-key', key], { stdio: ['ignore', 'pipe', 'ignore'] });
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      const m = /^sfsim listening at (https:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (!m) return reject(new Error('unexpected first line: ' + line));
      resolve({ child, base: m[1] });
    });
    child.once('error', reject);
  });
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function control(base, method, p, body) {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// Runs `sf <args> --json` and returns the parsed answer; a non-zero status
// fails the step with the CLI's own message.
function sf(args, { cwd = work, expectFailure = false, extraEnv = {} } = {}) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [sfRun, ...args, '--json'], { cwd, env: { ...env, ...extraEnv }, timeout: 120000, maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        let doc;
        try { doc = JSON.parse(stdout); } catch { return reject(new Error(`sf ${args.join(' ')}: no JSON: ${stdout}${stderr}`)); }
        if (!expectFailure && doc.status !== 0) return reject(new Error(`sf ${args.join(' ')}: ${JSON.stringify(doc)}`));
        resolve(doc);
      });
  });
}

const steps = [];
function step(name, fn) { steps.push({ name, fn, concurrent: false }); }
// A read-only step that may run at the same time as its concurrent
// neighbours (each `sf` start costs seconds of CPU; two cores halve that).
function concurrentStep(name, fn) { steps.push({ name, fn, concurrent: true }); }

step('sf org login sfdx-url with a refresh token of the CLI app', async (ctx) => {
  const login = await control(ctx.base, 'POST', '/__sim/browser/authorize', {
    authorize_url: `${ctx.base}/services/oauth2/authorize?response_type=code&client_id=${PLATFORM_CLI}&redirect_uri=${encodeURIComponent(REGISTERED)}`,
    username: 'admin@simorg.example', password: 'sim-password' });
  const code = new URL(login.redirect).searchParams.get('code');
  const tok = await (await fetch(ctx.base + '/services/oauth2/token', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: PLATFORM_CLI, redirect_uri: REGISTERED, code }).toString() })).json();
  assert.ok(tok.refresh_token, JSON.stringify(tok));
  const file = path.join(work, 'sfdx-url.txt');
  fs.writeFileSync(file, `force://${PLATFORM_CLI}::${tok.refresh_token}@${new URL(ctx.base).host}\n`);
  const r = (await sf(['org', 'login', 'sfdx-url', '--sfdx-url-file', file, '--alias', 'url'])).result;
  assert.strictEqual(r.username, 'admin@simorg.example');
  assert.strictEqual(r.orgId, '00D000000SIMORGEQ5');
  assert.strictEqual(r.instanceUrl, ctx.base);
  // The Organization query succeeded, so the CLI recorded the org.
  assert.strictEqual(r.name, 'SimOrg');
  assert.strictEqual(r.instanceName, 'SIM1');
  assert.strictEqual(r.isSandbox, false);
  assert.strictEqual(r.isScratch, false);
  assert.strictEqual(r.orgEdition, 'Developer Edition');
});

concurrentStep('sf org display', async (ctx) => {
  const r = (await sf(['org', 'display', '--target-org', 'url'])).result;
  assert.strictEqual(r.id, '00D000000SIMORGEQ5');
  assert.strictEqual(r.instanceUrl, ctx.base);
  assert.strictEqual(r.username, 'admin@simorg.example');
  assert.strictEqual(r.connectedStatus, 'Connected');
  assert.strictEqual(r.apiVersion, '66.0');
});

concurrentStep('sf data query on Account (columns=true, then the query)', async () => {
  const r = (await sf(['data', 'query', '-q', 'SELECT Id, Name FROM Account ORDER BY Name', '--target-org', 'url'])).result;
  assert.strictEqual(r.totalSize, 3);
  assert.deepStrictEqual(r.records.map((x) => x.Name), ['Burlington Textiles Corp of America', 'Edge Communications', 'United Oil & Gas Corp.']);
});

concurrentStep('sf data query on UserPermissionAccess', async () => {
  const r = (await sf(['data', 'query', '-q', 'SELECT PermissionsModifyAllData, PermissionsModifyMetadata, PermissionsApiUserOnly FROM UserPermissionAccess',
    '--target-org', 'url'])).result;
  assert.strictEqual(r.totalSize, 1);
  assert.strictEqual(r.records[0].PermissionsModifyAllData, true);
  assert.strictEqual(r.records[0].PermissionsModifyMetadata, true);
  assert.strictEqual(r.records[0].PermissionsApiUserOnly, false);
});

concurrentStep('sf data query with a relationship field', async () => {
  const r = (await sf(['data', 'query', '-q', "SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE Assignee.Username = 'minimal@simorg.example' AND PermissionSet.IsOwnedByProfile = false",
    '--target-org', 'url'])).result;
  assert.deepStrictEqual(r.records.map((x) => x.PermissionSet.Name), ['SmartFlows_Minimal']);
});

concurrentStep('sf sobject describe', async () => {
  const r = (await sf(['sobject', 'describe', '--sobject', 'Account', '--target-org', 'url'])).result;
  assert.strictEqual(r.name, 'Account');
  assert.strictEqual(r.keyPrefix, '001');
  assert.ok(r.fields.some((f) => f.name === 'Name'));
});

concurrentStep('sf org list limits', async () => {
  const r = (await sf(['org', 'list', 'limits', '--target-org', 'url'])).result;
  const api = r.find((l) => l.name === 'DailyApiRequests');
  assert.strictEqual(api.max, 15000);
  assert.ok(api.remaining < 15000 && api.remaining > 14900, JSON.stringify(api));
});

concurrentStep('sf org list metadata -m Layout', async () => {
  const r = (await sf(['org', 'list', 'metadata', '--metadata-type', 'Layout', '--target-org', 'url'])).result;
  const names = r.map((x) => x.fullName);
  assert.ok(names.includes('Account-Account Layout'), names.join(', '));
  assert.ok(names.includes('Account-Account %28Marketing%29 Layout'), names.join(', '));
  assert.ok(r.every((x) => x.type === 'Layout'));
});

concurrentStep('sf org open --url-only (frontdoor URL)', async (ctx) => {
  const r = (await sf(['org', 'open', '--url-only', '--target-org', 'url'])).result;
  assert.ok(r.url.startsWith(ctx.base + '/secur/frontdoor.jsp?otp='), r.url);
});

step('an expired session is refreshed once, with the refresh token', async (ctx) => {
  await control(ctx.base, 'POST', '/__sim/clock/advance', { hours: 3 });  // past the 2-hour session timeout
  const before = (await control(ctx.base, 'GET', '/__sim/state')).calls.by_endpoint['oauth.token'] || 0;
  const r = (await sf(['data', 'query', '-q', 'SELECT Name FROM Organization', '--target-org', 'url'])).result;
  assert.strictEqual(r.records[0].Name, 'SimOrg');
  const after = (await control(ctx.base, 'GET', '/__sim/state')).calls.by_endpoint['oauth.token'];
  assert.strictEqual(after - before, 1);
});

step('sf org login web through the login and Allow pages, at the exact registered callback', async (ctx) => {
  // Salesforce matches the callback exactly, so the port the CLI listens on
  // (oauthLocalPort of the project) is registered on its app first.
  const port = await freePort();
  await control(ctx.base, 'POST', '/__sim/callback_urls', { client_id: PLATFORM_CLI, url: `http://localhost:${port}/OauthRedirect` });
  const project = path.join(work, 'project');
  fs.mkdirSync(path.join(project, 'force-app'), { recursive: true });
  fs.writeFileSync(path.join(project, 'sfdx-project.json'), JSON.stringify({
    packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0', oauthLocalPort: port }));
  const r = (await sf(['org', 'login', 'web', '--instance-url', ctx.base, '--alias', 'web'],
    { cwd: project, extraEnv: { SIM_USERNAME: 'minimal@simorg.example' } })).result;
  assert.strictEqual(r.username, 'minimal@simorg.example');
  assert.strictEqual(r.orgId, '00D000000SIMORGEQ5');
  const state = await control(ctx.base, 'GET', '/__sim/state');
  assert.strictEqual(state.tokens.refresh_by_user['minimal@simorg.example'], 1);
  const q = (await sf(['data', 'query', '-q', 'SELECT PermissionsModifyAllData, PermissionsEmailSingle FROM UserPermissionAccess', '--target-org', 'web'])).result;
  assert.deepStrictEqual([q.records[0].PermissionsModifyAllData, q.records[0].PermissionsEmailSingle], [true, false]);
});

step('sf org login web at an unregistered port lands on the OAuth error page', async (ctx) => {
  const port = await freePort();
  const project = path.join(work, 'project2');
  fs.mkdirSync(path.join(project, 'force-app'), { recursive: true });
  fs.writeFileSync(path.join(project, 'sfdx-project.json'), JSON.stringify({
    packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0', oauthLocalPort: port }));
  const log = path.join(work, 'browser.log');
  const before = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').length : 0;
  const r = await sf(['org', 'login', 'web', '--instance-url', ctx.base, '--alias', 'nope'],
    { cwd: project, expectFailure: true, extraEnv: { SF_WEB_OAUTH_SERVER_TIMEOUT: '3000' } });
  assert.notStrictEqual(r.status, 0);
  const walked = fs.readFileSync(log, 'utf8').slice(before);
  assert.ok(walked.includes('no pending field in page') && walked.includes('redirect_uri_mismatch'), walked);
});

step('sf org logout', async (ctx) => {
  const r = (await sf(['org', 'logout', '--target-org', 'web', '--no-prompt'])).result;
  assert.deepStrictEqual(r, ['minimal@simorg.example']);
  const list = (await sf(['org', 'list'])).result;
  const usernames = [...(list.other || []), ...(list.nonScratchOrgs || [])].map((o) => o.username);
  assert.ok(usernames.includes('admin@simorg.example') && !usernames.includes('minimal@simorg.example'), usernames.join(', '));
  const gone = await sf(['org', 'display', '--target-org', 'web'], { expectFailure: true });
  assert.notStrictEqual(gone.status, 0);
});

async function main() {
  const { child, base } = await startSimulator();
  let failures = 0;
  const ctx = { base };
  try {
    const run = async ({ name, fn }) => {
      const t0 = Date.now();
      try {
        await fn(ctx);
        return `ok   ${name} (${Date.now() - t0} ms)`;
      } catch (e) {
        failures++;
        return 'FAIL ' + name + ': ' + (e && e.stack || e);
      }
    };
    for (let i = 0; i < steps.length;) {
      let j = i + 1;
      if (steps[i].concurrent) while (j < steps.length && steps[j].concurrent && j - i < 2) j++;
      for (const line of await Promise.all(steps.slice(i, j).map(run))) console.log(line);
      i = j;
    }
  } finally {
    child.kill('SIGTERM');
  }
  console.log(failures ? `${failures} of ${steps.length} steps failed` : `all ${steps.length} steps passed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.log('FAIL ' + (e && e.stack || e)); process.exit(1); });
