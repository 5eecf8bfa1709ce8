// `connector create --no-browser` over SSH: the browser signs in on another
// machine and never reaches the loopback listener; the admin pastes the
// address it ended on, and the connector is created.
'use strict';
const { it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const h = require('../browser/harness');

let sim, dir;
before(async () => { dir = h.tempDir('paste'); sim = await h.startSfsim(dir); });
after(async () => { if (sim) await h.stop(sim); });

it('a pasted redirect URL finishes the sign-in when the loopback callback cannot be reached', async () => {
  fs.writeFileSync(path.join(dir, 'host.ini'), '[host]\ncallback_port = 0\ntimeout = 30\n[salesforce]\n' +
    'client_id = 3MVG9SIMULATOR0SmartFlowsConsumerKey\nclient_secret = sim-consumer-secret\nallow_loopback_login_host = true\n',
    { mode: 0o600 }); // it holds the client secret: console-host refuses it readable by others
  const child = spawn(h.env.host, ['connector', 'create', '--project', 'Remote', '--name', 'Salesforce', '--type', 'salesforce',
    '--set', 'environment.environment=custom', '--set', `environment.custom_domain=${sim.url}`,
    '--set', 'environment.buttons=skip', '--non-interactive', '--no-browser'], {
    env: { ...process.env, NO_COLOR: '1', BROWSER: '', CONSOLE_HOST_STORE: path.join(dir, 'console.db'),
      CONSOLE_HOST_CONFIG: path.join(dir, 'host.ini') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const prompted = new Promise((resolve) => {
    const onData = (d) => { out += d; if (/press Enter:/.test(out)) resolve(); };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => { out += d; });
  });
  await prompted;
  const authorize = out.match(/^\s+(http:\/\/127\.0\.0\.1:\d+\/services\/oauth2\/authorize\?\S+)$/m)[1];
  const redirectUri = new URL(authorize).searchParams.get('redirect_uri');
  assert.match(out, new RegExp(`paste here the address it ended on \\(it starts with ${redirectUri.replace(/[.?]/g, '\\$&')}\\?\\) and press Enter:`));
  await h.simPost(sim.url, '/__sim/callback_urls', { url: redirectUri });
  // The other machine's browser: signs in and allows, and ends on the
  // redirect it cannot load. Nothing requests it; the admin copies it.
  const { redirect } = await h.simPost(sim.url, '/__sim/browser/authorize', {
    authorize_url: authorize, username: 'admin@simorg.example', password: 'sim-password', decision: 'allow',
  });
  assert.ok(redirect.startsWith(redirectUri + '?'));
  child.stdin.write('something else\n');
  child.stdin.write(redirect.replace('localhost', 'unreachable-host.example') + '\n');
  const code = await exited;
  assert.equal(code, 0, out);
  assert.match(out, /That is not the address the sign-in ended on/);
  assert.match(out, /Connector "Salesforce" created in project "Remote"\./);
  assert.doesNotMatch(out, /code=/, 'the pasted code is never echoed');
});
