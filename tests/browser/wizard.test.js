// The Create connector wizard in a real browser (Debian's chromium through
// playwright-core) against `console-host serve` and sfsim's real login and
// Allow pages, on the seed's screens: Connectors > +Create; Name,
// Description, Type; Next; Environment; Authorize Smart Flows; Allow; the
// green check; Next; Connected. Every element is found by its accessible
// name (getByLabel / getByRole), so the labels are real.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

let sim, serve, browser, dir;
const PROJECT = 'Sales Ops';
// Every byte the console served in these tests, scanned for secrets at the end.
const served = [];

function watch(page) {
  page.on('response', async (res) => {
    if (!res.url().startsWith(serve.url)) return;
    const headers = JSON.stringify(res.headers());
    let body = '';
    try { body = (await res.body()).toString('utf8'); } catch (_) { /* a redirect has no body */ }
    // The request's own URL is the browser's (the callback's carries the code); the answer is the console's.
    served.push(`${headers}\n${body}`);
  });
}

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  watch(page);
  return page;
}

// Signs in on sfsim's login page and answers its Allow/Deny page.
async function salesforceSignIn(page, { username = 'admin@simorg.example', decision = 'Allow', shots = false } = {}) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('sim-password');
  if (shots) await h.shot(page, 'salesforce-login');
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.getByRole('button', { name: decision }).waitFor();
  if (shots) await h.shot(page, 'salesforce-allow-access');
  await page.getByRole('button', { name: decision }).click();
  await page.waitForURL((u) => u.toString().startsWith(serve.url + '/wizard/'));
}

async function openCreate(page, project = PROJECT) {
  await page.goto(`${serve.url}/connectors?project=${encodeURIComponent(project)}`);
  await page.getByRole('button', { name: '+Create' }).click();
  await page.getByRole('heading', { name: 'Create connector - Connector' }).waitFor();
}

async function hostStep(page, name, description = '') {
  await page.getByLabel('Name').fill(name);
  if (description) await page.getByLabel('Description').fill(description);
  await page.getByLabel('Type').selectOption({ label: 'Salesforce' });
}

async function environmentStep(page, { environment = 'Custom Domain', domain = sim.url, buttons = 'Install/Update', object = 'Account' } = {}) {
  await page.getByLabel('Environment').selectOption({ label: environment });
  if (environment === 'Custom Domain') await page.getByLabel('Custom domain').fill(domain);
  await page.getByRole('group', { name: 'Smart Flows buttons in Salesforce' }).getByLabel(buttons).check();
  if (buttons === 'Install/Update') await page.getByLabel('Object').fill(object);
}

before(async () => {
  dir = h.tempDir('wizard');
  sim = await h.startSfsim(dir);
  serve = await h.startServe(dir, sim.url);
  browser = await h.launchBrowser();
});

after(async () => {
  // h.stop prints the end of the console's stderr when it ended by itself.
  if (browser) await h.closeBrowser(browser);
  if (serve) await h.stop(serve);
  if (sim) await h.stop(sim);
});

