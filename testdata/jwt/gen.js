#!/usr/bin/env node
// Test data only, not part of sdkjwt: RS256 tokens signed by jws 4.0.1, the
// library jsonwebtoken 9.0.3 signs with, from the test keys of this
// directory (made for it with openssl; they sign nothing else), each then
// verified by jsonwebtoken with the public key.
//
//   npm ci && node gen.js < cases.json > vectors.json
//
// A case: {name, key (a PEM file here), header (its members in order),
// payload_json (signed as its exact bytes)}.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const jws = require('jws');

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  const pem = fs.readFileSync(path.join(__dirname, c.key), 'utf8');
  const token = jws.sign({ header: c.header, payload: c.payload_json, privateKey: pem });
  jwt.verify(token, crypto.createPublicKey(pem), { algorithms: ['RS256'], ignoreExpiration: true, ignoreNotBefore: true });
  return Object.assign({}, c, { token });
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
