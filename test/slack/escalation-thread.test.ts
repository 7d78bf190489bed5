/**
 * The escalation thread end to end, on loopback: the composed server (real bot on the real Bot
 * Framework adapter, web chat, SQLite, outbox), a Direct Line customer (botframework-directlinejs),
 * Slack's Web API on the stand-in, and signed Slack requests for the agents. A customer who must
 * be escalated is handed over → the post reaches the escalation channel → a passing reply in its
 * thread reaches the customer → a blocked one does not (the agent gets chat.postEphemeral, fixes
 * it and sends the fixed text) → the customer's later message appears in the thread → Resolve,
 * approved by a supervisor, sends the resolution and the satisfaction question. Then the same
 * with the server restarted between the hand-over and the agent's reply.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDialogData } from '../../src/bot/index.js';
import { ESCALATION_ACTIONS, ESCALATION_CALLBACKS, RESOLVE_INPUTS, motiveText } from '../../src/slack/escalation-blocks.js';
import { ACTIONS } from '../../src/slack/blocks.js';
import { blockAction, buttonsOf, send, SlackStandIn, slashCommand, viewSubmission, visibleText, waitFor, type WebApiCall } from './harness.js';
import { ESC, handedOverCustomer, startEscalationServer, SUPERVISOR, textOf, threadReply, type EscalationServer, type HandedOverCustomer } from './escalation-server.js';

const AGENT = 'U0ANN';
const GOOD = "I'm very sorry about the heater. Please keep it unplugged; I will call you within the hour.";
const RUDE = "That's not my problem, talk to the shop.";
const LATER = 'Hello? Is anyone there? The heater still smells of smoke.';
const RESOLUTION = "I'm sorry for all of this. We have refunded the heater in full today and an electrician will check your wiring on Friday.";
const wording = loadDialogData().wording.en;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const slackText = (call: WebApiCall) => `${String(call.body.text ?? '')}\n${visibleText(call.body.blocks)}`;

describe('the escalation thread, end to end', () => {
  let standIn: SlackStandIn;
  let server: EscalationServer;
  const customers: HandedOverCustomer[] = [];
  // A stand-in per test: each test's data starts afresh, so complaint ids (and their posts) repeat across tests.
  beforeEach(async () => { standIn = await new SlackStandIn().start(); });
  afterEach(async () => {
    for (const c of customers.splice(0)) c.session.end();
    await server?.close();
    await standIn?.stop();
  });

  /** The escalation post of a complaint, once it reached the stand-in. */
  const escalationPostOf = (complaintId: string) => waitFor(`the escalation post of ${complaintId}`, () => standIn.posts(ESC).find((c) => slackText(c).includes(complaintId)), 10_000);

  it('hands over, relays what passes, withholds what is blocked, threads the customer, and resolves with the survey', async () => {
    server = await startEscalationServer(standIn);
    const customer = await handedOverCustomer(server.hearken.url);
    customers.push(customer);
    const { complaintId } = customer;

    // 1. The post: the customer's words, the triage (with the motive), the facts, deadline, owner, and the three buttons.
    const post = await escalationPostOf(complaintId);
    const record = await server.hearken.store.complaints.require(complaintId);
    const shown = slackText(post);
    expect(shown).toContain('newspapers and the consumer council');
    expect(shown).toContain(record.triage!.category.label);
    expect(shown).toContain(record.triage!.escalate.reasons[0]!);
    // The motive in words, with how sure triage is of it.
    if (record.triage!.motive) expect(shown).toContain(motiveText(record.triage!.motive, record.locale));
    expect(shown).toMatch(/Owner[\s\S]*unclaimed \(queue:supervisors\)/);
    expect(shown).toMatch(/Deadline[\s\S]*<!date\^\d+\^/);
    expect(buttonsOf(post.body.blocks).map((b) => b.action_id)).toEqual([ESCALATION_ACTIONS.claim, ESCALATION_ACTIONS.transcript, ESCALATION_ACTIONS.resolve]);
    const threadTs = standIn.tsOf(post);
    expect(await server.hearken.store.escalations.byComplaint(complaintId)).toMatchObject({ channel: ESC, threadTs, conversationId: customer.conversationId });

    // 2. A passing reply in the thread reaches the customer, named as the agent's in the transcript.
    const good = await threadReply(server, { user: AGENT, text: GOOD, threadTs });
    expect(good.status).toBe(200);
    await customer.session.waitFor((a) => textOf(a) === GOOD, 10_000);
    const transcript = await server.hearken.store.transcripts.listByComplaint(complaintId);
    expect(transcript.at(-1)).toMatchObject({ role: 'agent', text: GOOD, meta: { author: `slack:${AGENT}` } });
    // Answering first made the agent the owner; the thread hears of it, and the reply gets a ✅.
    expect((await server.hearken.store.complaints.require(complaintId)).owner).toBe(`slack:${AGENT}`);
    await waitFor('the ✅ on the reply', () => standIn.callsTo('reactions.add').find((c) => c.body.timestamp === good.ts && c.body.name === 'white_check_mark'));
    expect(standIn.posts(ESC, threadTs).some((c) => slackText(c).includes(`<@${AGENT}> claimed ${complaintId}`))).toBe(true);

    // 3. A rude reply never reaches the customer; the agent alone is told, with findings, Fix all and Edit.
    const seenBefore = customer.received().length;
    const rude = await threadReply(server, { user: AGENT, text: RUDE, threadTs });
    expect(rude.status).toBe(200);
    const ephemeral = await waitFor('the ephemeral answer', () => standIn.callsTo('chat.postEphemeral').find((c) => c.body.user === AGENT && String(c.body.thread_ts) === threadTs));
    expect(visibleText(ephemeral.body.blocks)).toMatch(/Not sent to the customer/);
    expect(visibleText(ephemeral.body.blocks)).toMatch(/not my problem/i);
    const answerButtons = buttonsOf(ephemeral.body.blocks);
    expect(answerButtons.map((b) => b.action_id)).toEqual(expect.arrayContaining([ACTIONS.fixAll, ACTIONS.edit]));
    expect(answerButtons.map((b) => b.action_id)).not.toContain(ACTIONS.send);
    await sleep(1500);
    expect(customer.received().slice(seenBefore)).toEqual([]);
    expect(customer.received().join('\n')).not.toMatch(/not my problem|talk to the shop/i);

    // Fix all, then the fixed text is sent from the revised answer.
    const place = { channel: ESC, messageTs: '1700000000.999999', ephemeral: true, threadTs };
    const fixAll = answerButtons.find((b) => b.action_id === ACTIONS.fixAll)!;
    expect((await send(server.slack, blockAction(standIn, fixAll, { user: AGENT, key: 'fix' }, place), { contentType: 'application/x-www-form-urlencoded' })).status).toBe(200);
    const revised = await waitFor('the revised answer', () => standIn.responsesFor('fix')[0]);
    const sendButton = buttonsOf(revised.body.blocks).find((b) => b.action_id === ACTIONS.send);
    expect(sendButton, visibleText(revised.body.blocks)).toBeDefined();
    const fixedDraft = (await server.hearken.store.guardAudit.get(JSON.parse(sendButton!.value).a))!.draft;
    expect(fixedDraft).not.toMatch(/not my problem/i);
    expect((await send(server.slack, blockAction(standIn, sendButton!, { user: AGENT, key: 'send' }, place), { contentType: 'application/x-www-form-urlencoded' })).status).toBe(200);
    await customer.session.waitFor((a) => textOf(a) === fixedDraft, 10_000);
    expect(visibleText((await waitFor('the sent notice', () => standIn.responsesFor('send')[0])).body.blocks)).toMatch(/Sent to the customer/);

    // Hearken's own posts, bots and edits coming back as events are never relayed.
    const before = customer.received().length;
    await threadReply(server, { user: AGENT, text: 'an edit of an earlier reply', threadTs, extra: { subtype: 'message_changed' } });
    await threadReply(server, { user: 'U0OTHERBOT', text: 'a bot in the thread', threadTs, extra: { bot_id: 'B0OTHER' } });
    await threadReply(server, { user: 'U0HEARKEN', text: 'Hearken itself', threadTs });
    await threadReply(server, { user: AGENT, text: 'a post carrying Hearken\'s metadata', threadTs, extra: { metadata: { event_type: 'hearken_escalation', event_payload: {} } } });

    // 4. The customer's later message goes into the thread, in order.
    const t0 = Date.now();
    await customer.session.say(LATER);
    const threaded = await waitFor('the later message in the thread', () => standIn.posts(ESC, threadTs).find((c) => slackText(c).includes('smells of smoke')), 5000);
    expect(threaded.at - t0).toBeLessThan(2000);
    await sleep(800);
    // The bot does not answer it, nor acknowledge it: a person has already replied and is talking to the customer.
    expect(customer.received().slice(before)).toEqual([]);

    // 5. Resolve: the modal, then (a major complaint) a supervisor's approval, then the resolution and the survey.
    const resolveButton = buttonsOf(post.body.blocks).find((b) => b.action_id === ESCALATION_ACTIONS.resolve)!;
    const onPost = { channel: ESC, messageTs: threadTs, ephemeral: false };
    await send(server.slack, blockAction(standIn, resolveButton, { user: AGENT, key: 'resolve' }, onPost), { contentType: 'application/x-www-form-urlencoded' });
    const modal = await waitFor('the Resolve modal', () => standIn.callsTo('views.open').find((c) => (c.body.view as { callback_id?: string }).callback_id === ESCALATION_CALLBACKS.resolveModal));
    const view = modal.body.view as { callback_id: string; private_metadata: string };
    // A rude resolution is refused in the modal itself.
    const refused = await send(server.slack, viewSubmission(view, { [RESOLVE_INPUTS.text]: RUDE }, { user: AGENT, key: 'r1' }, { [RESOLVE_INPUTS.type]: 'refund' }), { contentType: 'application/x-www-form-urlencoded' });
    expect(JSON.parse(refused.text)).toMatchObject({ response_action: 'errors', errors: { [RESOLVE_INPUTS.text]: expect.stringMatching(/would not send this/) } });
    const submitted = await send(server.slack, viewSubmission(view, { [RESOLVE_INPUTS.text]: RESOLUTION }, { user: AGENT, key: 'r2' }, { [RESOLVE_INPUTS.type]: 'refund' }), { contentType: 'application/x-www-form-urlencoded' });
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    const approval = await waitFor('the approval request', () => standIn.posts(ESC, threadTs).find((c) => buttonsOf(c.body.blocks).some((b) => b.action_id === ESCALATION_ACTIONS.approve)));
    expect((await server.hearken.store.complaints.require(complaintId)).status).toBe('awaiting_approval');
    const approve = buttonsOf(approval.body.blocks).find((b) => b.action_id === ESCALATION_ACTIONS.approve)!;
    // The owner cannot approve their own proposal; the supervisor can.
    await send(server.slack, blockAction(standIn, approve, { user: AGENT, key: 'self-approve' }, onPost), { contentType: 'application/x-www-form-urlencoded' });
    expect(visibleText((await waitFor('the refusal', () => standIn.responsesFor('self-approve')[0])).body.blocks)).toMatch(/Only a supervisor|cannot approve/);
    await send(server.slack, blockAction(standIn, approve, { user: SUPERVISOR, key: 'approve' }, onPost), { contentType: 'application/x-www-form-urlencoded' });
    await customer.session.waitFor((a) => textOf(a) === RESOLUTION, 10_000);
    const ask = wording.satisfaction.ask.replace('{id}', complaintId);
    await customer.session.waitFor((a) => textOf(a).includes(ask), 10_000);
    const texts = customer.received();
    expect(texts.indexOf(RESOLUTION)).toBeLessThan(texts.findIndex((t) => t.includes(ask)));
    const resolved = await server.hearken.store.complaints.require(complaintId);
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { type: 'refund', approvedBy: `slack:${SUPERVISOR}` } });
    await waitFor('the resolved notice', () => standIn.posts(ESC, threadTs).find((c) => slackText(c).includes(`resolved ${complaintId}`)));
    // The bot has the conversation again: the customer's score lands on the complaint.
    await customer.session.say(wording.satisfaction.scores[4]!);
    await customer.session.waitFor((a) => textOf(a) === wording.satisfaction.askComment, 10_000);
    await customer.session.say(wording.satisfaction.skip.label);
    for (let i = 0; i < 50 && !(await server.hearken.store.complaints.require(complaintId)).satisfaction; i++) await sleep(100);
    expect((await server.hearken.store.complaints.require(complaintId)).satisfaction?.score).toBe(5);
  }, 90_000);

  it('relays the agent\'s reply after a restart between the hand-over and the reply, and keeps threading the customer', async () => {
    server = await startEscalationServer(standIn);
    const customer = await handedOverCustomer(server.hearken.url);
    customers.push(customer);
    const post = await escalationPostOf(customer.complaintId);
    const threadTs = standIn.tsOf(post);

    await server.restart();
    await server.hearken.slack!.whenSignedIn();
    // The customer's Web Chat lost its connection while the server was down and opens it again.
    customer.reconnect();
    expect(await threadReply(server, { user: AGENT, text: GOOD, threadTs })).toMatchObject({ status: 200 });
    await customer.session.waitFor((a) => textOf(a) === GOOD, 15_000);
    expect(customer.received().filter((t) => t === GOOD)).toHaveLength(1);
    await customer.session.say(LATER);
    await waitFor('the later message in the thread', () => standIn.posts(ESC, threadTs).find((c) => slackText(c).includes('smells of smoke')), 10_000);
    // The hand-over was posted once, before the restart.
    expect(standIn.posts(ESC).filter((c) => slackText(c).includes(customer.complaintId) && buttonsOf(c.body.blocks).length > 0)).toHaveLength(1);
  }, 90_000);

  it('opens the Resolve modal from /hearken resolve C-…, and says so for an unknown id', async () => {
    server = await startEscalationServer(standIn);
    const customer = await handedOverCustomer(server.hearken.url);
    customers.push(customer);
    const opened = standIn.callsTo('views.open').length;
    await send(server.slack, slashCommand(standIn, `resolve ${customer.complaintId.toLowerCase()}`, { user: AGENT, key: 'cmd' }), { contentType: 'application/x-www-form-urlencoded' });
    const modal = await waitFor('the Resolve modal', () => standIn.callsTo('views.open').slice(opened).find((c) => (c.body.view as { callback_id?: string }).callback_id === ESCALATION_CALLBACKS.resolveModal));
    expect(JSON.parse((modal.body.view as { private_metadata: string }).private_metadata)).toMatchObject({ c: customer.complaintId });
    await send(server.slack, slashCommand(standIn, 'resolve C-20200101-0001', { user: AGENT, key: 'cmd-unknown' }), { contentType: 'application/x-www-form-urlencoded' });
    expect(visibleText((await waitFor('the answer', () => standIn.responsesFor('cmd-unknown')[0])).body.blocks)).toMatch(/no complaint C-20200101-0001/);
    // Anything else after "resolve" is a draft to check, as before.
    await send(server.slack, slashCommand(standIn, 'resolve this for me, not my problem', { user: AGENT, key: 'cmd-draft' }), { contentType: 'application/x-www-form-urlencoded' });
    expect(visibleText((await waitFor('the check', () => standIn.responsesFor('cmd-draft')[0])).body.blocks)).toMatch(/Blocked/);
  }, 60_000);
});
