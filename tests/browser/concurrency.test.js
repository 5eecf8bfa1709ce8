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
  return (await fetch(serve.url + '/status')).json();
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
    } finally {
      await h.stop(serve);
    }
  });

  it('an abandoned wizard expires and closes its plugin session', async () => {
    const serve = await h.startServe(dir, sim.url, { serveSection: { wizard_idle_seconds: 1, sweep_seconds: 1 } });
    try {
      const a = new Admin(serve.url, sim.url);
      await a.request('/connectors?project=Abandoned');
      const started = await a.request('/connectors/new', { method: 'POST', form: { project: 'Abandoned' } });
      await a.request(started.location);
      await a.post(started.location, { _do: 'next', name: 'Salesforce', description: '', type: 'salesforce' });
      assert.equal((await status(serve)).open_plugin_sessions, 1);
      let s;
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 100));
        s = await status(serve);
        if (s.open_plugin_sessions === 0) break;
      }
      assert.equal(s.open_plugin_sessions, 0);
      const gone = await a.request(started.location);
      assert.equal(gone.status, 404);
      assert.match(gone.text, /This wizard is not open in this browser session \(it may have expired\)/);
      assert.match(serve.log(), /serve: closed 1 abandoned wizard run\(s\)/);
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
