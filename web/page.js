'use strict';
// The page: it reads the form, asks the engine (sdkjwtInspect, WebAssembly
// compiled from package inspect) and writes the report. Every value is
// written with textContent, never as HTML. Nothing is stored or sent.
(() => {
  const $ = (id) => document.getElementById(id);
  const docs = 'https://github.com/sdkjwt/sdkjwt/blob/main/docs/codes.md';
  const joinNames = [];

  // Each flag of the command line, quoted for a POSIX shell.
  const quote = (s) => (/^[A-Za-z0-9._:\/=@+-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");

  window.sdkjwtReady = () => {
    const kinds = JSON.parse(sdkjwtKinds());
    const uses = new Set();
    const joins = new Set();
    for (const k of kinds) {
      (k.uses || []).forEach((u) => uses.add(u));
      (k.joins || []).forEach((j) => joins.add(j));
    }
    for (const u of [...uses].sort()) {
      const o = document.createElement('option');
      o.value = u;
      o.textContent = u;
      $('use').append(o);
    }
    for (const j of [...joins].sort()) {
      joinNames.push(j);
      const l = document.createElement('label');
      l.textContent = '--' + j;
      const i = document.createElement('input');
      i.type = 'text';
      i.id = 'join-' + j;
      i.spellcheck = false;
      l.append(i);
      $('joins').append(l);
    }
    $('run').disabled = false;
    $('run').textContent = 'Inspect';
  };

  function request() {
    const now = $('now').value.trim();
    const req = {
      token: $('token').value,
      key: $('key').value,
      use: $('use').value,
      now: now === '' ? Math.floor(Date.now() / 1000) : Number(now),
      join: {},
    };
    if ($('secret').value !== '') req.secret = $('secret').value;
    for (const j of joinNames) {
      const v = $('join-' + j).value;
      if (v !== '') req.join[j] = v;
    }
    return req;
  }

  function command(req) {
    const args = ['sdkjwt', 'inspect', '--now', String(req.now)];
    if (req.key) args.push('--key', quote(req.key));
    if (req.use) args.push('--use', quote(req.use));
    for (const [j, v] of Object.entries(req.join)) args.push('--' + j, quote(v));
    if (req.secret !== undefined) args.push('--secret-file', 'secret.txt');
    return args.join(' ') + ' < token.txt';
  }

  function render(req, out) {
    $('result').hidden = false;
    const verdict = $('verdict');
    const findings = $('findings');
    findings.replaceChildren();
    if (out.error) {
      verdict.textContent = out.error;
      verdict.className = 'refused';
      return;
    }
    const r = out.report;
    verdict.textContent = r.verdict;
    verdict.className = r.verdict.split(' ')[0].toLowerCase();
    for (const f of r.findings || []) {
      const li = document.createElement('li');
      const sev = document.createElement('span');
      sev.className = 'severity ' + f.severity;
      sev.textContent = f.severity + ' ';
      const code = document.createElement('a');
      code.href = docs + '#:~:text=' + encodeURIComponent(f.code);
      code.rel = 'noreferrer';
      code.textContent = f.code;
      const msg = document.createElement('div');
      msg.textContent = f.message;
      const hint = document.createElement('div');
      hint.className = 'hint';
      hint.textContent = 'hint: ' + f.hint;
      li.append(sev, code, msg, hint);
      findings.append(li);
    }
    // The engine's text from the kind on: header and payload as written
    // (1700000010.0 stays that), the times in UTC and relative.
    const at = out.text.indexOf('\nkind:');
    $('details').textContent = at >= 0 ? out.text.slice(at + 1) : out.text;
    $('command').textContent = command(req);
    $('report-json').textContent = out.json;
  }

  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const req = request();
    render(req, JSON.parse(sdkjwtInspect(JSON.stringify(req))));
  });

  const b64 = $('engine').textContent.trim();
  const bin = atob(b64);
  const wasm = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) wasm[i] = bin.charCodeAt(i);
  const go = new Go();
  WebAssembly.instantiate(wasm, go.importObject).then((m) => go.run(m.instance));
})();
