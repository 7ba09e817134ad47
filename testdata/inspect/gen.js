#!/usr/bin/env node
// Test data only, not part of sdkjwt: the tokens that package inspect's
// tests explain, made independently of sdkjwt with Node's own crypto (no
// npm packages).
//
//   node gen.js < cases.json > vectors.json
//
// A case says how its token is made, and the rest is passed through:
//   payload_json (+ header_json, default {"alg":"HS256","typ":"JWT"}) signed
//     with sign_secret (default: secret) as HMAC-SHA256 over the segments as
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
//   token: the token itself, written by hand;
//   paste: how the token made so is then pasted: {wrap: N} breaks it into
//     lines of N characters (a wrapped copy), {quote: q} puts q around it,
//     {insert: [i, text]} puts text before its i-th character, {urlencode:
//     true} encodes it as encodeURIComponent does.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const b64u = (s) => Buffer.from(s, 'utf8').toString('base64url');
const refgen = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'zoomgen', 'sdk-vectors.json'), 'utf8'));
const livekit = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'livekit', 'vectors.json'), 'utf8'));
const agora = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'agora', 'vectors.json'), 'utf8'));

function make(c) {
  if (c.token !== undefined) return c.token;
  if (c.refgen !== undefined) return refgen.find((r) => r.name === c.refgen).token_zoom_sample;
  if (c.livekit !== undefined) return livekit.find((r) => r.name === c.livekit).token;
  if (c.agora !== undefined) return agora.find((r) => r.name === c.agora).token;
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
  const mac = crypto.createHmac('sha256', Buffer.from(c.sign_secret === undefined ? c.secret : c.sign_secret, 'utf8')).update(input).digest();
  const sig = { hex: mac.toString('hex'), standard: mac.toString('base64'), none: '', truncated: mac.toString('base64url').slice(0, -4) }[c.signature] ?? mac.toString('base64url');
  return input + '.' + sig;
}

function paste(c, token) {
  const p = c.paste || {};
  if (p.wrap) token = token.match(new RegExp(`.{1,${p.wrap}}`, 'g')).join('\n');
  if (p.insert) token = token.slice(0, p.insert[0]) + p.insert[1] + token.slice(p.insert[0]);
  if (p.quote) token = p.quote + token + p.quote;
  if (p.urlencode) token = encodeURIComponent(token);
  return token;
}

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(cases.map((c) => Object.assign({}, c, { token: paste(c, make(c)) })), null, 2) + '\n');
