#!/usr/bin/env node
// Test data only, not part of sdkjwt: jsonwebtoken 9.0.3 verifies every
// RS256 token sdkjwt made for the cases, with the public key of the key that
// signed it, the algorithm pinned to RS256.
//
//   go test ./jwt -run TestGolden -ours ours.json
//   node verify.js < ours.json
'use strict';
const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

const made = JSON.parse(fs.readFileSync(0, 'utf8'));
let bad = 0;
for (const m of made) {
  try {
    jwt.verify(m.Token, fs.readFileSync(path.join(__dirname, m.PublicKey)), { algorithms: ['RS256'], ignoreExpiration: true, ignoreNotBefore: true });
  } catch (e) {
    console.error(`${m.Name}: jsonwebtoken refuses sdkjwt's token: ${e.message}`);
    bad++;
  }
}
if (made.length < 6 || bad > 0) process.exit(1);
console.log(`jsonwebtoken verified all ${made.length} RS256 tokens sdkjwt made`);
