import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from '../../src/slack/index.js';
import { SeenOnce } from '../../src/slack/seen-once.js';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = 1_700_000_000;

describe('verifySlackSignature', () => {
  const body = Buffer.from('token=x&team_id=T1&command=%2Fhearken&text=%E8%BF%99%E4%B8%8D%E5%BD%92%E6%88%91%E7%AE%A1');
  const sig = (ts: number | string, b: Buffer | string = body, key = secret) => signSlackRequest(key, ts, b);

  it("signs exactly as Slack documents: v0= hex HMAC-SHA256 of v0:timestamp:body", () => {
    expect(sig(NOW)).toBe(`v0=${createHmac('sha256', secret).update(`v0:${NOW}:${body.toString()}`).digest('hex')}`);
  });
  it('accepts a matching signature within five minutes either way', () => {
    for (const ts of [NOW, NOW - 300, NOW + 300]) expect(verifySlackSignature({ signature: sig(ts), timestamp: String(ts), body }, secret, NOW)).toEqual({ ok: true, timestamp: ts });
  });
  it('refuses old and future timestamps, even correctly signed', () => {
    expect(verifySlackSignature({ signature: sig(NOW - 301), timestamp: String(NOW - 301), body }, secret, NOW)).toEqual({ ok: false, reason: 'timestamp is 301 s old (more than 300 s)' });
    expect(verifySlackSignature({ signature: sig(NOW + 3600), timestamp: String(NOW + 3600), body }, secret, NOW)).toEqual({ ok: false, reason: 'timestamp is 3600 s in the future (more than 300 s)' });
  });
  it('refuses another secret, another body, another timestamp, and malformed headers', () => {
    const check = (signature: string | undefined, timestamp: string | undefined, b = body) => verifySlackSignature({ signature, timestamp, body: b }, secret, NOW);
    expect(check(sig(NOW, body, 'other'), String(NOW)).ok).toBe(false);
    expect(check(sig(NOW), String(NOW), Buffer.from(`${body.toString()}&x=1`)).ok).toBe(false);
    expect(check(sig(NOW), String(NOW - 1)).ok).toBe(false);
    expect(check(sig(NOW).toUpperCase(), String(NOW))).toEqual({ ok: false, reason: 'X-Slack-Signature is not a v0 signature' });
    expect(check(sig(NOW).slice(0, -2), String(NOW))).toEqual({ ok: false, reason: 'X-Slack-Signature is not a v0 signature' });
    expect(check(undefined, String(NOW))).toEqual({ ok: false, reason: 'no X-Slack-Signature header' });
    expect(check(sig(NOW), undefined)).toEqual({ ok: false, reason: 'no X-Slack-Request-Timestamp header' });
    expect(check(sig(NOW), `${NOW}.5`).ok).toBe(false);
    expect(check(sig(NOW), '-1').ok).toBe(false);
  });
  it('hashes the raw bytes, so a body that is not valid UTF-8 still verifies', () => {
    const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(verifySlackSignature({ signature: sig(NOW, raw), timestamp: String(NOW), body: raw }, secret, NOW).ok).toBe(true);
  });
});

describe('SeenOnce', () => {
  it('knows a key again within its time, and forgets it after', () => {
    const seen = new SeenOnce(1000);
    expect(seen.firstSighting('a', 0)).toBe(true);
    expect(seen.firstSighting('a', 999)).toBe(false);
    expect(seen.firstSighting('a', 1000)).toBe(true);
  });
  it('stays within its size: expired keys go first, then the oldest', () => {
    const seen = new SeenOnce(100, 3);
    for (const k of ['a', 'b', 'c']) seen.firstSighting(k, 0);
    expect(seen.firstSighting('d', 50)).toBe(true);
    expect(seen.size).toBe(3);
    expect(seen.firstSighting('a', 50)).toBe(true); // the oldest was forgotten to make room
    expect(seen.firstSighting('d', 60)).toBe(false);
    seen.firstSighting('e', 500); // everything earlier has expired
    expect(seen.size).toBe(1);
  });
});
