#!/usr/bin/env node
// Test data only, not part of sdkjwt: Stream tokens made by Stream's
// official Node SDKs, @stream-io/node-sdk 0.7.64 (Video and the newer
// products) and stream-chat 9.53.0 (Chat), with the clock fixed to each
// case's "now".
//
//   node gen.js < cases.json > vectors.json
//
// A case gives api_key, secret, user_id, now and how:
//   user:      StreamClient.generateUserToken({user_id[, iat, exp]});
//   permanent: StreamClient.generatePermanentUserToken({user_id});
//   call:      StreamClient.generateCallToken({user_id, call_cids[, role][, iat, exp]});
//   chat:      StreamChat.createToken(user_id[, exp[, iat]]).
// iat and exp are passed only when the case gives them; each case is
// passed through with the token added.
'use strict';
const fs = require('fs');
const jwt = require('jsonwebtoken');
const { StreamClient } = require('@stream-io/node-sdk');
const { StreamChat } = require('stream-chat');

const RealNow = Date.now;
const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  Date.now = () => c.now * 1000;
  try {
    const times = {};
    if (c.iat !== undefined) times.iat = c.iat;
    if (c.exp !== undefined) times.exp = c.exp;
    let token;
    if (c.how === 'chat') {
      token = new StreamChat(c.api_key, c.secret).createToken(c.user_id, c.exp, c.iat);
    } else {
      const client = new StreamClient(c.api_key, c.secret);
      switch (c.how) {
        case 'user': token = client.generateUserToken({ user_id: c.user_id, ...times }); break;
        case 'permanent': token = client.generatePermanentUserToken({ user_id: c.user_id }); break;
        case 'call': {
          const p = { user_id: c.user_id, call_cids: c.call_cids };
          if (c.role !== undefined) p.role = c.role;
          token = client.generateCallToken({ ...p, ...times });
          break;
        }
        default: throw new Error(`${c.name}: no way ${c.how}`);
      }
    }
    jwt.verify(token, c.secret, { algorithms: ['HS256'], clockTimestamp: c.now });
    return Object.assign({}, c, { token });
  } finally {
    Date.now = RealNow;
  }
});
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
