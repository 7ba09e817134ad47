// Test data only: LiveKit access tokens made by LiveKit's official Node
// server SDK (livekit-server-sdk, pinned in package-lock.json) for the cases
// on stdin, with the clock fixed to each case's "now". Each token is checked
// with the SDK's own TokenVerifier before it is printed. Run from a folder
// where `npm ci` has installed package.json:
//
//	node gen.js < cases.json > vectors.json
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { RoomConfiguration, TrackSource } from '@livekit/protocol';
import { readFileSync } from 'node:fs';

const RealDate = Date;
function freeze(unix) {
  const ms = unix * 1000;
  globalThis.Date = class extends RealDate {
    constructor(...args) { if (args.length === 0) { super(ms); } else { super(...args); } }
    static now() { return ms; }
  };
}

const sources = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

const cases = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const c of cases) {
  freeze(c.now);
  const options = { ttl: c.ttl };
  if (c.identity !== undefined) options.identity = c.identity;
  if (c.displayName !== undefined) options.name = c.displayName;
  if (c.metadata !== undefined) options.metadata = c.metadata;
  if (c.attributes !== undefined) options.attributes = Object.fromEntries(c.attributes);
  const at = new AccessToken(c.key, c.secret, options);
  if (c.video !== undefined) {
    const grant = { ...c.video };
    if (grant.canPublishSources) grant.canPublishSources = grant.canPublishSources.map((s) => sources[s]);
    at.addGrant(grant);
  }
  if (c.roomConfig !== undefined) {
    const rc = RoomConfiguration.fromJson(c.roomConfig);
    at.roomConfig = rc;
  }
  const token = await at.toJwt();
  await new TokenVerifier(c.key, c.secret).verify(token, 0);
  out.push({ name: c.name, token });
}
globalThis.Date = RealDate;
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
