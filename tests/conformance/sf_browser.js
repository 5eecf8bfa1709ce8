// Walks sfsim's OAuth pages as a person would, for `sf org login web`: opens
// the authorize URL, fills in the login form, presses Allow and follows the
// redirect back to the CLI's callback listener (retrying until it listens).
// Usage: node sf_browser.js <authorize URL>; SIM_USERNAME / SIM_PASSWORD.
'use strict';
const url = process.argv[2];
const username = process.env.SIM_USERNAME || 'admin@simorg.example';
const password = process.env.SIM_PASSWORD || 'sim-password';

function hidden(html, name) {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no ${name} field in page: ${html.slice(0, 300)}`);
  return m[1];
}

async function submit(action, fields) {
  return fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function main() {
  const origin = new URL(url).origin;
  // A refused authorize request redirects to the OAuth error page: follow it.
  const loginPage = await (await fetch(url)).text();
  const approval = await (await submit(origin + '/services/oauth2/authorize',
    { pending: hidden(loginPage, 'pending'), username, pw: password })).text();
  const allowed = await submit(origin + '/services/oauth2/authorize', { pending: hidden(approval, 'pending'), decision: 'allow' });
  const location = allowed.headers.get('location');
  if (allowed.status !== 302 || !location) throw new Error(`no redirect after Allow: ${allowed.status}`);
  for (let i = 0; i < 100; i++) {
    try {
      // The CLI answers with a redirect to its success page and finishes
      // only once the browser has loaded it.
      const res = await fetch(location);
      console.log(`sf_browser: callback answered ${res.status} at ${new URL(res.url).pathname}`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('the CLI never listened on its callback');
}

main().catch((e) => {
  console.log('sf_browser: ' + (e && e.stack || e));
  process.exit(1);
});
