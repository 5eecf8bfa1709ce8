// Many admins at once against one `console-host serve`, abandoned wizards,
// and keeping connectors alive: HTTP-level admins (driver.js), real sfsim.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');
const { Admin } = require('./driver');

const RUNS = 20;
let sim, dir;

before(async () => {
  dir = h.tempDir('concurrency');
  sim = await h.startSfsim(dir, RUNS);
});
after(async () => { if (sim) await h.stop(sim); });

async function status(serve) {
  return JSON.parse((await h.http(serve.url + '/status')).text);
}

describe('many admins at once', () => {
  it(`${RUNS} wizard runs at once: ${RUNS} connectors in ${RUNS} projects, no crossed sessions, nothing left open`, async () => {
    const serve = await h.startServe(dir, sim.url);
    try {
      const admins = Array.from({ length: RUNS }, () => new Admin(serve.url, sim.url));
      const started = Date.now();
      const pages = await Promise.all(admins.map((a, i) => a.createConnector({
        project: `Fleet ${i + 1}`, description: `run ${i + 1}`, username: `fleet${i + 1}@simorg.example`,
      })));
      const seconds = (Date.now() - started) / 1000;
      pages.forEach((p, i) => assert.match(p.text, new RegExp(`Connector "Salesforce" created in project "Fleet ${i + 1}"\\.`)));
      // Each project holds exactly its own admin's connector.
      for (let i = 0; i < RUNS; i++) {
        const page = await admins[i].request(`/connector?project=${encodeURIComponent(`Fleet ${i + 1}`)}&name=Salesforce`);
        assert.equal(page.status, 200);
        assert.match(page.text, new RegExp(`<dd>fleet${i + 1}@simorg\\.example</dd>`));
        assert.match(page.text, new RegExp(`<dd>run ${i + 1}</dd>`));
        const list = await admins[i].request(`/connectors?project=${encodeURIComponent(`Fleet ${i + 1}`)}`);
        assert.equal((list.text.match(/<tr><td><a href="\/connector\?/g) || []).length, 1);
      }
      // One admin's wizard is not another's.
      const foreign = await admins[0].request(admins[1].wizard);
      assert.equal(foreign.status, 404);
      const s = await status(serve);
      assert.equal(s.open_plugin_sessions, 0, 'every finished run closed its plugin session');
      const sf = await h.simGet(sim.url, '/__sim/state');
      for (let i = 1; i <= RUNS; i++) assert.equal(sf.tokens.refresh_by_user[`fleet${i}@simorg.example`], 1, `fleet${i}`);
      const all = admins.flatMap((a) => a.bodies).join('\n');
      assert.doesNotMatch(all, /sim-consumer-secret|00D000000SIMORG!|5Aep861|aPrx/);
      console.log(`# ${RUNS} concurrent create wizards in ${seconds.toFixed(2)} s`);
      // SIGTERM stops it cleanly.
      assert.equal(await h.stop(serve), 0);
    } finally {
      await h.stop(serve);
    }
  });

  it('a callback that arrives without the session cookie is parked and resumed by the same browser', async () => {
    const serve = await h.startServe(dir, sim.url);
    try {
      const a = new Admin(serve.url, sim.url);
      const wizardUrl = await a.startWizard('Cross Site');
      await a.post(wizardUrl, { _do: 'next', environment: 'custom', custom_domain: sim.url, buttons: 'skip' });
      const away = await a.request(wizardUrl, { method: 'POST', form: { _do: 'action' } });
      const { redirect } = await h.simPost(sim.url, '/__sim/browser/authorize',
        { authorize_url: away.location, username: 'fleet1@simorg.example', password: 'sim-password', decision: 'allow' });
      // As after a cross-site redirect: no SameSite=Strict cookie.
      const { res: bare, text: page } = await h.http(redirect, { redirect: 'manual' });
      assert.equal(bare.status, 200);
      const state = new URL(redirect).searchParams.get('state');
      assert.equal(bare.headers.get('refresh'), `0; url=/oauth/resume?state=${encodeURIComponent(state)}`);
      assert.doesNotMatch(page, /code=|aPrx/);
      // A stranger cannot pick it up; the browser that started it can.
      const stranger = new Admin(serve.url, sim.url);
      await stranger.request('/projects');
      assert.equal((await stranger.request(`/oauth/resume?state=${encodeURIComponent(state)}`)).status, 403);
      const resumed = await a.request(`/oauth/resume?state=${encodeURIComponent(state)}`);
      assert.equal(resumed.status, 303);
      const wizard = await a.request(resumed.location);
      assert.match(wizard.text, /<p class="check" role="status">Smart Flows is authorized<\/p>/);
    } finally {
      await h.stop(serve);
    }
  });

  it('an abandoned wizard expires and closes its plugin session', async () => {
    const serve = await h.startServe(dir, sim.url, { serveSection: { wizard_idle_seconds: 1, sweep_seconds: 1 } });
    try {
      const a = new Admin(serve.url, sim.url);
      const wizardUrl = await a.startWizard('Abandoned');
      assert.equal((await status(serve)).open_plugin_sessions, 1);
      let s;
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 100));
        s = await status(serve);
        if (s.open_plugin_sessions === 0) break;
      }
      assert.equal(s.open_plugin_sessions, 0);
      const gone = await a.request(wizardUrl);
      assert.equal(gone.status, 404);
      assert.match(gone.text, /This wizard is not open in this browser session \(it may have expired\)/);
      assert.match(serve.log(), /serve: closed 1 abandoned wizard run\(s\)/);
    } finally {
      await h.stop(serve);
    }
  });
});

