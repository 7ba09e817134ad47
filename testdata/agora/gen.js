#!/usr/bin/env node
// Test data only, not part of sdkjwt: Agora tokens made by Agora's official
// Node builders, agora-token 2.0.6 (AccessToken2, "007") and
// agora-access-token 2.0.4 (AccessToken, "006"), with a fixed issue time and
// salt.
//
//   node gen.js < cases.json > vectors.json
//
// A case says how its token is made, and the rest is passed through:
//   builder: rtc_uid, rtc_account, rtm or chat_user, the agora-token builder
//     (RtcTokenBuilder.buildTokenWithUid, .buildTokenWithUserAccount,
//     RtmTokenBuilder.buildToken, ChatTokenBuilder.buildUserToken) called
//     with app_id, certificate, channel, uid or account, role (publisher,
//     subscriber), user, expire and privilege_expire, at issue_ts with salt;
//   services: AccessToken2 itself, for tokens no builder makes: app_id,
//     issue_ts, expire, salt and services [{type, privileges {n: expire},
//     channel, uid, user}], signed with sign_certificate (default: certificate),
//     without build's checks (so that a case may break a rule);
//   v006: agora-access-token's AccessToken: app_id, channel, uid, ts, salt
//     and privileges {n: absolute expire}, signed with certificate;
//   apaas: agora-token's ApaasTokenBuilder at issue_ts with salt: {kind:
//     "app"} (buildAppToken), {kind: "user", user} (buildUserToken) or
//     {kind: "room_user", room, user, role} (buildRoomUserToken), with expire;
//   rtm2: RtmTokenBuilder.buildTokenWithPermissions at issue_ts with salt:
//     {user, permissions: [[resource type, access type, [names]], ...]},
//     with expire;
//   dynamic_key: a DynamicKey, Agora's format before the AccessToken:
//     {version: 5, service (media_channel, recording, public_sharing),
//     channel, uid, unix_ts, random, expired_ts} made by agora-access-token's
//     DynamicKey5, or version 3 or 4, for which no npm package has a builder,
//     made here with Node's crypto as AgoraIO/Tools' DynamicKey3 and
//     DynamicKey4 (go/src, at 513514b and 4408a79) make them: an HMAC-SHA1
//     in hex, then the fields at fixed widths;
//   deflate_hex: "007" and base64 of zlib of these bytes, written by hand;
//   token: the token itself, written by hand.
// Each 007 token agora-token can read gets content_hex and signature_hex
// (what is inside the zlib stream), what from_string read, and whether
// verifySignature(certificate) accepts it; a builder's token must verify.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const { RtcTokenBuilder, RtcRole, RtmTokenBuilder, ChatTokenBuilder, ApaasTokenBuilder } = require('agora-token');
const at2 = require('agora-token/src/AccessToken2');
const { AccessToken: AccessToken006 } = require('agora-access-token/src/AccessToken');
const DynamicKey5 = require('agora-access-token/src/DynamicKey5');
const crypto = require('crypto');

// dynamicKey makes a DynamicKey of version 3, 4 or 5.
function dynamicKey(c) {
  const k = c.dynamic_key;
  if (k.version === 5) {
    const build = { media_channel: DynamicKey5.generateMediaChannelKey, recording: DynamicKey5.generateRecordingKey, public_sharing: DynamicKey5.generatePublicSharingKey }[k.service];
    return build(c.app_id, c.certificate, k.channel, k.unix_ts, k.random, k.uid, k.expired_ts);
  }
  const ts = String(k.unix_ts).padStart(10, '0');
  const random = k.random.toString(16).padStart(8, '0');
  const uid = String(k.uid).padStart(10, '0');
  const expired = String(k.expired_ts).padStart(10, '0');
  const signed = (k.version === 4 ? 'ACS' : '') + c.app_id + ts + random + k.channel + uid + expired;
  const sig = crypto.createHmac('sha1', c.certificate).update(signed).digest('hex');
  return k.version === 4 ? '004' + sig + c.app_id + ts + random + expired : '003' + sig + c.app_id + ts + random + uid + expired;
}

// at runs build with the clock at issueTs and Math.random giving salt, as
// AccessToken2 draws it: Math.floor(Math.random() * 99999999) + 1.
function at(issueTs, salt, build) {
  const RealDate = Date;
  const random = Math.random;
  global.Date = class extends RealDate {
    constructor(...a) { if (a.length === 0) super(issueTs * 1000); else super(...a); }
  };
  Math.random = () => (salt - 0.5) / 99999999;
  try { return build(); } finally { global.Date = RealDate; Math.random = random; }
}

