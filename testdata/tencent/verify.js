#!/usr/bin/env node
// Test data only, not part of sdkjwt: Tencent's Node library (npm
// tls-sig-api-v2 1.0.2) reads the UserSigs sdkjwt made for the cases.
//
//   go test ./tencent -run TestGolden -ours ours.json
//   node verify.js < ours.json
//
// Each token is inflated as the library's own base64url and zlib read it,
// and its TLS.sig recomputed by the library's own HMAC routine
// (Api.prototype._hmacsha256) over the members read; it exits non-zero,
// naming the case, if one differs.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const { Api } = require('tls-sig-api-v2');

const unescape = (s) => s.replace(/_/g, '=').replace(/-/g, '/').replace(/\*/g, '+');
const made = JSON.parse(fs.readFileSync(0, 'utf8'));
let bad = 0;
for (const m of made) {
  const doc = JSON.parse(zlib.inflateSync(Buffer.from(unescape(m.Token), 'base64')).toString('utf8'));
  const api = new Api(doc['TLS.sdkappid'], m.Key);
  const userbuf = doc['TLS.userbuf'] === undefined ? null : doc['TLS.userbuf'];
  const sig = api._hmacsha256(doc['TLS.identifier'], doc['TLS.time'], doc['TLS.expire'], userbuf);
  if (doc['TLS.ver'] !== '2.0' || sig !== doc['TLS.sig']) {
    console.error(`${m.Name}: Tencent's library computes another TLS.sig for sdkjwt's UserSig`);
    bad++;
  }
}
if (made.length < 10 || bad > 0) process.exit(1);
console.log(`Tencent's Node library recomputed the TLS.sig of all ${made.length} UserSigs sdkjwt made`);
