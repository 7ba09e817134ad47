#!/usr/bin/env node
// Test data only, not part of sdkjwt: jsonwebtoken 9.0.3 verifies every
// token sdkjwt made for the cases: HS256 with the app secret, RS256 with the
// public key, the algorithm pinned, the clock at the token's iat.
//
//   go test ./jitsi -run TestGolden -ours ours.json
//   node verify.js < ours.json
'use strict';
const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

const made = JSON.parse(fs.readFileSync(0, 'utf8'));
let bad = 0;
for (const m of made) {
  try {
    const rs = m.PublicKey !== '';
    const key = rs ? fs.readFileSync(path.join(__dirname, '..', 'jwt', m.PublicKey)) : m.Secret;
    const { iat } = jwt.decode(m.Token);
    jwt.verify(m.Token, key, { algorithms: [rs ? 'RS256' : 'HS256'], clockTimestamp: iat });
  } catch (e) {
    console.error(`${m.Name}: jsonwebtoken refuses sdkjwt's token: ${e.message}`);
    bad++;
  }
}
if (made.length < 6 || bad > 0) process.exit(1);
console.log(`jsonwebtoken verified all ${made.length} Jitsi and JaaS tokens sdkjwt made`);
