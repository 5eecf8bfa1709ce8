// Seeds N Salesforce connectors for scripts/bench.sh's refresh figure (P4)
// through the project's own code: the Create connector wizard of a running
// `console-host serve`, driven at the HTTP level, with real grants against
// sfsim (user load<i>@simorg.example for project P<i>; one connector user per
// connector, as Salesforce's 5-refresh-tokens-per-user rule requires).
// Prints "<connectors> <seconds>".
// Usage: node seed_connectors.js <serve url> <sfsim url> <N> [concurrency]
'use strict';
const path = require('path');
const { Admin } = require(path.join(__dirname, '..', 'browser', 'driver.js'));

const [serveUrl, simUrl, countText, concurrencyText] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText || 8);

async function main() {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = ++next;
      const admin = new Admin(serveUrl, simUrl);  // one admin per connector: its own session
      const page = await admin.createConnector({ project: `P${i}`, username: `load${i}@simorg.example` });
      if (!/Connected/.test(page.text)) throw new Error(`P${i}: the wizard did not end connected: ${page.text.slice(0, 500)}`);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${count} ${seconds.toFixed(2)}`);
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
