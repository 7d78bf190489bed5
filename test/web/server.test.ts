/**
 * The composed server (startHearkenServer: store, guard, triage, the real bot,
 * web chat) over a temp SQLite store, and over PostgreSQL in a temp schema when
 * DATABASE_URL is set: the listen pause ends a story, and the survey watcher
 * asks a resolved complaint's customer for a score in the same chat, once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHearkenServer, type RunningHearken } from '../../src/server/hearken-server.js';
import { SURVEY_SENT_EVENT } from '../../src/server/survey-watcher.js';
import { LINES, nextMove, wordingFor } from './complaint-customer.js';
import { HttpCustomer } from './http-customer.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('test/web/server.test.ts: the PostgreSQL run is skipped because DATABASE_URL is not set');

describe.each([
  { backend: 'SQLite', databaseUrl: undefined },
  { backend: 'PostgreSQL', databaseUrl },
])('the composed Hearken server on $backend', ({ backend, databaseUrl: url }) => {
  const skip = backend === 'PostgreSQL' && !url;
  let hearken: RunningHearken;
  let dataDir: string;
  const schema = `hk_web_test_${process.pid}`;

  beforeAll(async () => {
    if (skip) return;
    dataDir = mkdtempSync(join(tmpdir(), 'hearken-server-'));
    hearken = await startHearkenServer({
      port: 0, dataDir, secret: randomBytes(48), listenPauseMs: 400, log: () => {},
      ...(url ? { databaseUrl: url, databaseSchema: schema } : {}),
    });
  });

  afterAll(async () => {
    await hearken?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (url && !skip) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  });

  it.skipIf(skip)('ends listening after the quiet period without a done signal', async () => {
    const customer = new HttpCustomer(hearken.url, 'en');
    await customer.start();
    const w = wordingFor('en');
    expect(await customer.say(w.menu.lodge.label)).toEqual([w.listen.ask]);
    expect(await customer.say(LINES.en.story[0])).toEqual([]);
    // No "that's all": the hub posts hearken.listenTimeout after 400 ms of quiet.
    const deadline = Date.now() + 5000;
    // The pause turn may still be running at a poll, so gather until its question has arrived.
    const replies: string[] = [];
    while (nextMove('en', replies).kind === 'unknown' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      replies.push(...(await customer.poll()));
    }
    expect(nextMove('en', replies)).toMatchObject({ kind: 'say', factKey: 'affected' });
  });

  it.skipIf(skip)('asks a resolved complaint for a satisfaction score in the same chat, once', async () => {
    const customer = new HttpCustomer(hearken.url, 'zh-Hans');
    await customer.start();
    const { complaintId } = await customer.playComplaint();
    expect(complaintId).toBeDefined();
    const id = complaintId!;
    const agent = { actor: 'agent:wang', channel: 'slack' as const };
    await hearken.store.complaints.transition(id, { type: 'acknowledge' }, agent);
    await hearken.store.complaints.transition(id, { type: 'start_investigation' }, agent);
    await hearken.store.complaints.transition(id, { type: 'propose_solution', resolution: { type: 'apology', detail: '已向快递公司核实并致歉' } }, agent);
    await hearken.store.complaints.transition(id, { type: 'resolve' }, agent);

    expect(await hearken.surveys.runOnce()).toEqual([id]);
    const w = wordingFor('zh-Hans');
    const survey = await customer.poll();
    expect(survey.some((text) => text.includes(id))).toBe(true);
    expect(survey.join('\n')).toContain(w.satisfaction.ask.split('{id}')[0]!.trim());
    const stored = await hearken.store.complaints.require(id);
    expect(stored.history.filter((event) => event.event === SURVEY_SENT_EVENT)).toHaveLength(1);

    // The next sweep does not ask again.
    expect(await hearken.surveys.runOnce()).toEqual([]);
    expect(await customer.poll()).toEqual([]);

    // The customer answers in the chat and the score lands on the complaint.
    await customer.say(w.satisfaction.scores[4]!);
    await customer.say(w.satisfaction.skip.label);
    const scored = await hearken.store.complaints.require(id);
    expect(scored.satisfaction?.score).toBe(5);
  });
});
