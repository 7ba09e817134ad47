#!/usr/bin/env node
// Test tool only, not part of sdkjwt: opens inspect.html from file:// in
// Debian's Chromium (headless, driven over the DevTools protocol by
// playwright-core, which downloads no browser) and checks, as a user would
// see them:
//   - every vector of testdata/inspect/vectors.json, typed into the form,
//     gives the report the native engine gives (testdata/inspect/golden:
//     the same JSON, byte for byte);
//   - a secret typed in appears nowhere in the page's DOM, and a token
//     carrying it shows it redacted;
//   - markup in a claim stays text;
//   - the page makes no request after it loads, and a script's attempts to
//     send data out (fetch, XHR, WebSocket, beacon, image, iframe, form) are
//     blocked: a server on 127.0.0.1 counts what reaches it.
// It writes a screenshot of one report.
//
//   node test.js inspect.html ../inspect/vectors.json ../inspect/golden shot.png
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const [page_, vectorsPath, goldenDir, shot] = process.argv.slice(2);
const vectors = JSON.parse(fs.readFileSync(vectorsPath, 'utf8'));
let failures = 0;
const fail = (msg) => { console.error('FAIL ' + msg); failures++; };

(async () => {
  // The server a leak would reach.
  let hits = 0;
  const sink = http.createServer((req, res) => { hits++; res.end('x'); });
  await new Promise((r) => sink.listen(0, '127.0.0.1', r));
  const sinkURL = `http://127.0.0.1:${sink.address().port}`;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
  const requests = [];
  const violations = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/Content Security Policy|Refused to/.test(m.text())) console.error('console: ' + m.text()); });
  await page.goto('file://' + path.resolve(page_));
  await page.waitForSelector('#run:not([disabled])', { timeout: 30000 });
  page.on('request', (r) => requests.push(r.url()));
  await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => { window.violations = (window.violations || 0) + 1; }));

  // The form's fields are set as typing would leave them, and the form is
  // submitted with its button: the page's own code reads and renders.
  async function inspect(v) {
    return page.evaluate((v) => {
      const set = (id, value) => { document.getElementById(id).value = value; };
      set('token', v.token);
      set('secret', v.secret == null ? '' : v.secret);
      set('key', v.key || '');
      set('use', v.use || '');
      set('now', String(v.now));
      for (const input of document.querySelectorAll('#joins input')) input.value = '';
      for (const [j, val] of Object.entries(v.join || {})) set('join-' + j, val);
      document.getElementById('run').click();
      return document.getElementById('report-json').textContent;
    }, v);
  }

  let compared = 0;
  for (const v of vectors) {
    // A textarea's value has its line breaks as LF (HTML's API value): a
    // token pasted with CR LF is seen without the CR.
    if (v.token.includes('\r')) continue;
    // An empty secret is "unchecked" in the page, as an empty field.
    if (v.secret === '') continue;
    // The page has no field for a public key (RS256) yet: those vectors are
    // the command line's and the engine's.
    if (v.public_key) continue;
    const got = await inspect(v);
    const want = fs.readFileSync(path.join(goldenDir, v.name + '.json'), 'utf8');
    compared++;
    if (got !== want) fail(`${v.name}: the page's report differs from the engine's\n got ${got}\nwant ${want}`);
    if (v.secret && v.secret.length >= 8) {
      // The page's own markup, its 6 MB engine (a data block) aside.
      const dom = await page.evaluate(() => document.head.outerHTML + document.querySelector('main').outerHTML + document.querySelector('header').outerHTML);
      const inDom = dom.split(v.secret).length - 1;
      if (inDom > 0) fail(`${v.name}: the secret is in the DOM ${inDom} times`);
    }
  }
  if (compared < 150) fail(`only ${compared} vectors compared`);

  // Markup in a claim is text: no element is made of it.
  const markup = { name: 'markup', now: 1700000030, token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' +
    Buffer.from('{"sub":"<img src=x onerror=alert(1)><b>bold</b>","exp":1700003600}').toString('base64url') + '.c2ln' };
  await inspect(markup);
  const made = await page.evaluate(() => document.querySelectorAll('#result img, #result b, #result script').length);
  if (made !== 0) fail(`markup in a claim made ${made} elements`);
  const shown = await page.$eval('#details', (e) => e.textContent);
  if (!shown.includes('<img src=x onerror=alert(1)>')) fail('markup in a claim is not shown as text');

  // A screenshot of a refused Twilio token, for the README.
  const shotVector = vectors.find((v) => v.name === 'twilio-lifetime-ms');
  await inspect(shotVector);
  await page.screenshot({ path: shot, fullPage: false });

  // A script in the page cannot send anything out.
  let attempts = [];
  try {
    attempts = await page.evaluate(async (url) => {
    const tried = [];
    const attempt = async (name, f) => { try { await f(); tried.push(name + ': sent?'); } catch (e) { tried.push(name + ': blocked'); } };
    await attempt('fetch', () => fetch(url + '/fetch'));
    await attempt('xhr', () => new Promise((ok, no) => { const x = new XMLHttpRequest(); x.open('GET', url + '/xhr'); x.onload = ok; x.onerror = no; x.send(); }));
    await attempt('websocket', () => new Promise((ok, no) => { const w = new WebSocket(url.replace('http', 'ws') + '/ws'); w.onopen = ok; w.onerror = no; }));
    tried.push('beacon: ' + navigator.sendBeacon(url + '/beacon', 'x'));
    const img = new Image(); img.src = url + '/img'; document.body.append(img);
    const frame = document.createElement('iframe'); frame.src = url + '/frame'; document.body.append(frame);
    const link = document.createElement('link'); link.rel = 'stylesheet'; link.href = url + '/css'; document.head.append(link);
    const form = document.createElement('form'); form.action = url + '/form'; form.method = 'post'; document.body.append(form);
    try { form.submit(); } catch (e) { tried.push('form: blocked'); }
    await new Promise((r) => setTimeout(r, 1500));
    return tried;
    }, sinkURL);
  } catch (e) {
    fail('the page was navigated away by a script: ' + e.message.split('\n')[0]);
  }
  await new Promise((r) => setTimeout(r, 500));
  if (hits !== 0) fail(`the server on 127.0.0.1 was reached ${hits} times (${attempts.join(', ')})`);
  const out = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  const expected = out.filter((u) => u.startsWith(sinkURL)); // the attempts themselves, refused before they leave
  if (out.length !== expected.length) fail(`requests after load: ${out.join(' ')}`);
  const blocked = await page.evaluate(() => window.violations || 0).catch(() => 0);
  if (blocked < 5) fail(`only ${blocked} CSP violations reported for 7 attempts`);

  await browser.close();
  sink.close();
  if (failures > 0) process.exit(1);
  console.log(`inspect.html in Chromium: ${compared} vectors give the engine's report; no secret in the DOM; markup stays text; ` +
    `${blocked} attempts to send data out blocked by the page's CSP, none reached 127.0.0.1`);
})().catch((e) => { console.error(e); process.exit(1); });
