// The anchors of scripts/bench.sh's refresh figure (P4): N Salesforce refresh
// tokens renewed by a node script, as a team without the host would write it.
//   naive: Promise.all over every token with fetch (no bound on connections);
//   tuned: 8 workers over an http.Agent that keeps 8 connections alive.
// The tokens come from real authorization-code grants against sfsim (users
// fleet1..fleetN of the org file), obtained before the clock starts.
// Prints: "<refreshes> <seconds> <refreshes per second> <peak RSS KiB> <CPU ms>",
// the CPU time (user + system) being the refresh phase's only.
// Usage: node node_refresh.js <sfsim url> <N> naive|tuned
'use strict';
const http = require('http');
const crypto = require('crypto');

const [base, countText, style] = process.argv.slice(2);
const count = Number(countText);
for (const v of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[v];
const CLIENT_ID = '3MVG9SIMULATOR0SmartFlowsConsumerKey';
const CLIENT_SECRET = 'sim-consumer-secret';
const REDIRECT = 'http://localhost:1717/OauthRedirect';

const form = (o) => new URLSearchParams(o).toString();
const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function grant(i) {
  const verifier = b64url(crypto.randomBytes(32));
  const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
  const authorize = `${base}/services/oauth2/authorize?` + form({ response_type: 'code', client_id: CLIENT_ID,
    redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 's' + i });
  const approved = await fetch(`${base}/__sim/browser/authorize`, { method: 'POST', body: JSON.stringify({
    authorize_url: authorize, username: `load${i}@simorg.example`, password: 'sim-password', decision: 'allow' }) });
  if (!approved.ok) throw new Error(`authorize fleet${i}: ${approved.status} ${await approved.text()}`);
  const code = new URL((await approved.json()).redirect).searchParams.get('code');
  const token = await fetch(`${base}/services/oauth2/token`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'authorization_code', code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
      redirect_uri: REDIRECT, code_verifier: verifier }) });
  if (!token.ok) throw new Error(`token fleet${i}: ${token.status} ${await token.text()}`);
  return (await token.json()).refresh_token;
}

async function seed() {
  const tokens = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < count) {
      const i = next++;
      tokens[i] = await grant(i + 1);
    }
  }));
  return tokens;
}

const refreshBody = (t) => form({ grant_type: 'refresh_token', refresh_token: t, client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET });

async function naive(tokens) {
  await Promise.all(tokens.map(async (t) => {
    const res = await fetch(`${base}/services/oauth2/token`, { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: refreshBody(t) });
    if (!res.ok) throw new Error(`refresh: ${res.status}`);
    await res.json();
  }));
}

async function tuned(tokens) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const url = new URL(`${base}/services/oauth2/token`);
  const post = (t) => new Promise((resolve, reject) => {
    const body = refreshBody(t);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`refresh: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < tokens.length) await post(tokens[next++]);
  }));
  agent.destroy();
}

async function main() {
  const tokens = await seed();
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await (style === 'tuned' ? tuned : naive)(tokens);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = process.resourceUsage().maxRSS;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = ((cpu.user + cpu.system) / 1000).toFixed(0);
  console.log(`${tokens.length} ${seconds.toFixed(3)} ${(tokens.length / seconds).toFixed(0)} ${rss} ${cpuMs}`);
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
