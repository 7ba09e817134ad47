#!/usr/bin/env node
// Test data only, not part of sdkjwt: known-good Zoom tokens of the kinds
// ../../../shared/refgen does not make, composed independently of sdkjwt and
// signed with jsrsasign (the library of Zoom's sample servers) with the
// secret's UTF-8 bytes as the key.
//
//   npm ci && node gen.js < cases.json > vectors.json
//
// A case is {name, kind, key, secret, iat, exp, fields, reject?, ...} and
// gets header_json, payload_json and token added:
//   kind "cobrowse": the payload of zoom/cobrowsesdk-auth-endpoint-sample
//     (src/index.js at 27548ba; enable_byop as its byop branch adds it):
//     app_key, role_type, user_id, user_name (default: user_id), iat, exp,
//     enable_byop. The sample's request rules are checked (role 1 or 2,
//     userId and userName at most 35 UTF-16 units, 1800 <= exp-iat <= 172800);
//     a case that breaks one needs "allow_invalid": true.
//   kind "api": Zoom's Build platform API token, as its docs write it
//     (developers.zoom.us/docs/build/api-request/): iss, iat, exp.
//   kind "video-hold": the payload of the refgen vector named by fields.base
//     (../refgen-vectors.json), with hold: fields.hold appended.
// "reject" names the claim sdkjwt must refuse; such a case is still signed
// here, so that inspect's tests can use the token.
'use strict';
const fs = require('fs');
const path = require('path');
const { KJUR } = require('jsrsasign');

const HEADER = JSON.stringify({ alg: 'HS256', typ: 'JWT' });
const refgen = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'refgen-vectors.json'), 'utf8'));

function cobrowse(c) {
  const f = c.fields;
  const errs = [];
  if (f.role_type !== 1 && f.role_type !== 2) errs.push('role_type must be 1 or 2');
  for (const k of ['user_id', 'user_name']) {
    if (f[k] !== undefined && f[k].length > 35) errs.push(`${k} longer than 35`);
  }
  const life = c.exp - c.iat;
  if (life < 1800 || life > 172800) errs.push(`exp-iat=${life}`);
  if (errs.length && !c.allow_invalid) throw new Error(`${c.name}: ${errs.join('; ')}`);
  const userId = f.user_id;
  return {
    app_key: c.key,
    role_type: f.role_type,
    user_id: userId,
    user_name: f.user_name ?? userId,
    iat: c.iat,
    exp: c.exp,
    enable_byop: f.enable_byop,
  };
}

function payload(c) {
  switch (c.kind) {
    case 'cobrowse':
      return JSON.stringify(cobrowse(c));
    case 'api':
      return JSON.stringify({ iss: c.key, iat: c.iat, exp: c.exp });
    case 'video-hold': {
      const base = refgen.find((r) => r.name === c.fields.base);
      if (!base) throw new Error(`${c.name}: no refgen vector ${c.fields.base}`);
      return JSON.stringify(Object.assign(JSON.parse(base.payload_json), { hold: c.fields.hold }));
    }
  }
  throw new Error(`${c.name}: unknown kind ${c.kind}`);
}

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  const p = payload(c);
  const token = KJUR.jws.JWS.sign('HS256', HEADER, p, { utf8: c.secret });
  return Object.assign({}, c, { header_json: HEADER, payload_json: p, token });
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
