#!/usr/bin/env node
// Test data only, not part of sdkjwt: Daily self-signed meeting tokens made
// as Daily's docs make them, jwt.sign(payload, apiKey) with jsonwebtoken
// 9.0.3 (docs.daily.co, "Self-signing meeting tokens"): Daily publishes no
// generator of its own.
//
//   node gen.js < cases.json > vectors.json
//
// A case gives api_key and claims, the payload in the order sdkjwt writes
// it (Daily's table of abbreviations, iat with the times); each is passed
// through with the token added, after jsonwebtoken has verified it.
'use strict';
const fs = require('fs');
const jwt = require('jsonwebtoken');

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  const token = jwt.sign(c.claims, c.api_key, { algorithm: 'HS256' });
  jwt.verify(token, c.api_key, { algorithms: ['HS256'], clockTimestamp: c.claims.iat, ignoreNotBefore: true });
  return Object.assign({}, c, { token });
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
