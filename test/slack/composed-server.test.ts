/**
 * `npm start` with Slack on: the Slack route sits in the server's route table next to the
 * web chat, on one port, and its draft checks use the composed server's desk (audit included).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHearkenServer, type RunningHearken } from '../../src/server/hearken-server.js';
import { send, SlackStandIn, slashCommand, visibleText, waitFor, type HearkenSlack } from './harness.js';

describe('the composed server with Slack on', () => {
  let standIn: SlackStandIn;
  let hearken: RunningHearken;
  let dataDir: string;
  const signingSecret = `composed-${randomBytes(8).toString('hex')}`;
  beforeAll(async () => {
    standIn = await new SlackStandIn().start();
    dataDir = mkdtempSync(join(tmpdir(), 'hearken-slack-server-'));
    hearken = await startHearkenServer({
      port: 0, dataDir, databaseUrl: '', secret: randomBytes(48), listenPauseMs: 0, log: () => {},
      slack: { signingSecret, botToken: 'xoxb-test-0000', apiUrl: standIn.apiUrl },
    });
  });
  afterAll(async () => {
    await hearken?.close();
    await standIn?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /hearken on /slack/events and the chat page on /, from one server', async () => {
    const h = { base: hearken.url, secret: signingSecret } as HearkenSlack;
    const agent = { user: 'U0COMPOSED', key: 'composed' };
    const ack = await send(h, slashCommand(standIn, '这不归我管，你问我我问谁', agent), { contentType: 'application/x-www-form-urlencoded' });
    expect(ack.status).toBe(200);
    const answer = await waitFor('the answer', () => standIn.responsesFor('composed')[0]);
    expect(visibleText(answer.body.blocks)).toMatch(/已拦截/);
    expect((await hearken.store.guardAudit.list({ by: 'U0COMPOSED' })).map((e) => [e.verdict, e.channel])).toEqual([['block', 'slack']]);
    // A forged request is refused by the Slack route, and the web chat is on the same port.
    expect((await send(h, slashCommand(standIn, 'hi', agent), { contentType: 'application/x-www-form-urlencoded', secret: 'wrong' })).status).toBe(401);
    expect((await fetch(`${hearken.url}/`)).status).toBe(200);
    expect(hearken.slack?.mode).toBe('http');
  });

  it('has no Slack route when Slack is off', async () => {
    const offDir = mkdtempSync(join(tmpdir(), 'hearken-slack-off-'));
    const off = await startHearkenServer({ port: 0, dataDir: offDir, databaseUrl: '', secret: randomBytes(48), listenPauseMs: 0, log: () => {} });
    try {
      expect(off.slack).toBeUndefined();
      expect((await fetch(`${off.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await off.close();
      rmSync(offDir, { recursive: true, force: true });
    }
  });
});