describe('Create connector wizard, the seed\'s screens', () => {
  it('creates a Salesforce connector: Name, Environment, Authorize, Allow, green check, Next, Connected', async () => {
    const page = await newPage();
    await page.goto(`${serve.url}/projects`);
    await h.shot(page, 'projects');
    await page.getByLabel('Project').fill(PROJECT);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Connectors' }).waitFor();
    await h.shot(page, 'connectors-empty');
    await page.getByRole('button', { name: '+Create' }).click();
    await hostStep(page, 'Salesforce', 'The sales org');
    await h.shot(page, 'create-connector');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('heading', { name: 'Create connector - Environment' }).waitFor();
    // Custom Domain is asked only when chosen (the schema's visible_when).
    await assert.rejects(page.getByLabel('Custom domain').fill('x', { timeout: 300 }));
    await environmentStep(page);
    await h.shot(page, 'environment');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('heading', { name: 'Create connector - Authorize Smart Flows' }).waitFor();
    await h.shot(page, 'authorize');
    await page.getByRole('button', { name: 'Authorize Smart Flows' }).click();
    await page.waitForURL((u) => u.toString().startsWith(sim.url));
    await salesforceSignIn(page, { shots: true });

    // Back on the console: the green check under the Authorize button, then Next.
    await page.getByRole('heading', { name: 'Create connector - Authorize Smart Flows' }).waitFor();
    const check = page.getByRole('status').filter({ hasText: 'Smart Flows is authorized' });
    await check.waitFor();
    assert.equal(await check.getAttribute('class'), 'check');
    await h.shot(page, 'authorized-green-check');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('heading', { name: 'Create connector - Connected' }).waitFor();
    const main = page.locator('main');
    assert.match(await main.innerText(), /SimOrg \(00D000000SIMORGEQ5\)/);
    assert.match(await main.innerText(), /admin@simorg\.example/);
    assert.equal(await page.getByText("Plan details").count(), 1);
    await h.shot(page, 'connected-plan');
    await page.getByRole('button', { name: 'Finish' }).click();

    await page.getByText('Connector "Salesforce" created in project "Sales Ops".').waitFor();
    const done = await main.innerText();
    assert.match(done, /Smart Flows is connected to Salesforce/);
    assert.match(done, /Created the Smart Flows button Account\.Smart_Flows/);
    await h.shot(page, 'connected-done');
    await page.getByRole('link', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Salesforce' }).waitFor();
    await h.shot(page, 'connector-page');

    await page.getByRole('link', { name: 'Back to Connectors' }).click();
    const row = page.getByRole('row', { name: /Salesforce/ });
    assert.match(await row.innerText(), /Salesforce\s+Salesforce\s+The sales org\s+Connected\s+\d{4}-\d\d-\d\d/);
    await h.shot(page, 'connectors-list');

    const state = await h.simGet(sim.url, '/__sim/state');
    assert.ok(state.weblinks['Account.Smart_Flows'], 'the button exists in the org');
    assert.deepEqual(h.layoutsWithButton(state, 'Account'), ['Account-Account %28Marketing%29 Layout', 'Account-Account Layout']);
    await page.context().close();
  });

  it('refuses a second Salesforce connector in the same project, next to Type', async () => {
    const page = await newPage();
    await openCreate(page);
    await hostStep(page, 'Salesforce EU');
    await page.getByRole('button', { name: 'Next' }).click();
    const error = page.locator('.field.invalid').filter({ has: page.getByLabel('Type') }).locator('.error');
    assert.equal(await error.innerText(),
      'Type: project "Sales Ops" already has a Salesforce connector ("Salesforce"); a project can have only one Salesforce connector');
    assert.equal(await page.getByLabel('Type').getAttribute('aria-invalid'), 'true');
    await h.shot(page, 'second-salesforce-refused');
    await page.context().close();
  });

  it('edits the connector to Contact: the button moves (sfsim state)', async () => {
    const page = await newPage();
    await page.goto(`${serve.url}/connector?project=${encodeURIComponent(PROJECT)}&name=Salesforce`);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit connector - Environment' }).waitFor();
    // The stored answers come back prefilled.
    assert.equal(await page.getByLabel('Object').inputValue(), 'Account');
    await page.getByLabel('Object').fill('Contact');
    await h.shot(page, 'edit-environment');
    await page.getByRole('button', { name: 'Next' }).click();
    await finishAfterAuthorize(page, 'edit');
    const state = await h.simGet(sim.url, '/__sim/state');
    assert.deepEqual(h.layoutsWithButton(state, 'Account'), []);
    assert.deepEqual(h.layoutsWithButton(state, 'Contact'), ['Contact-Contact Layout']);
    assert.ok(state.weblinks['Contact.Smart_Flows']);
    assert.equal(state.weblinks['Account.Smart_Flows'], undefined);
    await page.context().close();
  });

  it('Skip changes nothing in Salesforce', async () => {
    const before = await h.simGet(sim.url, '/__sim/state');
    const page = await newPage();
    await page.goto(`${serve.url}/connector?project=${encodeURIComponent(PROJECT)}&name=Salesforce`);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit connector - Environment' }).waitFor();
    await page.getByRole('group', { name: 'Smart Flows buttons in Salesforce' }).getByLabel('Skip').check();
    // The object is asked only for Install/Update.
    await assert.rejects(page.getByLabel('Object').fill('x', { timeout: 300 }));
    await page.getByRole('button', { name: 'Next' }).click();
    await finishAfterAuthorize(page, 'skip');
    const after = await h.simGet(sim.url, '/__sim/state');
    assert.deepEqual(after.layouts, before.layouts);
    assert.deepEqual(after.weblinks, before.weblinks);
    await page.context().close();
  });

  it('Edit to Uninstall removes the button, and Install/Update brings it back', async () => {
    const page = await newPage();
    const edit = async (buttons, label) => {
      await page.goto(`${serve.url}/connector?project=${encodeURIComponent(PROJECT)}&name=Salesforce`);
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('heading', { name: 'Edit connector - Environment' }).waitFor();
      await page.getByRole('group', { name: 'Smart Flows buttons in Salesforce' }).getByLabel(buttons).check();
      if (buttons === 'Install/Update') await page.getByLabel('Object').fill('Contact');
      await page.getByRole('button', { name: 'Next' }).click();
      await finishAfterAuthorize(page, label);
    };
    await edit('Uninstall', 'uninstall');
    let state = await h.simGet(sim.url, '/__sim/state');
    assert.deepEqual(h.layoutsWithButton(state, 'Contact'), []);
    assert.equal(state.weblinks['Contact.Smart_Flows'], undefined);
    await edit('Install/Update', 'reinstall');
    state = await h.simGet(sim.url, '/__sim/state');
    assert.deepEqual(h.layoutsWithButton(state, 'Contact'), ['Contact-Contact Layout']);
    await page.context().close();
  });

  it('Refresh now renews the tokens; Re-authorize signs in again', async () => {
    const before = (await h.simGet(sim.url, '/__sim/state')).calls.by_endpoint['oauth.token'];
    const page = await newPage();
    await page.goto(`${serve.url}/connector?project=${encodeURIComponent(PROJECT)}&name=Salesforce`);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByRole('status').filter({ hasText: 'Refreshed: the connection is renewed.' }).waitFor();
    assert.equal((await h.simGet(sim.url, '/__sim/state')).calls.by_endpoint['oauth.token'], before + 1);
    await page.getByRole('button', { name: 'Re-authorize' }).click();
    await page.getByRole('heading', { name: /^Re-authorize connector - / }).waitFor();
    await h.shot(page, 'reauthorize');
    if (await page.getByRole('button', { name: 'Next', exact: true }).count()) await page.getByRole('button', { name: 'Next', exact: true }).click();
    await authorizeAndFinish(page, 'Connector "Salesforce" re-authorized in project "Sales Ops".');
    await page.context().close();
  });

  it('deletes the connector with "also remove" and the button leaves Salesforce', async () => {
    const page = await newPage();
    await page.goto(`${serve.url}/connector?project=${encodeURIComponent(PROJECT)}&name=Salesforce`);
    await page.getByLabel('Also remove what Smart Flows installed in Salesforce').check();
    await h.shot(page, 'delete-with-uninstall');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Connector "Salesforce" deleted (what it installed was removed first).').waitFor();
    await h.shot(page, 'deleted');
    assert.match(await page.locator('tbody').innerText(), /No connector yet\./);
    const state = await h.simGet(sim.url, '/__sim/state');
    assert.deepEqual(h.layoutsWithButton(state, 'Contact'), []);
    assert.equal(state.weblinks['Contact.Smart_Flows'], undefined);
    await page.context().close();
  });
});

// A new Salesforce connector in `project`, through the environment step
// (answered with `environment`) to the authorize step.
async function toAuthorizeStep(page, project, environment) {
  await openCreate(page, project);
  await hostStep(page, 'Salesforce');
  await page.getByRole('button', { name: 'Next' }).click();
  await environmentStep(page, environment);
  await page.getByRole('button', { name: 'Next' }).click();
}

// Authorize, sign in and Allow, the green check, Next, Finish; waits for
// the notice `saved`.
async function authorizeAndFinish(page, saved) {
  await page.getByRole('button', { name: 'Authorize Smart Flows' }).click();
  await salesforceSignIn(page);
  await page.getByRole('status').filter({ hasText: 'Smart Flows is authorized' }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByText(saved).waitFor();
}

// After an Environment step's Next: Authorize (sign in, Allow) when the
// plugin asks for it, the green check, Next, Finish, and the saved notice.
async function finishAfterAuthorize(page, label) {
  const authorize = page.getByRole('button', { name: 'Authorize Smart Flows' });
  if (await authorize.count()) {
    await authorize.click();
    await page.waitForURL((u) => u.toString().startsWith(sim.url));
    await salesforceSignIn(page);
    await page.getByRole('button', { name: 'Next' }).click();
  }
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('status').filter({ hasText: /Connector "Salesforce" (saved|created)/ }).waitFor();
  await h.shot(page, `${label}-done`);
}

describe('Errors where the admin looks', () => {
  it('Deny shows the error under the button and offers Authorize again; Allow then works', async () => {
    const page = await newPage();
    await toAuthorizeStep(page, 'Deny Then Allow', { buttons: 'Skip' });
    await page.getByRole('button', { name: 'Authorize Smart Flows' }).click();
    await salesforceSignIn(page, { decision: 'Deny' });
    const alert = page.getByRole('alert');
    await alert.first().waitFor();
    assert.equal(await alert.first().innerText(),
      'Salesforce did not authorize Smart Flows: Deny was chosen on the Allow Access page. Press Authorize Smart Flows and choose Allow.');
    await h.shot(page, 'deny');
    await authorizeAndFinish(page, 'Connector "Salesforce" created in project "Deny Then Allow".');
    await page.context().close();
  });

  it('a pasted lightning address gets the *.my.salesforce.com suggestion beside the field', async () => {
    const page = await newPage();
    await toAuthorizeStep(page, 'Lightning', { domain: 'https://acme.lightning.force.com/lightning/page/home', buttons: 'Skip' });
    const field = page.locator('.field').filter({ has: page.getByLabel('Custom domain') });
    await field.locator('.suggestion').waitFor();
    assert.match(await field.locator('.suggestion').innerText(), /Did you mean acme\.my\.salesforce\.com\?/);
    assert.match(await field.locator('.error').innerText(), /^Custom domain: .*lightning/i);
    assert.equal(await page.getByLabel('Custom domain').getAttribute('aria-invalid'), 'true');
    await h.shot(page, 'lightning-suggestion');
    await page.context().close();
  });

  it('a user missing permissions sees the list and how to grant them', async () => {
    const page = await newPage();
    await toAuthorizeStep(page, 'Missing Permissions', { buttons: 'Skip' });
    await page.getByRole('button', { name: 'Authorize Smart Flows' }).click();
    await salesforceSignIn(page, { username: 'no-modifyalldata@simorg.example' });
    await page.getByRole('heading', { name: 'Missing permissions' }).waitFor();
    assert.equal(await page.getByRole('alert').first().innerText(),
      'The connector user no-modifyalldata@simorg.example lacks 1 permission that Smart Flows needs: Modify All Data. ' +
      'Nothing was changed in Salesforce. Grant it in Setup (a permission set assigned to the user, System Permissions), ' +
      'then press Authorize Smart Flows again.');
    assert.deepEqual(await page.locator('main ul li').allInnerTexts(),
      ['Modify All Data: Setup > Users > Permission Sets > (a permission set assigned to the connector user) > System Permissions > Edit > Modify All Data']);
    // The error is said once, and Authorize is offered again.
    assert.equal(await page.getByText('lacks 1 permission').count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Authorize Smart Flows' }).count(), 1);
    await h.shot(page, 'missing-permissions');
    await page.context().close();
  });

  it('every input and button has the seed\'s words as its accessible name', async () => {
    const page = await newPage();
    await openCreate(page, 'Labels');
    for (const label of ['Name', 'Description', 'Type']) assert.equal(await page.getByLabel(label, { exact: false }).count(), 1, label);
    await hostStep(page, 'Salesforce');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    assert.equal(await page.getByRole('combobox', { name: 'Environment' }).count(), 1);
    const options = await page.getByLabel('Environment').locator('option').allInnerTexts();
    assert.deepEqual(options, ['Custom Domain', 'Production (login.salesforce.com)', 'Test (test.salesforce.com)']);
    await page.getByLabel('Environment').selectOption({ label: 'Custom Domain' });
    assert.equal(await page.getByRole('textbox', { name: 'Custom domain' }).count(), 1);
    const group = page.getByRole('group', { name: 'Smart Flows buttons in Salesforce' });
    for (const b of ['Install/Update', 'Uninstall', 'Skip']) assert.equal(await group.getByRole('radio', { name: b }).count(), 1, b);
    assert.equal(await page.getByRole('textbox', { name: 'Object' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Next', exact: true }).count(), 1);
    await page.getByLabel('Custom domain').fill(sim.url);
    await group.getByLabel('Skip').check();
    await page.getByRole('button', { name: 'Next' }).click();
    assert.equal(await page.getByRole('button', { name: 'Authorize Smart Flows' }).count(), 1);
    await page.context().close();
  });
});

describe('Security', () => {
  it('a POST without the CSRF token is refused', async () => {
    const page = await newPage();
    await page.goto(`${serve.url}/connectors?project=CSRF`);
    const status = await page.evaluate(async () => {
      const r = await fetch('/connectors/new', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'project=CSRF' });
      return [r.status, await r.text()];
    });
    assert.equal(status[0], 403);
    assert.match(status[1], /The form&#39;s security token is missing or out of date \(CSRF check\)/);
    // A token of another browser session is refused the same way.
    const other = await newPage();
    await other.goto(`${serve.url}/connectors?project=CSRF`);
    const token = await other.locator('input[name=_csrf]').first().getAttribute('value');
    const withOthers = await page.evaluate(async (t) => (await fetch('/connectors/new', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'project=CSRF&_csrf=' + t })).status, token);
    assert.equal(withOthers, 403);
    await page.context().close();
    await other.context().close();
  });

  it('a callback carrying another browser session\'s state is refused, and the right one still works', async () => {
    const admin = await newPage();
    await toAuthorizeStep(admin, 'State Binding', { buttons: 'Skip' });
    await admin.getByRole('button', { name: 'Authorize Smart Flows' }).click();
    await admin.waitForURL((u) => u.toString().startsWith(sim.url));
    const state = new URL(admin.url()).searchParams.get('state')
      || new URL(decodeURIComponent(admin.url())).searchParams.get('state');
    assert.ok(state, 'the authorize URL carries a state');
    // While the admin signs in, the list shows the reservation as Pending.
    const attacker = await newPage();
    await attacker.goto(`${serve.url}/connectors?project=State%20Binding`);
    assert.match(await attacker.getByRole('row', { name: /Salesforce/ }).innerText(), /Salesforce\s+Salesforce\s+Pending/);
    await h.shot(attacker, 'connectors-pending');
    const res = await attacker.goto(`${serve.url}/oauth/callback?code=aPrxFORGED&state=${encodeURIComponent(state)}`);
    assert.equal(res.status(), 403);
    assert.match(await attacker.locator('main').innerText(), /This sign-in was started in another browser session, so it was refused\./);
    await h.shot(attacker, 'callback-other-session-refused');
    await salesforceSignIn(admin);
    await admin.getByRole('status').filter({ hasText: 'Smart Flows is authorized' }).waitFor();
    await admin.context().close();
    await attacker.context().close();
  });

  it('no secret, token or code in any byte the console served', async () => {
    const all = served.join('\n');
    assert.ok(served.length > 50, `responses seen: ${served.length}`);
    for (const [what, re] of [
      ['the client secret', /sim-consumer-secret/],
      ['the password', /sim-password/],
      ['an access token', /00D000000SIMORG!/],
      ['a refresh token', /5Aep861/],
      ['an authorization code', /aPrx[A-Za-z0-9+/=]{8}/],
      ['a PKCE verifier', /code_verifier/],
    ]) assert.doesNotMatch(all, re, what);
    const log = serve.log();
    assert.doesNotMatch(log, /sim-consumer-secret|00D000000SIMORG!|5Aep861|aPrx|code=/);
  });
});
