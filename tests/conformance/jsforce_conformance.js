// jsforce, unchanged and only pointed at the simulator, talks to it as to a
// Salesforce org. Usage: node jsforce_conformance.js <sfsim binary> <node_modules dir>
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const assert = require('assert');
const readline = require('readline');

const [sfsimBinary, modulesDir] = process.argv.slice(2);
for (const v of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[v];
const jsforce = require(path.join(modulesDir, 'jsforce'));

const CLIENT_ID = '3MVG9SIMULATOR0SmartFlowsConsumerKey';
const CLIENT_SECRET = 'sim-consumer-secret';
const REDIRECT = 'http://localhost:1717/OauthRedirect';

function startSimulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(sfsimBinary, ['--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const m = /^sfsim listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (!m) return reject(new Error('unexpected first line: ' + line));
      resolve({ child, base: m[1] });
    });
    child.once('error', reject);
  });
}

async function control(base, method, p, body) {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const steps = [];
function step(name, fn) { steps.push({ name, fn }); }

async function main() {
  const { child, base } = await startSimulator();
  let failures = 0;
  const ctx = { base };
  try {
    for (const { name, fn } of steps) {
      try {
        await fn(ctx);
        console.log('ok   ' + name);
      } catch (e) {
        failures++;
        console.log('FAIL ' + name + ': ' + (e && e.stack || e));
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
  console.log(failures ? `${failures} of ${steps.length} steps failed` : `all ${steps.length} steps passed`);
  process.exit(failures ? 1 : 0);
}

step('authorization code with PKCE after a scripted login and Allow', async (ctx) => {
  const oauth2 = new jsforce.OAuth2({ loginUrl: ctx.base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT, useVerifier: true });
  const authzUrl = oauth2.getAuthorizationUrl({ scope: 'api refresh_token web', state: 'conformance-state', prompt: 'login' });
  assert.ok(authzUrl.includes('code_challenge='), 'jsforce sends a code challenge');
  const { redirect } = await control(ctx.base, 'POST', '/__sim/browser/authorize',
    { authorize_url: authzUrl, username: 'admin@simorg.example', password: 'sim-password', decision: 'allow' });
  const params = new URL(redirect).searchParams;
  assert.strictEqual(params.get('state'), 'conformance-state');
  const conn = new jsforce.Connection({ oauth2, version: '62.0' });
  const userInfo = await conn.authorize(params.get('code'));
  assert.match(userInfo.organizationId, /^00D/);
  assert.match(userInfo.id, /^005/);
  assert.strictEqual(conn.instanceUrl, ctx.base);
  assert.ok(conn.refreshToken, 'a refresh token was issued');
  ctx.conn = conn;
  ctx.oauth2 = oauth2;
});

step('the HTML login and approval pages work for a form-posting script', async (ctx) => {
  const oauth2 = new jsforce.OAuth2({ loginUrl: ctx.base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT, useVerifier: true });
  const page = await (await fetch(oauth2.getAuthorizationUrl({ scope: 'api refresh_token' }))).text();
  const pending = /name="pending" value="([^"]+)"/.exec(page)[1];
  const form = (o) => ({ method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });
  const approval = await (await fetch(ctx.base + '/services/oauth2/authorize', form({ pending, username: 'minimal@simorg.example', pw: 'sim-password' }))).text();
  assert.ok(approval.includes('Allow'));
  const done = await fetch(ctx.base + '/services/oauth2/authorize', form({ pending, decision: 'allow' }));
  assert.strictEqual(done.status, 302);
  const code = new URL(done.headers.get('location')).searchParams.get('code');
  const token = await oauth2.requestToken(code);
  assert.ok(token.access_token && token.refresh_token && token.id);
});

step('password grant', async (ctx) => {
  const conn = new jsforce.Connection({ oauth2: { loginUrl: ctx.base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT }, version: '62.0' });
  const info = await conn.login('minimal@simorg.example', 'sim-password');
  assert.match(info.organizationId, /^00D/);
  await assert.rejects(conn.login('minimal@simorg.example', 'wrong'), (e) => e.name === 'invalid_grant' && e.message === 'authentication failure');
});

step('identity()', async (ctx) => {
  const id = await ctx.conn.identity();
  assert.strictEqual(id.username, 'admin@simorg.example');
  assert.match(id.organization_id, /^00D/);
});

step('query() of the permission checks', async (ctx) => {
  const res = await ctx.conn.query('SELECT PermissionsModifyAllData, PermissionsApiEnabled FROM UserPermissionAccess');
  assert.strictEqual(res.totalSize, 1);
  assert.strictEqual(res.records[0].PermissionsModifyAllData, true);
  const psa = await ctx.conn.query(`SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${ctx.conn.userInfo.id}'`);
  assert.ok(psa.totalSize >= 1);
  await assert.rejects(ctx.conn.query('SELECT Id FRM Account'), (e) => e.errorCode === 'MALFORMED_QUERY' || e.name === 'MALFORMED_QUERY');
});

step('describeGlobal() and sobject(Account).describe()', async (ctx) => {
  const g = await ctx.conn.describeGlobal();
  assert.ok(g.sobjects.some((o) => o.name === 'Invoice__c' && o.custom));
  const d = await ctx.conn.sobject('Account').describe();
  assert.strictEqual(d.name, 'Account');
  assert.ok(d.fields.some((f) => f.name === 'Name'));
});

step('limits() and the Sforce-Limit-Info header', async (ctx) => {
  const l = await ctx.conn.limits();
  assert.strictEqual(l.DailyApiRequests.Max, 15000);
  assert.ok(ctx.conn.limitInfo.apiUsage.used > 0);
  assert.strictEqual(ctx.conn.limitInfo.apiUsage.limit, 15000);
});

step('automatic refresh after the session expired (REST and SOAP)', async (ctx) => {
  let refreshed = 0;
  ctx.conn.on('refresh', () => { refreshed++; });
  const before = ctx.conn.accessToken;
  await control(ctx.base, 'POST', '/__sim/sessions/expire', {});
  const res = await ctx.conn.query('SELECT Id FROM Organization');
  assert.strictEqual(res.totalSize, 1);
  assert.strictEqual(refreshed, 1);
  assert.notStrictEqual(ctx.conn.accessToken, before);
  await control(ctx.base, 'POST', '/__sim/sessions/expire', {});
  const md = await ctx.conn.metadata.describe('62.0');
  assert.ok(md.metadataObjects.length > 0);
  assert.strictEqual(refreshed, 2);
});

step('explicit refresh via oauth2.refreshToken()', async (ctx) => {
  const r = await ctx.oauth2.refreshToken(ctx.conn.refreshToken);
  assert.ok(r.access_token && r.id && r.instance_url);
});

step('metadata.upsert/read/list/delete of a WebLink', async (ctx) => {
  const weblink = { fullName: 'Account.SmartFlows', availability: 'online', displayType: 'button', encodingKey: 'UTF-8',
    linkType: 'url', masterLabel: 'Smart Flows', openType: 'replace', protected: false, url: 'https://flows.example.com/?id={!Account.Id}' };
  const up = await ctx.conn.metadata.upsert('WebLink', weblink);
  assert.strictEqual(up.success, true);
  assert.strictEqual(up.created, true);
  const read = await ctx.conn.metadata.read('WebLink', 'Account.SmartFlows');
  assert.strictEqual(read.fullName, 'Account.SmartFlows');
  assert.strictEqual(read.masterLabel, 'Smart Flows');
  assert.strictEqual(read.protected, false);
  const missing = await ctx.conn.metadata.read('WebLink', 'Account.Nope');
  assert.ok(!missing.fullName, 'a missing component reads as an empty record');
  const list = await ctx.conn.metadata.list([{ type: 'WebLink' }]);
  assert.ok(list.some((p) => p.fullName === 'Account.SmartFlows' && p.type === 'WebLink'));
});

step('metadata.read/upsert/list of a Layout, then delete of the WebLink', async (ctx) => {
  const layout = await ctx.conn.metadata.read('Layout', 'Account-Account Layout');
  assert.strictEqual(layout.fullName, 'Account-Account Layout');
  const buttons = [].concat(layout.customButtons || []);
  assert.ok(buttons.includes('View_On_Map'));
  layout.customButtons = buttons.concat('SmartFlows');
  const items = [].concat(layout.platformActionList.platformActionListItems);
  items.push({ actionName: 'SmartFlows', actionType: 'CustomButton', sortOrder: items.length });
  layout.platformActionList.platformActionListItems = items;
  const up = await ctx.conn.metadata.upsert('Layout', layout);
  assert.strictEqual(up.success, true, JSON.stringify(up));
  assert.strictEqual(up.created, false);
  const state = await control(ctx.base, 'GET', '/__sim/state');
  const stored = state.layouts['Account-Account Layout'];
  assert.deepStrictEqual(stored.customButtons, ['View_On_Map', 'SmartFlows']);
  assert.strictEqual(stored.platformActionList.platformActionListItems.length, items.length);
  assert.strictEqual(stored.relatedLists.length, 3, 'untouched parts of the layout survive');
  const list = await ctx.conn.metadata.list([{ type: 'Layout' }]);
  assert.ok(list.some((p) => p.fullName === 'Account-Account %28Marketing%29 Layout'));

  const refused = await ctx.conn.metadata.delete('WebLink', 'Account.SmartFlows');
  assert.strictEqual(refused.success, false, 'a button on a layout cannot be deleted');
  layout.customButtons = buttons;
  layout.platformActionList.platformActionListItems = items.slice(0, -1);
  assert.strictEqual((await ctx.conn.metadata.upsert('Layout', layout)).success, true);
  const del = await ctx.conn.metadata.delete('WebLink', 'Account.SmartFlows');
  assert.strictEqual(del.success, true, JSON.stringify(del));
  const after = await ctx.conn.metadata.read('WebLink', 'Account.SmartFlows');
  assert.ok(!after.fullName);
});

step('metadata faults surface as jsforce errors', async (ctx) => {
  const basic = new jsforce.Connection({ oauth2: { loginUrl: ctx.base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT }, version: '62.0' });
  await basic.login('basic@simorg.example', 'sim-password');
  await assert.rejects(basic.metadata.read('WebLink', 'Account.View_On_Map'), (e) => /INSUFFICIENT_ACCESS/.test(e.name || e.errorCode));
});

step('revoke the refresh token via logout', async (ctx) => {
  await ctx.conn.logout(true);
  const state = await control(ctx.base, 'GET', '/__sim/state');
  assert.strictEqual(state.tokens.refresh_by_user['admin@simorg.example'], undefined);
});

main().catch((e) => { console.error(e); process.exit(1); });
