#!/usr/bin/env node
// Test data only, not part of sdkjwt: jsonwebtoken (the library Twilio's
// Node helper signs with; twilio-node has no verifier) reads every token
// sdkjwt made for the cases, and Twilio's claims are checked as Twilio's
// docs state them (twilio.com/docs/iam/access-tokens, errors 20101, 20103,
// 20104): header cty twilio-fpa;v=1, iss the API key SID, sub the Account
// SID, a string identity, a lifetime of at most 24 hours.
//
//   go test ./twilio -run TestGolden -ours ours.json
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
    const t = jwt.verify(m.Token, m.Secret, { algorithms: ['HS256'], complete: true, ignoreExpiration: true, ignoreNotBefore: true, issuer: m.KeySID, subject: m.AccountSID });
    const p = t.payload;
    if (t.header.cty !== 'twilio-fpa;v=1' || t.header.typ !== 'JWT') throw new Error(`header ${JSON.stringify(t.header)}`);
    if (typeof p.grants !== 'object' || typeof p.grants.identity !== 'string' || p.grants.identity === '') throw new Error('no identity');
    if (!Number.isInteger(p.iat) || !Number.isInteger(p.exp) || p.exp <= p.iat || p.exp - p.iat > 86400) throw new Error(`times ${p.iat} ${p.exp}`);
    if (p.jti !== `${m.KeySID}-${p.iat}`) throw new Error(`jti ${p.jti}`);
  } catch (e) {
    console.error(`${m.Name}: ${e.message}`);
    bad++;
  }
}
if (made.length < 10 || bad > 0) process.exit(1);
console.log(`jsonwebtoken verified all ${made.length} Twilio tokens sdkjwt made, with Twilio's claims`);
