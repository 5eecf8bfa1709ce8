// An HTTP-level admin: drives `console-host serve` the way the browser does
// (cookie, CSRF token from each form, the redirects), with sfsim's
// /__sim/browser/authorize playing the login and Allow pages. Used where
// twenty browsers would be too heavy for two cores.
'use strict';
const { http } = require('./harness');

class Admin {
  constructor(serveUrl, simUrl) {
    this.serve = serveUrl;
    this.sim = simUrl;
    this.cookie = '';
    this.csrf = '';
    this.bodies = [];  // every answer the console gave this admin (headers and body)
  }

  async request(url, { method = 'GET', form = null } = {}) {
    const headers = {};
    if (this.cookie) headers.Cookie = this.cookie;
    let body;
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ _csrf: this.csrf, ...form }).toString();
    }
    const { res, text } = await http(url.startsWith('http') ? url : this.serve + url, { method, headers, body, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    this.bodies.push(JSON.stringify([...res.headers]) + '\n' + text);
    const token = text.match(/name="_csrf" value="([0-9a-f]+)"/);
    if (token) this.csrf = token[1];
    return { status: res.status, location: res.headers.get('location'), text };
  }

  // POST, then follow the console's own 303 with a GET (as a browser does).
  async post(path, form) {
    const r = await this.request(path, { method: 'POST', form });
    if (r.status !== 303) throw new Error(`POST ${path} answered ${r.status}: ${r.text.slice(0, 300)}`);
    if (!r.location.startsWith('/')) return r;  // leaving for the sign-in page
    return this.request(r.location);
  }

  // Opens the Create connector wizard of `project` and answers its first
  // (host) step for a Salesforce connector; returns the wizard's URL.
  async startWizard(project, { name = 'Salesforce', description = '' } = {}) {
    await this.request(`/connectors?project=${encodeURIComponent(project)}`);
    const started = await this.request('/connectors/new', { method: 'POST', form: { project } });
    this.wizard = started.location;
    await this.request(this.wizard);
    await this.post(this.wizard, { _do: 'next', name, description, type: 'salesforce' });
    return this.wizard;
  }

  // The whole Create connector wizard; returns the final page.
  async createConnector({ project, name = 'Salesforce', description = '', username, buttons = 'skip', object = 'Account' }) {
    await this.startWizard(project, { name, description });
    const env = await this.post(this.wizard, { _do: 'next', environment: 'custom', custom_domain: this.sim, buttons, object });
    if (!/Authorize Smart Flows<\/button>/.test(env.text)) throw new Error('no Authorize step: ' + env.text.slice(0, 500));
    const away = await this.request(this.wizard, { method: 'POST', form: { _do: 'action' } });
    if (!away.location || !away.location.startsWith(this.sim)) throw new Error('not sent to sign in: ' + away.location);
    this.authorizeUrl = away.location;
    const back = await this.signIn(away.location, username);
    if (!/Smart Flows is authorized/.test(back.text)) throw new Error('not authorized: ' + (back.text.match(/<p class="(error|alert)"[^>]*>[^<]*/g) || [back.text.slice(0, 800)]).join(' | '));
    await this.post(this.wizard, { _do: 'next' });
    return this.post(this.wizard, { _do: 'finish' });
  }

  // Signs in and allows on sfsim, then follows the redirect back to the console.
  async signIn(authorizeUrl, username, decision = 'allow') {
    const r = await http(this.sim + '/__sim/browser/authorize', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ authorize_url: authorizeUrl, username, password: 'sim-password', decision }),
    });
    if (r.status !== 200) throw new Error(`sfsim's sign-in for ${username} answered ${r.status}: ${r.text.slice(0, 300)}`);
    const { redirect } = JSON.parse(r.text);
    const cb = await this.request(redirect);
    if (cb.status !== 303) return cb;
    return this.request(cb.location);
  }
}

module.exports = { Admin };
