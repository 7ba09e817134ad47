#!/usr/bin/env node
// Test data only, not part of sdkjwt: records what twilio/video-quickstart-js's
// server answers (its server/index.js, run unchanged with the packages of
// its package-lock.json pinned in package.json here), with the clock fixed,
// for server's TestTwilioQuickstart to compare with serve's answers.
//
//   git clone https://github.com/twilio/video-quickstart-js   # 958eccf
//   npm ci && node record.js video-quickstart-js/server/index.js > ../../serve-twilio.json
'use strict';
const path = require('path');
const Module = require('module');

const now = 1767225600;
Date.now = () => now * 1000;
Object.assign(process.env, {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_API_KEY: 'SKfedcba9876543210fedcba9876543210',
  TWILIO_API_SECRET: 'Q8kZ2mN4pR6tV1xB3dF5hJ7lC9wE0yGa',
  PORT: '38117',
});
// The sample's require()s resolve to the packages installed here.
process.env.NODE_PATH = path.join(__dirname, 'node_modules');
Module._initPaths();
const log = console.log;
console.log = () => {}; // the sample's "Express server running" line
require(path.resolve(process.argv[2]));

const requests = [
  'identity=alice',
  'identity=Zo%C3%AB',
  'identity=a+b',
  'identity=alice&room=ignored',
  '',
  'identity=',
  'identity=' + 'i'.repeat(129),
];
(async () => {
  await new Promise((r) => setTimeout(r, 300));
  const out = [];
  for (const q of requests) {
    const res = await fetch(`http://127.0.0.1:38117/token${q ? '?' + q : ''}`);
    out.push({ query: q, status: res.status, content_type: res.headers.get('content-type'), body: await res.text() });
  }
  log(JSON.stringify({ now, sample: 'twilio/video-quickstart-js 958eccf server/index.js', answers: out }, null, 2));
  process.exit(0);
})();
