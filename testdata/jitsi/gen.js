#!/usr/bin/env node
// Test data only, not part of sdkjwt: Jitsi tokens made as 8x8's JaaS
// JavaScript sample makes them (8x8/jaas_demo, jaas-jwt-samples/js/index.js,
// commit 0663f2d): jsonwebtoken.sign of the payload in the sample's shape
// and order, RS256 with the key's kid in the header, or HS256 with the app
// secret for a self-hosted deployment; the clock fixed (jsonwebtoken adds
// iat from Date.now()). Jitsi publishes no generator of its own.
//
//   npm ci && node gen.js < cases.json > vectors.json
//
// A case: {name, now, aud, iss, sub, room, exp, nbf, user {id, name,
// avatar, email, moderator}, features {name: "true"|"false"}, group, and
// secret (HS256) or key (a PEM file of ../jwt) and kid (RS256)}; each token
// is verified by jsonwebtoken before it is written.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const jwt = require('jsonwebtoken');

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  Date.now = () => c.now * 1000 + 999;
  const context = c.user || c.features || c.group ? { user: c.user, features: c.features, group: c.group } : undefined;
  // JSON.stringify drops what is undefined, as the sample's JSON does; jsonwebtoken's
  // own checks refuse a present but undefined nbf.
  const payload = JSON.parse(JSON.stringify({ aud: c.aud, context, iss: c.iss, room: c.room, sub: c.sub, exp: c.exp, nbf: c.nbf }));
  let token;
  if (c.key) {
    const pem = fs.readFileSync(path.join(__dirname, '..', 'jwt', c.key));
    token = jwt.sign(payload, pem, { algorithm: 'RS256', header: { kid: c.kid } });
    jwt.verify(token, crypto.createPublicKey(pem), { algorithms: ['RS256'], clockTimestamp: c.now });
  } else {
    token = jwt.sign(payload, c.secret, { algorithm: 'HS256' });
    jwt.verify(token, c.secret, { algorithms: ['HS256'], clockTimestamp: c.now });
  }
  return Object.assign({}, c, { token });
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
