// The /slack/events route as Slack and an attacker meet it: real signed HTTP requests on loopback.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/slack/index.js';
import { BOT_ID, BOT_USER, CHANNEL, eventCallback, nowSeconds, send, SlackStandIn, slashCommand, startHearkenSlack, TEAM, waitFor, type HearkenSlack } from './harness.js';

let standIn: SlackStandIn;
let h: HearkenSlack;
beforeAll(async () => {
  standIn = await new SlackStandIn().start();
  h = await startHearkenSlack(standIn, { maxBodyBytes: 64 * 1024 });
  await h.channel.whenSignedIn();
});
afterAll(async () => { await h?.stop(); await standIn?.stop(); });

const challenge = (c: string) => JSON.stringify({ type: 'url_verification', challenge: c, token: 'legacy-token' });

/** The log lines a refusal wrote, which must name the reason and never the body or the secret. */
function refusalLog(before: number): string {
  const lines = h.logs.slice(before).filter((l) => l.startsWith('slack: refused'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain(h.secret);
  return lines[0]!;
}

describe('POST /slack/events', () => {
  it('answers the url_verification challenge of a signed request', async () => {
    const r = await send(h, challenge('c-valid'));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ challenge: 'c-valid' });
  });

  it('refuses a signature made with another secret (401), logging the reason without the body', async () => {
    const before = h.logs.length;
    const r = await send(h, challenge('c-secret-body-words'), { secret: 'not-the-signing-secret' });
    expect(r.status).toBe(401);
    expect(r.text).toBe('');
    const line = refusalLog(before);
    expect(line).toMatch(/signature does not match/);
    expect(line).not.toContain('c-secret-body-words');
  });

  it('refuses a request without signature headers, or with one missing (401)', async () => {
    let before = h.logs.length;
    expect((await send(h, challenge('c-unsigned'), { unsigned: true })).status).toBe(401);
    expect(refusalLog(before)).toMatch(/no X-Slack-Signature/);
    before = h.logs.length;
    const body = challenge('c-no-ts');
    const r = await fetch(`${h.base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-signature': signSlackRequest(h.secret, nowSeconds(), body) }, body });
    expect(r.status).toBe(401);
    expect(refusalLog(before)).toMatch(/no X-Slack-Request-Timestamp/);
  });

  it('refuses a correctly signed request whose timestamp is more than 5 minutes old or ahead (401)', async () => {
    let before = h.logs.length;
    expect((await send(h, challenge('c-stale'), { timestamp: nowSeconds() - 301 })).status).toBe(401);
    expect(refusalLog(before)).toMatch(/s old \(more than 300 s\)/);
    before = h.logs.length;
    expect((await send(h, challenge('c-future'), { timestamp: nowSeconds() + 600 })).status).toBe(401);
    expect(refusalLog(before)).toMatch(/s in the future/);
    // Within the window either way is fine (clocks drift).
    expect((await send(h, challenge('c-slightly-ahead'), { timestamp: nowSeconds() + 60 })).status).toBe(200);
    expect((await send(h, challenge('c-slightly-old'), { timestamp: nowSeconds() - 240 })).status).toBe(200);
    expect((await send(h, challenge('c-not-a-number'), { timestamp: 'yesterday' })).status).toBe(401);
  });

  it('refuses a replay of a request it already accepted (401), even seconds later', async () => {
    const body = challenge('c-replayed');
    const first = await send(h, body);
    expect(first.status).toBe(200);
    const before = h.logs.length;
    const again = await send(h, body, { timestamp: first.timestamp, signature: first.signature });
    expect(again.status).toBe(401);
    expect(refusalLog(before)).toMatch(/replayed request/);
  });

  it('refuses an oversized body with 413 before looking at the signature', async () => {
    const big = JSON.stringify({ type: 'url_verification', challenge: 'x'.repeat(70 * 1024) });
    let before = h.logs.length;
    // Validly signed and unsigned alike: the size is checked first.
    expect((await send(h, big)).status).toBe(413);
    expect(refusalLog(before)).toMatch(/over the 65536-byte limit/);
    before = h.logs.length;
    expect((await send(h, big, { secret: 'wrong' })).status).toBe(413);
    refusalLog(before);
    // A streamed body without Content-Length is cut off at the limit too.
    before = h.logs.length;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(8 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    expect(refusalLog(before)).toMatch(/body over the 65536-byte limit/);
  });

  it('answers 400 to a signed body that is not JSON or a form, and accepts a form with a charset', async () => {
    expect((await send(h, '{not json')).status).toBe(400);
    expect((await send(h, '[1,2]')).status).toBe(400);
    expect((await send(h, 'a=b', { contentType: 'text/plain' })).status).toBe(400);
    expect((await send(h, 'ssl_check=1&token=x', { contentType: 'application/x-www-form-urlencoded; charset=utf-8' })).status).toBe(200);
  });

  it('acknowledges a repeated event_id with 200 and handles it only once', async () => {
    const event = { type: 'message', channel: CHANNEL, user: 'U0PERSON', text: 'first delivery', ts: '1700000000.000400', channel_type: 'channel' };
    const body = eventCallback(event, 'Ev0REPEATED');
    const first = nowSeconds();
    expect((await send(h, body, { timestamp: first })).status).toBe(200);
    // Slack's retry: the same event id in a new, validly signed request (another timestamp, so another signature).
    const retry = await send(h, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }, timestamp: first - 1 });
    expect(retry.status).toBe(200);
    expect(retry.text).toBe('');
    await waitFor('the message', () => h.agentMessages.find((m) => m.text === 'first delivery'));
    // Let a wrongly dispatched retry land before counting.
    await send(h, eventCallback({ ...event, text: 'marker', ts: '1700000000.000401' }));
    await waitFor('the marker', () => h.agentMessages.find((m) => m.text === 'marker'));
    expect(h.agentMessages.filter((m) => m.text === 'first delivery')).toEqual([{ channel: CHANNEL, user: 'U0PERSON', text: 'first delivery', ts: '1700000000.000400', team: TEAM }]);
  });

  it('ignores messages from bots, from Hearken itself, and message subtypes', async () => {
    const base = { type: 'message', channel: CHANNEL, ts: '1700000000.000500', channel_type: 'channel' };
    const ignored = [
      { ...base, text: 'from another bot', bot_id: 'B0OTHER', subtype: 'bot_message' },
      { ...base, text: 'from a bot user', user: 'U0BOTUSER', bot_id: 'B0OTHER' },
      { ...base, text: 'from hearken itself', user: BOT_USER },
      { ...base, text: 'from hearken as bot', user: BOT_USER, bot_id: BOT_ID },
      { ...base, text: 'an edit', user: 'U0PERSON', subtype: 'message_changed' },
      { ...base, text: 'a join', user: 'U0PERSON', subtype: 'channel_join' },
    ];
    for (const event of ignored) expect((await send(h, eventCallback(event))).status).toBe(200);
    await send(h, eventCallback({ ...base, user: 'U0PERSON', text: 'a person', ts: '1700000000.000501' }));
    await waitFor('the person', () => h.agentMessages.find((m) => m.text === 'a person'));
    expect(h.agentMessages.map((m) => m.text).filter((t) => ignored.some((e) => e.text === t))).toEqual([]);
  });

  it('refuses forged, stale, future, replayed and unsigned slash commands in every language: no check, no audit row, no answer', async () => {
    const drafts = { en: "That's not my problem", 'zh-Hans': '这不归我管', 'zh-Hant': '這不歸我管' };
    for (const [locale, text] of Object.entries(drafts)) {
      const user = `U0REFUSED${locale.replace('-', '').toUpperCase()}`;
      const body = (key: string) => slashCommand(standIn, text, { user, key: `${locale}-${key}` });
      const formOpts = { contentType: 'application/x-www-form-urlencoded' };
      expect((await send(h, body('forged'), { ...formOpts, secret: 'guessed-secret' })).status).toBe(401);
      expect((await send(h, body('stale'), { ...formOpts, timestamp: nowSeconds() - 400 })).status).toBe(401);
      expect((await send(h, body('future'), { ...formOpts, timestamp: nowSeconds() + 400 })).status).toBe(401);
      expect((await send(h, body('unsigned'), { ...formOpts, unsigned: true })).status).toBe(401);
      const accepted = await send(h, body('replayed'), formOpts);
      expect(accepted.status).toBe(200);
      await waitFor(`the ${locale} answer`, () => standIn.responsesFor(`${locale}-replayed`)[0]);
      expect((await send(h, body('replayed'), { ...formOpts, timestamp: accepted.timestamp, signature: accepted.signature })).status).toBe(401);
      // Only the one genuine request was checked and answered.
      expect((await h.store.guardAudit.list({ by: user })).length).toBe(1);
      expect(standIn.responses.filter((r) => r.key.startsWith(`${locale}-`)).map((r) => r.key)).toEqual([`${locale}-replayed`]);
    }
  });

  it('answers 404 elsewhere, leaving other paths to the server', async () => {
    expect((await fetch(`${h.base}/slack/other`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(h.channel.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /slack/events']);
  });
});
