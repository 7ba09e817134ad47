#!/usr/bin/env node
// Test data only, not part of sdkjwt: Twilio Access Tokens made by Twilio's
// official Node helper, npm twilio 6.2.0 (jwt.AccessToken, which signs with
// jsonwebtoken 9.0.3), with the clock fixed to each case's "now".
//
//   node gen.js < cases.json > vectors.json
//
// A case gives account_sid, key_sid, secret, identity, now, and optionally
// ttl (seconds; the helper's default is 3600), nbf, region (the twr header)
// and grants, a list of one-member objects in the order they are added:
//   {video: {room}}, {voice: {incoming_allow, outgoing_application_sid,
//   outgoing_params: [[name, value], ...], push_credential_sid,
//   endpoint_id}}, {chat: {service_sid, endpoint_id, deployment_role_sid,
//   push_credential_sid}}, {sync: {service_sid, endpoint_id}}.
// Each case is passed through with the token added; a case with "throws"
// records the helper's error instead.
'use strict';
const fs = require('fs');
const jwt = require('jsonwebtoken');
const AccessToken = require('twilio').jwt.AccessToken;

function grant(g) {
  const [kind, o] = Object.entries(g)[0];
  switch (kind) {
    case 'video': return new AccessToken.VideoGrant({ room: o.room });
    case 'voice': return new AccessToken.VoiceGrant({
      incomingAllow: o.incoming_allow,
      outgoingApplicationSid: o.outgoing_application_sid,
      outgoingApplicationParams: o.outgoing_params && Object.fromEntries(o.outgoing_params),
      pushCredentialSid: o.push_credential_sid,
      endpointId: o.endpoint_id,
    });
    case 'chat': return new AccessToken.ChatGrant({
      serviceSid: o.service_sid, endpointId: o.endpoint_id,
      deploymentRoleSid: o.deployment_role_sid, pushCredentialSid: o.push_credential_sid,
    });
    case 'sync': return new AccessToken.SyncGrant({ serviceSid: o.service_sid, endpointId: o.endpoint_id });
  }
  throw new Error(`no grant ${kind}`);
}

const RealNow = Date.now;
const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  Date.now = () => c.now * 1000;
  try {
    const options = { identity: c.identity };
    if (c.ttl !== undefined) options.ttl = c.ttl;
    if (c.nbf !== undefined) options.nbf = c.nbf;
    if (c.region !== undefined) options.region = c.region;
    const at = new AccessToken(c.account_sid, c.key_sid, c.secret, options);
    for (const g of c.grants || []) at.addGrant(grant(g));
    const token = at.toJwt();
    // The token verifies with its secret, as jsonwebtoken reads it.
    jwt.verify(token, c.secret, { algorithms: ['HS256'], clockTimestamp: c.now, ignoreNotBefore: true });
    return Object.assign({}, c, { token });
  } finally {
    Date.now = RealNow;
  }
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