function make(c) {
  if (c.token !== undefined) return c.token;
  if (c.dynamic_key !== undefined) return dynamicKey(c);
  if (c.apaas !== undefined) {
    const a = c.apaas;
    return at(c.issue_ts, c.salt, () => ({
      app: () => ApaasTokenBuilder.buildAppToken(c.app_id, c.certificate, c.expire),
      user: () => ApaasTokenBuilder.buildUserToken(c.app_id, c.certificate, a.user, c.expire),
      room_user: () => ApaasTokenBuilder.buildRoomUserToken(c.app_id, c.certificate, a.room, a.user, a.role, c.expire),
    })[a.kind]());
  }
  if (c.rtm2 !== undefined) {
    const perms = new at2.Rtm2Permissions();
    for (const [resource, access, names] of c.rtm2.permissions) perms.add(resource, access, names);
    return at(c.issue_ts, c.salt, () => RtmTokenBuilder.buildTokenWithPermissions(c.app_id, c.certificate, c.rtm2.user, perms, c.expire));
  }
  if (c.deflate_hex !== undefined) return '007' + zlib.deflateSync(Buffer.from(c.deflate_hex, 'hex')).toString('base64');
  if (c.v006 !== undefined) {
    const v = c.v006;
    const t = new AccessToken006(c.app_id, c.certificate, v.channel, v.uid);
    t.salt = v.salt;
    t.ts = v.ts;
    for (const [k, e] of Object.entries(v.privileges)) t.addPriviledge(Number(k), e);
    return t.build();
  }
  if (c.services !== undefined) {
    const t = new at2.AccessToken2(c.app_id, c.sign_certificate ?? c.certificate, c.issue_ts, c.expire);
    t.salt = c.salt;
    t.__build_check = () => true; // build what the case says, even what the builder would refuse
    for (const s of c.services) {
      const kind = { 1: at2.ServiceRtc, 2: at2.ServiceRtm, 5: at2.ServiceChat }[s.type];
      const svc = s.type === 1 ? new kind(s.channel, s.uid) : new kind(s.user);
      for (const [k, e] of Object.entries(s.privileges)) svc.add_privilege(Number(k), e);
      t.add_service(svc);
    }
    return t.build();
  }
  const role = { publisher: RtcRole.PUBLISHER, subscriber: RtcRole.SUBSCRIBER }[c.role];
  return at(c.issue_ts, c.salt, () => {
    switch (c.builder) {
      case 'rtc_uid': return RtcTokenBuilder.buildTokenWithUid(c.app_id, c.certificate, c.channel, c.uid, role, c.expire, c.privilege_expire);
      case 'rtc_account': return RtcTokenBuilder.buildTokenWithUserAccount(c.app_id, c.certificate, c.channel, c.account, role, c.expire, c.privilege_expire);
      case 'rtm': return RtmTokenBuilder.buildToken(c.app_id, c.certificate, c.user, c.expire);
      case 'chat_user': return ChatTokenBuilder.buildUserToken(c.app_id, c.certificate, c.user, c.expire);
    }
    throw new Error(`${c.name}: no builder ${c.builder}`);
  });
}

// str is a string from_string read (a Buffer) as text.
const str = (b) => (b === undefined ? undefined : b.toString('utf8'));

// read is what agora-token makes of a 007 token, or undefined.
function read(c, token) {
  if (!token.startsWith('007')) return undefined;
  const t = new at2.AccessToken2('', '', 0, 0);
  if (!t.from_string(token)) return { parsed: false };
  const inside = zlib.inflateSync(Buffer.from(token.slice(3), 'base64'));
  const sigLen = inside.readUInt16LE(0);
  return {
    parsed: true,
    signature_hex: inside.subarray(2, 2 + sigLen).toString('hex'),
    content_hex: inside.subarray(2 + sigLen).toString('hex'),
    read: {
      app_id: str(t.appId), issue_ts: t.issueTs, expire: t.expire, salt: t.salt,
      services: t.services.map((s) => ({
        type: s.service_type(), privileges: s.__privileges,
        channel: str(s.__channel_name), uid: str(s.__uid), user: str(s.__user_id ?? s.__user_uuid),
        room: str(s.__room_uuid), role: s.__role,
        resources: s.__permissions && Object.entries(s.__permissions.details).map(([type, access]) => ({
          type: Number(type),
          access: Object.entries(access).map(([t, names]) => ({ type: Number(t), names })),
        })),
      })),
    },
    verified: c.certificate !== undefined && t.verifySignature(c.certificate),
  };
}

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  const token = make(c);
  if (token === '') throw new Error(`${c.name}: the builder refused the inputs`);
  const r = read(c, token);
  if (c.builder !== undefined && !(r.parsed && r.verified && r.read.issue_ts === c.issue_ts && r.read.salt === c.salt)) {
    throw new Error(`${c.name}: the builder's token does not read back as made`);
  }
  return Object.assign({}, c, { token }, r);
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
