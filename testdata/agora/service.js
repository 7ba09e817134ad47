#!/usr/bin/env node
// Test data only, not part of sdkjwt: the differential test of serve's Agora
// routes against AgoraIO-Community/agora-token-service.
//
//   node service.js record URL > ../serve-agora.json
//     sends the requests below to agora-token-service running at URL
//     (started with the APP_ID and APP_CERTIFICATE below and
//     CORS_ALLOW_ORIGIN=*) and records its answers, each with the time it
//     was sent and the tokens as agora-token's from_string reads them.
//   go test ./server -run TestAgoraService -ours ours.json
//   node service.js compare ../serve-agora.json ours.json
//     reads serve's answers to the same requests with agora-token: where
//     both signed, the tokens must hold the same App ID, expire and
//     services, serve's issueTs the time recorded (the service's within 2 s
//     of it), and serve's signature must verify. It exits non-zero naming
//     each request that differs.
'use strict';
const fs = require('fs');
const { AccessToken2 } = require('agora-token/src/AccessToken2');

const appId = '970CA35de60c44645bbae8a215061b33';
const certificate = '5CFd2fd1755d40ecb72977518be15d3b';

const post = (body, contentType = 'application/json') => ({ method: 'POST', path: '/getToken', content_type: contentType, body });
const get = (path) => ({ method: 'GET', path });
const requests = [
  post('{"tokenType":"rtc","channel":"test","role":"publisher","uid":"42","expire":600}'),
  post('{"tokenType":"rtc","channel":"test","role":"subscriber","uid":"alice"}'),
  post('{"tokenType":"rtc","channel":"test","role":"publisher","uid":"0"}'),
  post('{"tokenType":"rtc","channel":"test","uid":"42"}'),
  post('{"tokenType":"rtc","channel":"test","role":"audience","uid":"42"}'),
  post('{"tokenType":"rtc","channel":"test","role":"host","uid":"42"}'),
  post('{"tokenType":"rtc","role":"publisher","uid":"42"}'),
  post('{"tokenType":"rtc","channel":"test","role":"publisher"}'),
  post('{"tokenType":"rtc","channel":"test","role":"publisher","uid":"4294967296"}'),
  post('{"tokenType":"rtc","channel":"test","role":"publisher","uid":"007"}'),
  post('{"tokenType":"rtc","channel":"test","role":"publisher","uid":"42","expire":86400}'),
  post('{"tokenType":"rtc","channel":"test","role":"publisher","uid":"42","expire":86401}'),
  post('{"tokenType":"rtc","channel":"test","role":"publisher","uid":"42","expire":-1}'),
  post('{"tokenType":"rtc","channel":"test","role":"publisher","uid":"42","expire":0}'),
  post('{"tokenType":"rtc","channel":"bad/chan","role":"publisher","uid":"42"}'),
  post(`{"tokenType":"rtc","channel":"${'c'.repeat(64)}","role":"publisher","uid":"42"}`),
  post('{"TOKENTYPE":"rtc","Channel":"test","UID":"1","extra":true}'),
  post('{"tokenType":"rtm","uid":"alice"}'),
  post('{"tokenType":"rtm","uid":"alice","channel":"test","expire":120}'),
  post('{"tokenType":"rtm","uid":"alice","channel":"*"}'),
  post('{"tokenType":"rtm"}'),
  post('{"tokenType":"chat"}'),
  post('{"tokenType":"chat","uid":"alice","expire":300}'),
  post('{"tokenType":"chat","uid":null}'),
  post('{"tokenType":"video","uid":"alice"}'),
  post('{"uid":"alice"}'),
  post('not json'),
  post('[]'),
  post('{"tokenType":"rtc","channel":"test","uid":42}'),
  post('{"tokenType":"rtc","channel":"test","uid":"42","expire":"600"}'),
  post('{"tokenType":"rtc","channel":"test","uid":"42","expire":1.5}'),
  post('{"tokenType":"rtm","uid":"alice"}', 'text/plain'),
  get('/rtc/test/publisher/uid/42/'),
  get('/rtc/test/subscriber/userAccount/alice/?expiry=600'),
  get('/rtc/test/publisher/uid/0/'),
  get('/rtc/test/audience/uid/42/'),
  get('/rtc/test/host/uid/42/'),
  get('/rtc/te%20st/publisher/userAccount/al%20ice/'),
  get('/rtc/test/publisher/uid/alice/'),
  get('/rtc/test/publisher/uid/4294967296/'),
  get('/rtc/test/publisher/account/42/'),
  get('/rtc/test/publisher/uid/42/?expiry=abc'),
  get('/rtc/test/publisher/uid/42/?expiry='),
  get('/rtc/test/publisher/uid/42/?expiry=0'),
  get('/rtc/test/publisher/uid/42/?expiry=86400'),
  get('/rtc/test/publisher/uid/42/?expiry=86401'),
  get('/rtc/test/publisher/uid/42'),
  get('/rtm/alice/'),
  get('/rtm/alice/?expiry=60'),
  get('/rtm/0/'),
  get('/rtm/alice/?expiry=x'),
  get('/rte/test/publisher/uid/42/'),
  get('/rte/test/publisher/uid/42/bob/'),
  get('/rte/test/subscriber/userAccount/alice/'),
  get('/rte/test/publisher/uid/0/'),
  get('/rte/test/publisher/uid/0/bob/?expiry=120'),
  get('/chat/app/'),
  get('/chat/app/?expiry=60'),
  get('/chat/account/alice/'),
  get('/chat/account/alice/?expiry=-5'),
  get('/ping'),
  get('/nope/'),
  { method: 'POST', path: '/rtc/test/publisher/uid/42/', content_type: 'application/json', body: '{}' },
];

