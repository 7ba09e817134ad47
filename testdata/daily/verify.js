#!/usr/bin/env node
// Test data only, not part of sdkjwt: jsonwebtoken reads every token sdkjwt
// made for the cases, with the domain's API key, and Daily's rules are
// checked as its docs state them: d and an integer iat present, ud at most
// 36 characters, the booleans booleans.
//
//   go test ./daily -run TestGolden -ours ours.json
//   node verify.js < ours.json
//
// It exits non-zero, naming the case, for a token that fails.
'use strict';
const fs = require('fs');
const jwt = require('jsonwebtoken');

const booleans = ['o', 'k', 'ctoe', 'sr', 'ast', 'ss', 'vo', 'ao', 'ejt', 'erui'];
const made = JSON.parse(fs.readFileSync(0, 'utf8'));
let bad = 0;
for (const m of made) {
  try {
    const p = jwt.verify(m.Token, m.Secret, { algorithms: ['HS256'], ignoreExpiration: true, ignoreNotBefore: true });
    if (typeof p.d !== 'string' || p.d === '') throw new Error('no d');
    if (!Number.isInteger(p.iat)) throw new Error('no integer iat');
    if (p.ud !== undefined && [...p.ud].length > 36) throw new Error('ud over 36');
    for (const b of booleans) if (p[b] !== undefined && typeof p[b] !== 'boolean') throw new Error(`${b} not a boolean`);
  } catch (e) {
    console.error(`${m.Name}: ${e.message}`);
    bad++;
  }
}
if (made.length < 10 || bad > 0) process.exit(1);
console.log(`jsonwebtoken verified all ${made.length} Daily tokens sdkjwt made, with Daily's rules`);
