#!/usr/bin/env node
// Test data only, not part of sdkjwt: agora-token's own parser and
// verifySignature judge the tokens sdkjwt made for the builder cases.
//
//   go test ./agora -run TestGolden -ours ours.json
//   node verify.js < ours.json
//
// It exits non-zero, naming the case, if from_string or verifySignature
// refuses a token.
'use strict';
const fs = require('fs');
const { AccessToken2 } = require('agora-token/src/AccessToken2');

const made = JSON.parse(fs.readFileSync(0, 'utf8'));
let bad = 0;
for (const m of made) {
  const t = new AccessToken2('', '', 0, 0);
  if (!t.from_string(m.Token) || !t.verifySignature(m.Certificate)) {
    console.error(`${m.Name}: agora-token refuses sdkjwt's token`);
    bad++;
  }
}
if (made.length < 30 || bad > 0) process.exit(1);
console.log(`agora-token parsed and verified all ${made.length} tokens sdkjwt made`);