describe('listening', () => {
  it('refuses a non-loopback address without TLS and an admin credential', async () => {
    const { spawnSync } = require('node:child_process');
    const r = spawnSync(h.env.host, ['serve', '--listen', '0.0.0.0:0'], {
      timeout: h.limits.start, killSignal: 'SIGKILL',
      env: { ...process.env, CONSOLE_HOST_STORE: dir + '/nl.db', CONSOLE_HOST_CONFIG: h.writeConfig(dir) }, encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'error: serving on 0.0.0.0 (not a loopback address) requires TLS and an admin credential\n' +
      'hint: set tls_cert, tls_key and admin_password in the [serve] section, or listen on 127.0.0.1\n');
  });
});

describe('HTTPS and the admin credential', () => {
  it('serves over TLS, asks every request for the admin credential, and marks the cookie Secure', async () => {
    const { execFileSync } = require('node:child_process');
    const https = require('node:https');
    const fs = require('node:fs');
    const tdir = h.tempDir('tls');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${tdir}/key.pem`, '-out', `${tdir}/cert.pem`],
    { stdio: 'ignore', timeout: h.limits.start });
    const serve = await h.startServe(tdir, sim.url, { serveSection: {
      tls_cert: `${tdir}/cert.pem`, tls_key: `${tdir}/key.pem`, admin_user: 'admin', admin_password: 'console-admin-pw' } });
    try {
      assert.match(serve.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = fs.readFileSync(`${tdir}/cert.pem`);
      // node's https (fetch takes no CA of its own), bounded as h.http is.
      const get = (path, auth) => h.bounded(new Promise((resolve, reject) => {
        const req = https.get(serve.url + path, { ca, timeout: h.limits.http, headers: auth ? { Authorization: 'Basic ' + Buffer.from(auth).toString('base64') } : {} },
          (res) => { let body = ''; res.on('data', (d) => { body += d; }); res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body })); });
        req.on('timeout', () => req.destroy(new Error('no answer')));
        req.on('error', (e) => reject(new Error(`GET ${serve.url}${path}: ${e.message}`)));
      }), h.limits.http, `the answer to GET ${serve.url}${path}`);
      const anonymous = await get('/projects');
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers['www-authenticate'], 'Basic realm="Smart Flows Project Console", charset="UTF-8"');
      assert.equal((await get('/projects', 'admin:wrong')).status, 401);
      const ok = await get('/projects', 'admin:console-admin-pw');
      assert.equal(ok.status, 200);
      assert.match(ok.headers['set-cookie'][0], /^console_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
      assert.doesNotMatch(serve.log(), /console-admin-pw/);
    } finally {
      await h.stop(serve);
    }
  });
});

describe('keeping connectors alive', () => {
  it('refreshes connectors idle over the configured days; a refused one shows "Re-authorization needed"', async () => {
    const kdir = h.tempDir('keepalive');
    const first = await h.startServe(kdir, sim.url);
    const a = new Admin(first.url, sim.url);
    try {
      await a.createConnector({ project: 'Alive', username: 'fleet1@simorg.example' });
      await a.createConnector({ project: 'Refused', username: 'fleet2@simorg.example' });
    } finally {
      await h.stop(first);
    }
    await h.simPost(sim.url, '/__sim/tokens/revoke', { username: 'fleet2@simorg.example' });
    const before = (await h.simGet(sim.url, '/__sim/state')).calls.by_endpoint['oauth.token'] || 0;
    // Eight days later (the host's clock), with the default-like policy of 7 days.
    const later = await h.startServe(kdir, sim.url, {
      serveSection: { keepalive_idle_days: 7, keepalive_check_seconds: 1 },
      extraEnv: { CONSOLE_HOST_CLOCK_OFFSET_MS: String(8 * 86400000) },
    });
    try {
      const b = new Admin(later.url, sim.url);
      let refused;
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100));
        refused = await b.request('/connectors?project=Refused');
        if (/Re-authorization needed/.test(refused.text) && /keep-alive refresh of Alive\/Salesforce: ok/.test(later.log())) break;
      }
      assert.match(refused.text, /<td class="status-reauthorization_needed">Re-authorization needed<\/td>/);
      const alive = await b.request('/connectors?project=Alive');
      assert.match(alive.text, /<td class="status-connected">Connected<\/td>/);
      const expected = new Date(Date.now() + 8 * 86400000).toISOString().slice(0, 10);
      assert.match(alive.text, new RegExp(`<td>${expected} \\d\\d:\\d\\d UTC</td>`), 'last used moved to the refresh');
      assert.match(later.log(), /serve: keep-alive refresh of Alive\/Salesforce: ok/);
      assert.match(later.log(), /serve: keep-alive refresh of Refused\/Salesforce: auth_required \(re-authorization needed\)/);
      const after = (await h.simGet(sim.url, '/__sim/state')).calls.by_endpoint['oauth.token'];
      assert.equal(after - before, 2, 'one token request per connector, once');
    } finally {
      await h.stop(later);
    }
  });
});
