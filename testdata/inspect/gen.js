#!/usr/bin/env node
// Test data only, not part of sdkjwt: the tokens that package inspect's
// tests explain, made independently of sdkjwt with Node's own crypto (no
// npm packages).
//
//   node gen.js < cases.json > vectors.json
//
// A case says how its token is made, and the rest is passed through:
//   payload_json (+ header_json, default {"alg":"HS256","typ":"JWT"}) signed
//     with sign_secret (default: secret; sign_secret_file: a file's text,
//     such as a public key's PEM) as HMAC-SHA256 over the segments as
//     sent; payload_encoding "padded" pads the payload segment; signature
//     "hex" (CryptoJS's toString()), "standard" (base64 with '+', '/', '='),
//     "none" (empty, as alg none has) or base64url (default);
//   legacy: {api_key, api_secret, mn, timestamp, role}: Zoom's pre-JWT Web SDK
//     signature, by the Node code Zoom's docs gave (zoom-token-spec.md §5);
//   refgen: the name of a case in ../zoomgen/sdk-vectors.json, whose
//     token_zoom_sample (jsrsasign, as Zoom's Node samples sign) is taken;
//   livekit: the name of a case in ../livekit/vectors.json, whose token
//     LiveKit's Node server SDK made;
//   agora: the name of a case in ../agora/vectors.json, whose token Agora's
//     Node builders (agora-token, agora-access-token) made;
//   tencent: the name of a case in ../tencent/vectors.json, whose UserSig
//     Tencent's Node library (tls-sig-api-v2) made;
//   tencent_doc: a UserSig made here as that library makes one, from its
//     members {sdkappid, key, identifier, time, expire, ver (default
//     "2.0"), userbuf {account, sdkappid, roomid, roomstr, expire,
//     privileges}}, for what no builder writes;
//   zego: the name of a case in ../zego/assistant.json whose token ZEGO's
//     Node generator made (zego_cbc: its Go generator, the CBC form);
//   zego_doc: a token04 made here as that generator makes one (AES-256-GCM),
//     from {secret, iv (hex), clear_expire, json}, for what no generator
//     writes;
//   jitsi: the name of a case in ../jitsi/vectors.json, whose token
//     jsonwebtoken made as 8x8's JaaS sample makes one;
//   key_file (with payload_json and header_json): an RS256 token signed
//     with that PEM file's private key;
//   vonage: the name of a case in ../vonage/vectors.json, whose token
//     Vonage's SDKs (opentok, @vonage/video) made;
//   t1_doc: a T1 token made here as opentok-token makes one, from {key,
//     secret, data (the data, escaped as written)}, for what no SDK writes;
//   rs256: the name of a case in ../jwt/vectors.json, whose RS256 token jws
//     (jsonwebtoken's signer) made;
//   token: the token itself, written by hand;
//   paste: how the token made so is then pasted: {wrap: N} breaks it into
//     lines of N characters (a wrapped copy), {quote: q} puts q around it,
//     {insert: [i, text]} puts text before its i-th character, {urlencode:
//     true} encodes it as encodeURIComponent does, {cut: N} keeps its first
//     N characters.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const b64u = (s) => Buffer.from(s, 'utf8').toString('base64url');
const refgen = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'zoomgen', 'sdk-vectors.json'), 'utf8'));
const livekit = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'livekit', 'vectors.json'), 'utf8'));
const agora = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'agora', 'vectors.json'), 'utf8'));
const tencent = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'tencent', 'vectors.json'), 'utf8'));
const jitsi = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'jitsi', 'vectors.json'), 'utf8'));
const vonage = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'vonage', 'vectors.json'), 'utf8'));
const rs256 = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'jwt', 'vectors.json'), 'utf8'));
const zego = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'zego', 'assistant.json'), 'utf8'));

// zegoDoc makes a token04: "04", base64 of the expiry, the nonce and the
// AES-256-GCM ciphertext with its tag, each with its length, and mode 1.
function zegoDoc(d) {
  const iv = Buffer.from(d.iv, 'hex'), c = crypto.createCipheriv('aes-256-gcm', Buffer.from(d.secret, 'utf8'), iv);
  const sealed = Buffer.concat([c.update(d.json, 'utf8'), c.final(), c.getAuthTag()]);
  const b = Buffer.alloc(8 + 2 + iv.length + 2 + sealed.length + 1);
  b.writeBigInt64BE(BigInt(d.clear_expire), 0); b.writeUInt16BE(iv.length, 8); iv.copy(b, 10);
  b.writeUInt16BE(sealed.length, 10 + iv.length); sealed.copy(b, 12 + iv.length); b.writeUInt8(1, b.length - 1);
  return '04' + b.toString('base64');
}

