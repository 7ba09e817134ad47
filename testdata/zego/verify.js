#!/usr/bin/env node
// Test data only, not part of sdkjwt: Node's own crypto decrypts the
// token04s sdkjwt made for the cases, reading them as ZEGO's generators lay
// them out (the Java sample's decryptToken reads the same parts in order).
//
//   go test ./zego -run TestGolden -ours ours.json
//   node verify.js < ours.json
//
// Each token must be 04, base64 of: the expiry (i64), the nonce's length and
// nonce, the ciphertext's length and ciphertext (its last 16 bytes the GCM
// tag), and mode 1; it must decrypt with AES-256-GCM keyed with the
// ServerSecret's text to JSON with the Node generator's members, in its
// order, holding what was asked. It exits non-zero, naming the case, if not.
'use strict';
const fs = require('fs');
const crypto = require('crypto');

const made = JSON.parse(fs.readFileSync(0, 'utf8'));
const order = ['app_id', 'user_id', 'nonce', 'ctime', 'expire', 'payload'];
let bad = 0;
for (const m of made) {
  try {
    if (!m.Token.startsWith('04')) throw new Error('no 04');
    const b = Buffer.from(m.Token.slice(2), 'base64');
    const expire = b.readBigInt64BE(0), n = b.readUInt16BE(8), nonce = b.subarray(10, 10 + n);
    const len = b.readUInt16BE(10 + n), sealed = b.subarray(12 + n, 12 + n + len);
    if (b.length !== 12 + n + len + 1 || b[b.length - 1] !== 1) throw new Error('not the GCM layout');
    const d = crypto.createDecipheriv('aes-256-gcm', Buffer.from(m.Secret, 'utf8'), nonce);
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    const doc = JSON.parse(Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]).toString('utf8'));
    const want = { app_id: m.AppID, user_id: m.UserID, ctime: m.Created, expire: m.Expire, payload: m.Payload };
    if (Object.keys(doc).join() !== order.join() || !Number.isInteger(doc.nonce) || expire !== BigInt(m.Expire) ||
        Object.entries(want).some(([k, v]) => doc[k] !== v)) {
      throw new Error(`holds ${JSON.stringify(doc)}, expiry in clear ${expire}`);
    }
  } catch (e) {
    console.error(`${m.Name}: ${e.message}`);
    bad++;
  }
}
if (made.length < 9 || bad > 0) process.exit(1);
console.log(`Node's crypto decrypted all ${made.length} token04s sdkjwt made, as ZEGO's generators lay them out`);
