#!/usr/bin/env node
// Test data only, not part of sdkjwt: Vonage's own code reads every token
// sdkjwt made for the cases:
//   an OpenTok JWT and a Vonage application's token: @vonage/jwt 1.17's
//     verifySignature, with the API secret or the application's public key;
//   a T1 token: opentok-token 1.1.1's encodeToken, given the data and the
//     API key read back from the token, must make the same token.
//
//   go test ./vonage -run TestGolden -ours ours.json
//   node verify.js < ours.json
'use strict';
const fs = require('fs');
const path = require('path');
const querystring = require('querystring');
const { verifySignature } = require('@vonage/jwt');
const encodeToken = require('opentok-token');

const made = JSON.parse(fs.readFileSync(0, 'utf8'));
let bad = 0;
for (const m of made) {
  let ok;
  if (m.Family === 't1') {
    const [head, data] = Buffer.from(m.Token.slice(4), 'base64').toString('utf8').split(/:(.*)/s);
    const fields = querystring.parse(data);
    for (const k of ['create_time', 'expire_time', 'nonce']) fields[k] = Number(fields[k]);
    ok = encodeToken(fields, querystring.parse(head).partner_id, m.Secret) === m.Token;
  } else {
    const key = m.Family === 'app' ? fs.readFileSync(path.join(__dirname, '..', 'jwt', m.PublicKey)) : m.Secret;
    // jsonwebtoken judges exp by Date.now: the clock at the token's iat.
    const { iat } = JSON.parse(Buffer.from(m.Token.split('.')[1], 'base64url'));
    Date.now = () => iat * 1000;
    ok = verifySignature(m.Token, key);
  }
  if (!ok) {
    console.error(`${m.Name}: Vonage's SDK refuses sdkjwt's ${m.Family} token`);
    bad++;
  }
}
if (made.length < 8 || bad > 0) process.exit(1);
console.log(`Vonage's SDKs verified all ${made.length} tokens sdkjwt made (OpenTok JWT, T1, application)`);