const str = (b) => (b === undefined ? undefined : b.toString('utf8'));

// read is what agora-token makes of a token, or {parsed:false}.
function read(token) {
  const t = new AccessToken2('', '', 0, 0);
  if (typeof token !== 'string' || !t.from_string(token)) return { parsed: false };
  return {
    parsed: true, verified: t.verifySignature(certificate),
    app_id: str(t.appId), issue_ts: t.issueTs, expire: t.expire, salt: t.salt,
    services: t.services.map((s) => ({
      type: s.service_type(), privileges: s.__privileges,
      channel: str(s.__channel_name), uid: str(s.__uid), user: str(s.__user_id),
    })),
  };
}

// tokens reads the tokens of a JSON answer.
function tokens(body) {
  let o;
  try { o = JSON.parse(body); } catch { return {}; }
  const out = {};
  for (const k of ['token', 'rtcToken', 'rtmToken', 'chatToken']) if (o && typeof o[k] === 'string') out[k] = read(o[k]);
  return out;
}

async function record(url) {
  const answers = [];
  for (const r of requests) {
    const at = Math.floor(Date.now() / 1000);
    const headers = r.content_type ? { 'Content-Type': r.content_type } : {};
    const res = await fetch(url + r.path, { method: r.method, headers, body: r.body, redirect: 'manual' });
    const body = await res.text();
    answers.push(Object.assign({}, r, {
      at, status: res.status, answer_content_type: res.headers.get('content-type'),
      location: res.headers.get('location'), answer: body, tokens: tokens(body),
    }));
  }
  return { service: 'AgoraIO-Community/agora-token-service b1fa0fc (go-tokenbuilder 1.3.0)', app_id: appId, certificate, answers };
}

function compare(recording, ours) {
  let bad = 0, compared = 0;
  ours.forEach((o, i) => {
    const r = recording.answers[i];
    const name = `${o.method} ${o.path} ${o.body || ''}`;
    const mine = tokens(o.answer);
    for (const [k, theirs] of Object.entries(r.tokens)) {
      if (o.status !== 200 || r.status !== 200) continue;
      const m = mine[k];
      const same = m && m.parsed && m.verified && theirs.parsed && m.app_id === theirs.app_id && m.expire === theirs.expire &&
        m.issue_ts === r.at && Math.abs(theirs.issue_ts - r.at) <= 2 &&
        JSON.stringify(m.services) === JSON.stringify(theirs.services);
      if (!same) {
        console.error(`${name}: ${k} differs:\n  serve   ${JSON.stringify(m)}\n  service ${JSON.stringify(theirs)}`);
        bad++;
      }
      compared++;
    }
  });
  if (compared < 30 || bad > 0) {
    console.error(`${bad} of ${compared} tokens differ`);
    process.exit(1);
  }
  console.log(`agora-token read ${compared} tokens of serve's Agora routes as it read agora-token-service's for the same requests`);
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'record') {
  record(a).then((out) => process.stdout.write(JSON.stringify(out, null, 1) + '\n'));
} else if (mode === 'compare') {
  compare(JSON.parse(fs.readFileSync(a, 'utf8')), JSON.parse(fs.readFileSync(b, 'utf8')));
} else {
  console.error('usage: node service.js record URL | compare RECORDING OURS');
  process.exit(2);
}
