/**
 * Nothing is dropped when Slack or the customer's side fails. On the composed server: Slack
 * answering 429 (with Retry-After) and 500 to the escalation post and to the customer's messages
 * into the thread: each is retried (not before Retry-After), posted once, in order. On the Slack
 * channel over a real store and dispatcher: an agent's reply the customer's side keeps refusing
 * is given up after the last attempt and the agent is told, in the thread and privately; one
 * whose conversation is gone is reported at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentRelay, createDraftCheck, createEscalationDesk, createOutboxDispatcher, type AgentReplyDeliveryOutcome } from '../../src/desk/index.js';
import type { Guard } from '../../src/guard/index.js';
import { createSlackChannel } from '../../src/slack/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import type { CustomerConversation } from '../../src/contracts/customer-conversation.js';
import { defaultConfig, draft } from '../complaints/fixtures.js';
import { SlackStandIn, shippedGuard, visibleText, waitFor, type WebApiCall } from './harness.js';
import { ESC, handedOverCustomer, startEscalationServer, threadReply, type EscalationServer, type HandedOverCustomer } from './escalation-server.js';

const slackText = (call: WebApiCall) => `${String(call.body.text ?? '')}\n${visibleText(call.body.blocks)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Slack failing on the composed server', () => {
  let standIn: SlackStandIn;
  let server: EscalationServer | undefined;
  let customer: HandedOverCustomer | undefined;
  beforeEach(async () => { standIn = await new SlackStandIn().start(); });
  afterEach(async () => {
    customer?.session.end();
    await server?.close();
    await standIn.stop();
  });

  it('retries the escalation post and the customer\'s messages after Slack\'s 429, not before its Retry-After, once each and in order', async () => {
    server = await startEscalationServer(standIn);
    standIn.rateLimited.set('chat.postMessage', { times: 1, retryAfter: 2 });
    customer = await handedOverCustomer(server.hearken.url);
    const post = await waitFor('the escalation post', () => standIn.posts(ESC).find((c) => slackText(c).includes(customer!.complaintId)), 10_000);
    const attempts = standIn.callsTo('chat.postMessage');
    expect(attempts[0]).toMatchObject({ status: 429 });
    expect(post.at - attempts[0]!.at).toBeGreaterThanOrEqual(2000);
    expect(server.logs.join('\n')).toMatch(/deferred: Slack rate limit: retry after 2 s/);
    const threadTs = standIn.tsOf(post);

    // Two messages while Slack limits the first: the second waits behind it.
    standIn.rateLimited.set('chat.postMessage', { times: 1, retryAfter: 1 });
    await customer.session.say('first: the heater still smells of smoke');
    await customer.session.say('second: and the socket is black');
    await waitFor('both in the thread', () => (standIn.posts(ESC, threadTs).filter((c) => /first:|second:/.test(slackText(c))).length === 2 ? true : undefined), 10_000);
    await sleep(500);
    const threaded = standIn.posts(ESC, threadTs).map(slackText).filter((t) => /first:|second:/.test(t));
    expect(threaded.map((t) => (t.includes('first:') ? 'first' : 'second'))).toEqual(['first', 'second']);
    expect(await server.hearken.store.outbox.list({ delivered: false })).toEqual([]);
  }, 60_000);

  it('retries after Slack\'s 500s with backoff, posts once, and keeps the order', async () => {
    server = await startEscalationServer(standIn, { outboxBackoffMs: () => 300 });
    customer = await handedOverCustomer(server.hearken.url);
    const post = await waitFor('the escalation post', () => standIn.posts(ESC).find((c) => slackText(c).includes(customer!.complaintId)), 10_000);
    const threadTs = standIn.tsOf(post);
    standIn.failing.set('chat.postMessage', 2);
    for (const n of [1, 2, 3]) await customer.session.say(`message ${n} about the heater`);
    await waitFor('all three in the thread', () => (standIn.posts(ESC, threadTs).filter((c) => /message \d about/.test(slackText(c))).length === 3 ? true : undefined), 10_000);
    await sleep(500);
    expect(standIn.posts(ESC, threadTs).map(slackText).flatMap((t) => /message (\d) about/.exec(t)?.[1] ?? [])).toEqual(['1', '2', '3']);
    expect(standIn.callsTo('chat.postMessage').filter((c) => c.status === 500)).toHaveLength(2);
    expect(server.logs.join('\n')).toMatch(/not delivered: .*500.*next attempt/);
  }, 60_000);

  it('tells the agent at once when the customer\'s conversation is gone', async () => {
    server = await startEscalationServer(standIn);
    customer = await handedOverCustomer(server.hearken.url);
    const post = await waitFor('the escalation post', () => standIn.posts(ESC).find((c) => slackText(c).includes(customer!.complaintId)), 10_000);
    // The bot no longer knows where the conversation is (its reference is gone).
    await server.hearken.store.botStorage.delete([`hearken-bot/conversation/${customer.conversationId}`]);
    await threadReply(server, { user: 'U0ANN', text: 'I am sorry about the heater; an engineer will call you today.', threadTs: standIn.tsOf(post) });
    const told = await waitFor('the agent told', () => standIn.callsTo('chat.postEphemeral').find((c) => c.body.user === 'U0ANN'), 10_000);
    expect(String(told.body.text)).toMatch(/not delivered: the customer's chat is no longer known/);
  }, 60_000);
});

describe('an agent\'s reply the customer\'s side keeps refusing', () => {
  it('is retried, then given up after the last attempt, and the agent is told in the thread and privately', async () => {
    const standIn = await new SlackStandIn().start();
    const dir = mkdtempSync(join(tmpdir(), 'hearken-giveup-'));
    const store: Store = await openSqliteStore({ dataDir: dir, config: defaultConfig });
    const loaded = shippedGuard();
    const draftCheck = createDraftCheck({ lexicons: { current: (): Guard => loaded.guard, version: () => loaded.version }, audit: store.guardAudit });
    const relay = createAgentRelay({ draftCheck, conversation: {} as CustomerConversation, transcripts: store.transcripts });
    const desk = createEscalationDesk({ store, relay });
    const attempts: number[] = [];
    const logs: string[] = [];
    const channel = createSlackChannel({
      signingSecret: 'secret', botToken: 'xoxb-test', apiUrl: standIn.apiUrl, draftCheck, log: (m) => logs.push(m), webApiRetries: 0,
      escalation: {
        desk, channel: ESC, supervisors: [], report: async () => { throw new Error('no report here'); },
        deliverAgentReply: async (): Promise<AgentReplyDeliveryOutcome> => { attempts.push(Date.now()); throw new Error('the web chat is away'); },
      },
    });
    const dispatcher = createOutboxDispatcher(store.outbox, { backoffMs: () => 50, maxAttempts: 3, log: (m) => logs.push(m) });
    expect(channel.subscribeTo(dispatcher)).toBe(true);
    try {
      const record = await store.complaints.create(draft({ severity: 'major', owner: 'queue:supervisors', locale: 'en' }), {
        actor: 'bot:hearken', channel: 'web_chat', notes: [{ event: 'handoff_requested', detail: { conversationId: 'conv-away' } }],
      });
      await store.escalations.record({ complaintId: record.id, conversationId: 'conv-away', channel: ESC, threadTs: '1700000000.000001', postedAt: new Date().toISOString() });
      const queued = await desk.reply({ complaintId: record.id, agent: { actor: 'slack:U0ANN', channel: 'slack' }, text: 'I am sorry for the wait; an engineer will call you today.', origin: { channel: ESC, user: 'U0ANN', ts: '1700000000.000002', threadTs: '1700000000.000001' } });
      expect(queued.outcome).toBe('queued');
      for (let i = 0; i < 20 && attempts.length < 3; i++) { await dispatcher.runOnce(); await sleep(60); }
      await dispatcher.runOnce();
      expect(attempts).toHaveLength(3);
      const [given] = await store.outbox.list({ topic: 'agent_reply', gaveUp: true });
      expect(given).toMatchObject({ attempts: 3, lastError: 'the web chat is away' });
      const privately = standIn.callsTo('chat.postEphemeral').find((c) => c.body.user === 'U0ANN');
      expect(String(privately?.body.text)).toMatch(/could not be delivered to the customer and was given up: the web chat is away/);
      expect(String(privately?.body.thread_ts)).toBe('1700000000.000001');
      expect(standIn.posts(ESC, '1700000000.000001').map(slackText).join('\n')).toMatch(/<@U0ANN> .*given up/);
      expect(logs.join('\n')).toMatch(/GIVEN UP after 3 failed attempts: the web chat is away/);
      // Never again.
      await dispatcher.runOnce();
      expect(attempts).toHaveLength(3);
    } finally {
      await channel.stop();
      await store.close();
      await standIn.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
