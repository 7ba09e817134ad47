#!/usr/bin/env node
// Test data only, not part of sdkjwt: known-good Zoom tokens, composed
// independently of sdkjwt as Zoom's samples and docs compose them, and
// signed with jsrsasign (the library of Zoom's sample servers) with the
// secret's UTF-8 bytes as the key.
//
//   npm ci && node gen.js < X-cases.json > X-vectors.json
//
// shared-cases.json is the shared set of 20 cases (compared by .ci/run with
// ../shared/vectors when that is present); sdk-cases.json our Meeting and
// Video cases (compared with ../shared/refgen when present); cases.json the
// Cobrowse, API and hold cases.
//
// A case is {name, kind, key, secret, iat, exp, fields, reject?, ...} and
// gets header_json, payload_json and token added:
//   kind "meeting": the payload of zoom/meetingsdk-auth-endpoint-sample:
//     appKey, sdkKey (both the key), mn, role, iat, exp, tokenExp (default:
//     exp), video_webrtc_mode.
//   kind "video": the payload of zoom/videosdk-auth-endpoint-sample: app_key,
//     role_type, tpc, version 1, iat, exp, user_identity, then (Zoom's docs
//     of 2026, which the sample does not write yet) user_key; session_key,
//     geo_regions (an array or a comma list, white space removed, empty
//     items dropped, joined with commas), cloud_recording_option,
//     cloud_recording_election, telemetry_tracking_id, video_webrtc_mode,
//     audio_webrtc_mode (else the deprecated audio_compatible_mode, as the
//     sample reads it), cloud_recording_transcript_option.
//     Meeting and Video cases also get secret_utf8_hex, token_zoom_sample
//     (signed with the secret as a plain string, as the samples pass it, which
//     jsrsasign reads as hex when it looks like hex) and zoom_sample_differs.
//   kind "cobrowse": the payload of zoom/cobrowsesdk-auth-endpoint-sample
//     (src/index.js at 27548ba; enable_byop as its byop branch adds it):
//     app_key, role_type, user_id, user_name (default: user_id), iat, exp,
//     enable_byop. The sample's request rules are checked (role 1 or 2,
//     userId and userName at most 35 UTF-16 units, 1800 <= exp-iat <= 172800);
//     a case that breaks one needs "allow_invalid": true.
//   kind "api": Zoom's Build platform API token, as its docs write it
//     (developers.zoom.us/docs/build/api-request/): iss, iat, exp.
//   kind "video-hold": the payload of the video case named by fields.base
//     (sdk-vectors.json), with hold: fields.hold appended.
// A Meeting or Video case whose lifetime is outside 1800 to 172800 seconds,
// or that lacks what its sample requires, needs "allow_invalid": true.
// "reject" names the claim sdkjwt must refuse; such a case is still signed
// here, so that inspect's tests can use the token.
'use strict';
const fs = require('fs');
const path = require('path');
const { KJUR } = require('jsrsasign');

const HEADER = JSON.stringify({ alg: 'HS256', typ: 'JWT' });
const sdkVectors = () => JSON.parse(fs.readFileSync(path.join(__dirname, 'sdk-vectors.json'), 'utf8'));

// Drops the members JSON.stringify would drop anyway, for readability.
const present = (v) => v !== undefined && v !== null;

function meeting(c) {
  const f = c.fields || {};
  if (present(f.mn) !== present(f.role)) invalid(c, 'mn and role go together');
  return {
    appKey: c.key,
    sdkKey: c.key,
    mn: f.mn,
    role: f.role,
    iat: c.iat,
    exp: c.exp,
    tokenExp: present(f.tokenExp) ? f.tokenExp : c.exp,
    video_webrtc_mode: f.video_webrtc_mode,
  };
}

function geo(v) {
  if (!present(v)) return undefined;
  const items = (Array.isArray(v) ? v : String(v).split(',')).map((s) => String(s).replace(/\s+/g, '')).filter((s) => s !== '');
  return items.join(',');
}

function video(c) {
  const f = c.fields || {};
  if (!present(f.role_type) || !present(f.tpc)) invalid(c, 'role_type and tpc are required');
  return {
    app_key: c.key,
    role_type: f.role_type,
    tpc: f.tpc,
    version: 1,
    iat: c.iat,
    exp: c.exp,
    user_identity: f.user_identity,
    user_key: f.user_key,
    session_key: f.session_key,
    geo_regions: geo(f.geo_regions),
    cloud_recording_option: f.cloud_recording_option,
    cloud_recording_election: f.cloud_recording_election,
    telemetry_tracking_id: f.telemetry_tracking_id,
    video_webrtc_mode: f.video_webrtc_mode,
    audio_webrtc_mode: present(f.audio_webrtc_mode) ? f.audio_webrtc_mode : f.audio_compatible_mode,
    cloud_recording_transcript_option: f.cloud_recording_transcript_option,
  };
}

function invalid(c, why) {
  if (!c.allow_invalid) throw new Error(`${c.name}: ${why}`);
}

function lifetime(c) {
  const life = c.exp - c.iat;
  if (!Number.isSafeInteger(c.iat) || !Number.isSafeInteger(c.exp) || life < 1800 || life > 172800) invalid(c, `exp - iat = ${life}`);
}

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
    case 'meeting':
      lifetime(c);
      return JSON.stringify(meeting(c));
    case 'video':
      lifetime(c);
      return JSON.stringify(video(c));
    case 'video-hold': {
      const base = sdkVectors().find((r) => r.name === c.fields.base);
      if (!base) throw new Error(`${c.name}: no vector ${c.fields.base} in sdk-vectors.json`);
      return JSON.stringify(Object.assign(JSON.parse(base.payload_json), { hold: c.fields.hold }));
    }
  }
  throw new Error(`${c.name}: unknown kind ${c.kind}`);
}

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  const p = payload(c);
  const token = KJUR.jws.JWS.sign('HS256', HEADER, p, { utf8: c.secret });
  if (c.kind !== 'meeting' && c.kind !== 'video') {
    return Object.assign({}, c, { header_json: HEADER, payload_json: p, token });
  }
  const sample = KJUR.jws.JWS.sign('HS256', HEADER, p, c.secret); // as the samples pass the secret
  return Object.assign({}, c, {
    header_json: HEADER, payload_json: p, secret_utf8_hex: Buffer.from(c.secret, 'utf8').toString('hex'),
    token, token_zoom_sample: sample, zoom_sample_differs: token !== sample,
  });
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