// tencentDoc makes a UserSig from its members: the userbuf big-endian, the
// MAC over TLSSigAPIv2's lines, the JSON deflated, base64 with *, -, _.
function tencentDoc(d) {
  const doc = { 'TLS.ver': d.ver === undefined ? '2.0' : d.ver, 'TLS.identifier': d.identifier, 'TLS.sdkappid': d.sdkappid, 'TLS.time': d.time, 'TLS.expire': d.expire };
  let lines = `TLS.identifier:${d.identifier}\nTLS.sdkappid:${d.sdkappid}\nTLS.time:${d.time}\nTLS.expire:${d.expire}\n`;
  if (d.userbuf) {
    const u = d.userbuf, room = Buffer.from(u.roomstr || '', 'latin1'), account = Buffer.from(u.account, 'latin1');
    const b = Buffer.alloc(3 + account.length + 20 + (room.length ? 2 + room.length : 0));
    b.writeUInt8(room.length ? 1 : 0, 0); b.writeUInt16BE(account.length, 1); account.copy(b, 3);
    let o = 3 + account.length;
    for (const v of [u.sdkappid, u.roomid || 0, u.expire, u.privileges, 0]) { b.writeUInt32BE(v, o); o += 4; }
    if (room.length) { b.writeUInt16BE(room.length, o); room.copy(b, o + 2); }
    doc['TLS.userbuf'] = b.toString('base64');
    lines += `TLS.userbuf:${doc['TLS.userbuf']}\n`;
  }
  doc['TLS.sig'] = crypto.createHmac('sha256', d.key).update(lines).digest('base64');
  return require('zlib').deflateSync(Buffer.from(JSON.stringify(doc))).toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

function make(c) {
  if (c.token !== undefined) return c.token;
  if (c.refgen !== undefined) return refgen.find((r) => r.name === c.refgen).token_zoom_sample;
  if (c.livekit !== undefined) return livekit.find((r) => r.name === c.livekit).token;
  if (c.agora !== undefined) return agora.find((r) => r.name === c.agora).token;
  if (c.tencent !== undefined) return tencent.find((r) => r.name === c.tencent).token;
  if (c.tencent_doc !== undefined) return tencentDoc(c.tencent_doc);
  if (c.jitsi !== undefined) return jitsi.find((r) => r.name === c.jitsi).token;
  if (c.vonage !== undefined) return vonage.find((r) => r.name === c.vonage).token;
  if (c.t1_doc !== undefined) {
    const { key, secret, data } = c.t1_doc;
    const sig = crypto.createHmac('sha1', secret).update(data).digest('hex');
    return 'T1==' + Buffer.from(`partner_id=${key}&sig=${sig}:${data}`).toString('base64');
  }
  if (c.rs256 !== undefined) return rs256.find((r) => r.name === c.rs256).token;
  if (c.zego !== undefined) return zego.node.rows.find((r) => r.name === c.zego).token;
  if (c.zego_cbc !== undefined) return zego['go-cbc'].rows.find((r) => r.name === c.zego_cbc).token;
  if (c.zego_doc !== undefined) return zegoDoc(c.zego_doc);
  if (c.legacy !== undefined) {
    const { api_key, api_secret, mn, timestamp, role } = c.legacy;
    const msg = Buffer.from(api_key + mn + timestamp + role).toString('base64');
    const hash = crypto.createHmac('sha256', api_secret).update(msg).digest('base64');
    return Buffer.from(`${api_key}.${mn}.${timestamp}.${role}.${hash}`).toString('base64');
  }
  const header = c.header_json === undefined ? '{"alg":"HS256","typ":"JWT"}' : c.header_json;
  let payload = b64u(c.payload_json);
  if (c.payload_encoding === 'padded') payload = Buffer.from(c.payload_json, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const input = b64u(header) + '.' + payload;
  if (c.key_file !== undefined) return input + '.' + crypto.sign('sha256', Buffer.from(input), fs.readFileSync(path.join(__dirname, c.key_file))).toString('base64url');
  const mac = crypto.createHmac('sha256', c.sign_secret_file !== undefined ? fs.readFileSync(path.join(__dirname, c.sign_secret_file)) : Buffer.from(c.sign_secret === undefined ? c.secret : c.sign_secret, 'utf8')).update(input).digest();
  const sig = { hex: mac.toString('hex'), standard: mac.toString('base64'), none: '', truncated: mac.toString('base64url').slice(0, -4) }[c.signature] ?? mac.toString('base64url');
  return input + '.' + sig;
}

function paste(c, token) {
  const p = c.paste || {};
  if (p.wrap) token = token.match(new RegExp(`.{1,${p.wrap}}`, 'g')).join('\n');
  if (p.insert) token = token.slice(0, p.insert[0]) + p.insert[1] + token.slice(p.insert[0]);
  if (p.quote) token = p.quote + token + p.quote;
  if (p.urlencode) token = encodeURIComponent(token);
  if (p.cut) token = token.slice(0, p.cut);
  return token;
}

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(cases.map((c) => Object.assign({}, c, { token: paste(c, make(c)) })), null, 2) + '\n');
