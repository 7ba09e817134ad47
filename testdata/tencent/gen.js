#!/usr/bin/env node
// Test data only, not part of sdkjwt: UserSigs and PrivateMapKeys made by
// Tencent's Node library (npm tls-sig-api-v2 1.0.2, TLSSigAPIv2.js) for the
// cases on stdin, with Date.now fixed at each case's time, and what each
// holds: the inflated JSON, its members, and the userbuf's bytes.
//
//   node gen.js < cases.json > vectors.json
//
// The library's deflate output is Node's: sdkjwt's tests compare what it
// holds and its MAC (TLS.sig), not its bytes.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const { Api } = require('tls-sig-api-v2');

const unescape = (s) => s.replace(/_/g, '=').replace(/-/g, '/').replace(/\*/g, '+');

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  const realNow = Date.now;
  Date.now = () => c.time * 1000;
  const api = new Api(c.sdkappid, c.key);
  let token;
  if (c.kind === 'usersig') token = api.genUserSig(c.userid, c.expire);
  else if (c.kind === 'room') token = api.genPrivateMapKey(c.userid, c.expire, c.roomid, c.privileges);
  else if (c.kind === 'roomstr') token = api.genPrivateMapKeyWithStringRoomID(c.userid, c.expire, c.roomstr, c.privileges);
  else throw new Error(`${c.name}: no kind ${c.kind}`);
  Date.now = realNow;
  const json = zlib.inflateSync(Buffer.from(unescape(token), 'base64')).toString('utf8');
  const doc = JSON.parse(json);
  if (doc['TLS.time'] !== c.time) throw new Error(`${c.name}: the library did not take the fixed clock`);
  return Object.assign({}, c, {
    token, json, doc,
    userbuf_hex: doc['TLS.userbuf'] === undefined ? '' : Buffer.from(doc['TLS.userbuf'], 'base64').toString('hex'),
  });
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
