#!/usr/bin/env node
// Test data only, not part of sdkjwt: known-good tokens made with the
// jsonwebtoken package (and jws, which it signs with), for package hms and
// the sign command.
//
//   npm ci && node gen.js < cases.json > vectors.json
//
// "app" and "management" cases are made by 100ms's own documented Node
// snippet (docs/get-started/v2/get-started/security-and-tokens.mdx, "Sample
// code", Node.js), except that the clock and the jti are fixed by each case
// instead of read from Date.now() and uuid4(): {name, type, access_key,
// secret, now, jti, expires_in (seconds; omitted: '24h' as in the docs),
// room_id, user_id, role}.
//
// "raw" cases sign the exact bytes of payload_json with jws, the library
// jsonwebtoken signs with: {name, type: "raw", secret, payload_json}.
'use strict';
const fs = require('fs');
const jwt = require('jsonwebtoken');
const jws = require('jws');

function sign(c) {
  if (c.type === 'raw') {
    const token = jws.sign({ header: { alg: 'HS256', typ: 'JWT' }, payload: c.payload_json, secret: c.secret });
    return Object.assign({}, c, { token });
  }
  const now = c.now; // Math.floor(Date.now() / 1000) in the docs
  const payload = c.type === 'app'
    ? { access_key: c.access_key, room_id: c.room_id, user_id: c.user_id, role: c.role, type: 'app', version: 2, iat: now, nbf: now }
    : { access_key: c.access_key, type: 'management', version: 2, iat: now, nbf: now };
  const token = jwt.sign(payload, c.secret, {
    algorithm: 'HS256',
    expiresIn: c.expires_in === undefined ? '24h' : c.expires_in,
    jwtid: c.jti, // uuid4() in the docs
  });
  const [h, p] = token.split('.');
  return Object.assign({}, c, {
    header_json: Buffer.from(h, 'base64url').toString('utf8'),
    payload_json: Buffer.from(p, 'base64url').toString('utf8'),
    token,
  });
}

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(cases.map(sign), null, 2) + '\n');
