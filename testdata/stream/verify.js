#!/usr/bin/env node
// Test data only, not part of sdkjwt: jsonwebtoken (which Stream's Node
// SDKs sign with) reads every token sdkjwt made for the cases, and Stream's
// claims are checked as its docs state them: a string user_id, integer
// times, call_cids an array of strings.
//
//   go test ./stream -run TestGolden -ours ours.json
//   node verify.js < ours.json
//
// It exits non-zero, naming the case, for a token that fails.
'use strict';
const fs = require('fs');
const jwt = require('jsonwebtoken');

const made = JSON.parse(fs.readFileSync(0, 'utf8'));
let bad = 0;
for (const m of made) {
  try {
    const p = jwt.verify(m.Token, m.Secret, { algorithms: ['HS256'], ignoreExpiration: true });
    if (typeof p.user_id !== 'string' || p.user_id === '') throw new Error('no user_id');
    for (const t of ['iat', 'exp']) if (p[t] !== undefined && !Number.isInteger(p[t])) throw new Error(`${t} ${p[t]}`);
    if (p.call_cids !== undefined && !(Array.isArray(p.call_cids) && p.call_cids.every((c) => typeof c === 'string'))) throw new Error('call_cids');
  } catch (e) {
    console.error(`${m.Name}: ${e.message}`);
    bad++;
  }
}
if (made.length < 10 || bad > 0) process.exit(1);
console.log(`jsonwebtoken verified all ${made.length} Stream tokens sdkjwt made, with Stream's claims`);
