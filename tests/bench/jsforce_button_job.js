// The anchor of scripts/bench.sh's API-request figure (P2): the connector's
// job done by hand with jsforce against sfsim. Install a detail-page button on
// every page layout of an object, install again (nothing to change), uninstall,
// refresh the token. Two ways:
//   obvious: what the jsforce documentation leads to, one component per call;
//   best:    one listing for layouts and buttons, 10 components per read and
//            upsert (the Metadata API's limit), nothing read twice.
// The counts are sfsim's (calls.api of /__sim/state; the token request is
// counted apart as Salesforce does not count it against the API limit).
// Usage: node jsforce_button_job.js <node_modules> <sfsim url> <object> obvious|best
'use strict';
const path = require('path');

const [modulesDir, base, object, style] = process.argv.slice(2);
for (const v of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[v];
const jsforce = require(path.join(modulesDir, 'jsforce'));

const CLIENT_ID = '3MVG9SIMULATOR0SmartFlowsConsumerKey';
const CLIENT_SECRET = 'sim-consumer-secret';
const REDIRECT = process.env.SFSIM_REDIRECT || 'http://localhost:1717/OauthRedirect';
const BUTTON = `${object}.Smart_Flows`;
const VERSION = '62.0';

async function sim(method, p, body) {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return res.json();
}
const asArray = (x) => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const chunks = (a, n) => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n));

async function signIn() {
  const oauth2 = new jsforce.OAuth2({ loginUrl: base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT, useVerifier: true });
  const url = oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'bench' });
  const { redirect } = await sim('POST', '/__sim/browser/authorize',
    { authorize_url: url, username: 'admin@simorg.example', password: 'sim-password', decision: 'allow' });
  const conn = new jsforce.Connection({ oauth2, version: VERSION });
  await conn.authorize(new URL(redirect).searchParams.get('code'));
  return conn;
}

const weblink = {
  fullName: BUTTON, availability: 'online', description: 'Opens the Smart Flows console for this record.',
  displayType: 'button', encodingKey: 'UTF-8', linkType: 'url', masterLabel: 'Smart Flows', openType: 'replace',
  protected: 'false', url: `https://console.example/salesforce/record?object=${object}&id={!${object}.Id}`,
};

function hasButton(layout) { return asArray(layout.customButtons).includes('Smart_Flows'); }
function addButton(layout) {
  layout.customButtons = [...asArray(layout.customButtons), 'Smart_Flows'];
  const list = layout.platformActionList;
  if (list) {
    const items = asArray(list.platformActionListItems);
    items.push({ actionName: 'Smart_Flows', actionType: 'CustomButton', sortOrder: String(items.length) });
    list.platformActionListItems = items;
  }
}
function removeButton(layout) {
  layout.customButtons = asArray(layout.customButtons).filter((b) => b !== 'Smart_Flows');
  const list = layout.platformActionList;
  if (list) {
    list.platformActionListItems = asArray(list.platformActionListItems).filter((i) => i.actionName !== 'Smart_Flows')
      .map((i, n) => ({ ...i, sortOrder: String(n) }));
  }
}
function check(results) {
  for (const r of asArray(results)) if (!r.success) throw new Error(JSON.stringify(r.errors));
}

// One component per call, as the documentation's examples show it.
const obvious = {
  async layoutNames(conn) {
    return (await conn.metadata.list([{ type: 'Layout' }], VERSION)).map((p) => p.fullName)
      .filter((n) => n.startsWith(object + '-'));
  },
  async install(conn) {
    check(await conn.metadata.upsert('WebLink', weblink));
    for (const name of await this.layoutNames(conn)) {
      const layout = await conn.metadata.read('Layout', name);
      if (hasButton(layout)) continue;
      addButton(layout);
      check(await conn.metadata.update('Layout', layout));
    }
  },
  async uninstall(conn) {
    for (const name of await this.layoutNames(conn)) {
      const layout = await conn.metadata.read('Layout', name);
      if (!hasButton(layout)) continue;
      removeButton(layout);
      check(await conn.metadata.update('Layout', layout));
    }
    check(await conn.metadata.delete('WebLink', BUTTON));
  },
};

// As few calls as the Metadata API allows.
const best = {
  async listing(conn) {
    const items = await conn.metadata.list([{ type: 'Layout' }, { type: 'WebLink' }], VERSION);
    return {
      layouts: items.filter((p) => p.type === 'Layout' && p.fullName.startsWith(object + '-')).map((p) => p.fullName),
      buttonExists: items.some((p) => p.type === 'WebLink' && p.fullName === BUTTON),
    };
  },
  async readLayouts(conn, names) {
    const out = [];
    for (const part of chunks(names, 10)) out.push(...asArray(await conn.metadata.read('Layout', part)));
    return out;
  },
  async writeLayouts(conn, layouts) {
    for (const part of chunks(layouts, 10)) check(await conn.metadata.upsert('Layout', part));
  },
  async install(conn) {
    const { layouts, buttonExists } = await this.listing(conn);
    const todo = (await this.readLayouts(conn, layouts)).filter((l) => !hasButton(l));
    if (!buttonExists) check(await conn.metadata.upsert('WebLink', weblink));
    todo.forEach(addButton);
    await this.writeLayouts(conn, todo);
  },
  async uninstall(conn) {
    const { layouts, buttonExists } = await this.listing(conn);
    const todo = (await this.readLayouts(conn, layouts)).filter(hasButton);
    todo.forEach(removeButton);
    await this.writeLayouts(conn, todo);
    if (buttonExists) check(await conn.metadata.delete('WebLink', BUTTON));
  },
};

async function counted(label, fn) {
  await sim('POST', '/__sim/calls/reset', {});
  await fn();
  const { calls } = await sim('GET', '/__sim/state');
  const token = calls.by_endpoint['oauth.token'] || 0;
  console.log(`${label} ${calls.api} ${token}`);
}

async function main() {
  const job = style === 'best' ? best : obvious;
  const conn = await signIn();
  await counted('install', () => job.install(conn));
  await counted('repeat', () => job.install(conn));
  await counted('uninstall', () => job.uninstall(conn));
  await counted('refresh', () => conn.oauth2.refreshToken(conn.refreshToken));
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
