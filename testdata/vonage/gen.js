#!/usr/bin/env node
// Test data only, not part of sdkjwt: Vonage Video tokens made by Vonage's
// own Node SDKs with the clock and randomness pinned:
//   opentok 2.23.2's generateToken: the OpenTok JWT (HS256 with the API
//     secret) and, with generateT1Token, the legacy T1 token (opentok-token
//     1.1.1, HMAC-SHA1);
//   @vonage/video 1.31.1's generateClientToken: the Vonage application's
//     RS256 token (@vonage/jwt, jsonwebtoken), with a test key of ../jwt.
//
//   npm ci && node gen.js < cases.json > vectors.json
//
// A case: {name, family: "jwt"|"t1"|"app", now (seconds; the clock is
// now + 0.25 s), nonce (Math.random's value), jti (the uuid drawn), api_key
// and api_secret, or application_id and key; session_id, role, data,
// layout (a list), expire (expireTime)}. A case whose generator throws
// keeps its error.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const RealDate = Date;
let pin = { now: 0 }; // until the first case
global.Date = class extends RealDate {
  constructor(...a) { if (a.length) super(...a); else super(pin.now ? pin.now * 1000 + 250 : RealDate.now()); }
  static now() { return pin.now ? pin.now * 1000 + 250 : RealDate.now(); }
};
Math.random = () => pin.nonce;
crypto.randomUUID = () => pin.jti;
// uuid's v4 draws 16 random bytes: pinned to the case's jti.
const uuid = require('uuid');
const v4 = () => pin.jti;
require.cache[require.resolve('uuid')].exports = Object.assign({}, uuid, { v4 });

const OpenTok = require('opentok');
const { Video } = require('@vonage/video');

const out = cases.map((c) => {
  pin = c;
  try {
    let token;
    if (c.family === 'app') {
      const video = new Video({ applicationId: c.application_id, privateKey: fs.readFileSync(path.join(__dirname, '..', 'jwt', c.key), 'utf8') });
      token = video.generateClientToken(c.session_id, { role: c.role, data: c.data, initialLayoutClassList: c.layout, expireTime: c.expire });
    } else {
      const ot = new OpenTok(c.api_key, c.api_secret);
      token = ot.generateToken(c.session_id, { role: c.role, data: c.data, initialLayoutClassList: c.layout, expireTime: c.expire }, c.family === 't1');
    }
    return Object.assign({}, c, { token });
  } catch (e) {
    return Object.assign({}, c, { error: e.message });
  }
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
