/**
 * The composed server (startHearkenServer: store, guard, triage, the real bot,
 * web chat, the desk's watchers and outbox) over a temp SQLite store, and over
 * PostgreSQL in a temp schema when DATABASE_URL is set: the listen pause ends a
 * story, a turn's transcript is stored before it is answered, a hand-over reaches
 * the outbox with the messages the customer writes during it, an agent's reply is
 * checked, audited and shown, and the survey is asked in the same chat, once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationOf } from '../../src/complaints/index.js';
import { SURVEY_SENT_EVENT } from '../../src/desk/index.js';
import { startHearkenServer, type RunningHearken } from '../../src/server/hearken-server.js';
import { LINES, nextMove, wordingFor } from '../web/complaint-customer.js';
import { HttpCustomer } from '../web/http-customer.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('test/server/hearken-server.test.ts: the PostgreSQL run is skipped because DATABASE_URL is not set');

describe.each([
  { backend: 'SQLite', databaseUrl: undefined },
  { backend: 'PostgreSQL', databaseUrl },
])('the composed Hearken server on $backend', ({ backend, databaseUrl: url }) => {
  const skip = backend === 'PostgreSQL' && !url;
  let hearken: RunningHearken;
  let dataDir: string;
  const logged: string[] = [];
  const schema = `hk_web_test_${process.pid}`;

  beforeAll(async () => {
    if (skip) return;
    dataDir = mkdtempSync(join(tmpdir(), 'hearken-server-'));
    hearken = await startHearkenServer({
      // The outbox is delivered by the tests (runOnce), not by its timer, so they see each step.
      port: 0, dataDir, secret: randomBytes(48), listenPauseMs: 400, outboxIntervalMs: 3_600_000, log: (message) => logged.push(message),
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
    // Queued in the outbox; asking is its delivery.
    expect(await customer.poll()).toEqual([]);
    expect((await hearken.outbox.runOnce()).map((m) => m.topic)).toContain('survey_due');
    const w = wordingFor('zh-Hans');
    const survey = await customer.poll();
    expect(survey.some((text) => text.includes(id))).toBe(true);
    expect(survey.join('\n')).toContain(w.satisfaction.ask.split('{id}')[0]!.trim());
    const stored = await hearken.store.complaints.require(id);
    expect(stored.history.filter((event) => event.event === SURVEY_SENT_EVENT)).toHaveLength(1);

    // The next sweep does not ask again.
    expect(await hearken.surveys.runOnce()).toEqual([]);
    expect((await hearken.outbox.runOnce()).filter((m) => m.topic === 'survey_due')).toEqual([]);
    expect(await customer.poll()).toEqual([]);

    // The customer answers in the chat and the score lands on the complaint.
    await customer.say(w.satisfaction.scores[4]!);
    await customer.say(w.satisfaction.skip.label);
    const scored = await hearken.store.complaints.require(id);
    expect(scored.satisfaction?.score).toBe(5);
  });

  it.skipIf(skip)('stores each turn\'s customer message and replies before answering it, and keeps the conversation with the complaint', async () => {
    const customer = new HttpCustomer(hearken.url, 'en');
    await customer.start();
    const w = wordingFor('en');
    for (const text of [w.menu.lodge.label, LINES.en.story[0]!, LINES.en.story[1], "that's all"]) {
      const replies = await customer.say(text);
      const rows = await hearken.store.transcripts.listByConversation(customer.conversationId);
      const mine = rows.map((m) => (m.role === 'customer' ? m.text : undefined)).lastIndexOf(text);
      expect(mine).toBeGreaterThanOrEqual(0);
      expect(rows.slice(mine + 1).map((m) => m.text)).toEqual(replies);
      expect(rows.slice(mine + 1).every((m) => m.role === 'bot' && m.locale === 'en')).toBe(true);
    }
    const { complaintId } = await customer.playComplaint();
    const transcript = await hearken.store.transcripts.listByComplaint(complaintId!);
    expect(transcript.filter((m) => m.role === 'customer').map((m) => m.text)).toEqual(expect.arrayContaining([LINES.en.story[0], LINES.en.story[1]]));
    expect(transcript.every((m) => m.complaintId === complaintId)).toBe(true);
  });

  it.skipIf(skip)('hands a customer to a person: the agents are told, what the customer writes reaches them, their checked reply is shown', async () => {
    const customer = new HttpCustomer(hearken.url, 'zh-Hans');
    await customer.start();
    const w = wordingFor('zh-Hans');
    const handed = await customer.say(w.menu.human.label);
    const [handoff] = (await hearken.store.outbox.list({ topic: 'handoff_requested', delivered: false }))
      .filter((m) => (m.payload as { conversationId: string }).conversationId === customer.conversationId);
    const { complaintId } = handoff!.payload as { complaintId: string };
    expect(handed.join('\n')).toContain(complaintId);
    expect(conversationOf(await hearken.store.complaints.require(complaintId))).toBe(customer.conversationId);

    // The bot does not answer the complaint itself; the message is in the outbox as soon as its POST is answered.
    // ...except for one acknowledgement that a person has it (issue 15: no silence after a hand-over).
    const ack = await customer.say('我真的很生气，已经等了三天！');
    expect(ack).toHaveLength(1);
    expect(ack[0]).toMatch(/转告|主管|人工/);
    const during = (await hearken.store.outbox.list({ topic: 'customer_message_during_handoff', delivered: false })).filter((m) => (m.payload as { complaintId: string }).complaintId === complaintId);
    expect(during.map((m) => m.payload)).toEqual([expect.objectContaining({ conversationId: customer.conversationId, text: '我真的很生气，已经等了三天！', locale: 'zh-Hans' })]);
    await hearken.outbox.runOnce();
    expect(logged.join('\n')).toContain(`hand-over requested (customer_request): ${complaintId}`);
    expect(logged.join('\n')).toContain(`the customer wrote during the hand-over of ${complaintId}`);

    const { relay } = hearken.bot;
    const blocked = await relay.relay({ conversationId: customer.conversationId, complaintId, text: '这不归我们管，你找别人吧。', by: 'U0AGENT', channel: 'slack' });
    expect(blocked.outcome).toBe('blocked');
    expect(await customer.poll()).toEqual([]);
    const sent = await relay.relay({ conversationId: customer.conversationId, complaintId, text: '您好，我是值班主管陈经理，我现在就来处理。', by: 'U0AGENT', channel: 'slack' });
    expect(sent.outcome).toBe('sent');
    expect(await customer.poll()).toEqual(['您好，我是值班主管陈经理，我现在就来处理。']);
    const transcript = await hearken.store.transcripts.listByComplaint(complaintId);
    expect(transcript.at(-1)).toMatchObject({ role: 'agent', text: '您好，我是值班主管陈经理，我现在就来处理。' });
    // A person is talking now: the customer's next message reaches the agents, and the bot no longer acknowledges it.
    expect(await customer.say('好的，我等你的消息。')).toEqual([]);
    const later = (await hearken.store.outbox.list({ topic: 'customer_message_during_handoff', delivered: false })).filter((m) => (m.payload as { complaintId: string }).complaintId === complaintId);
    expect(later.map((m) => (m.payload as { text: string }).text)).toContain('好的，我等你的消息。');
    // Both drafts are audited, judged with what the customer last said.
    const audit = await hearken.store.guardAudit.list({ by: 'U0AGENT', complaintId });
    expect(audit.map((e) => [e.verdict, e.draft])).toEqual([['block', '这不归我们管，你找别人吧。'], [sent.check.result.verdict, '您好，我是值班主管陈经理，我现在就来处理。']]);
    expect(audit[0]!.customerContext?.message).toBe('我真的很生气，已经等了三天！');
    expect(audit[0]).toMatchObject({ channel: 'slack', conversationId: customer.conversationId });
    // Whatever goes out of the bot passes the guard middleware too, proactive turns included.
    expect(await hearken.bot.hearken.conversation.sendAgentMessage(customer.conversationId, '这不归我们管，你找别人吧。')).toBe('sent');
    expect(await customer.poll()).toEqual([]);
    expect(logged.join('\n')).toMatch(/outgoing bot message blocked by the phrasing guard/);
  });
});
