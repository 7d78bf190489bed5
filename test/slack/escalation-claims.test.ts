/**
 * Claims on the escalation post, through signed requests to the composed server: two agents
 * claiming at once leave exactly one owner and both are told (one owns it, the other is asked
 * whether to take it over); taking over is confirmed, recorded in the history and told in the
 * thread; a colleague's reply in a thread they do not own is not relayed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCALATION_ACTIONS } from '../../src/slack/escalation-blocks.js';
import { blockAction, buttonsOf, send, SlackStandIn, visibleText, waitFor, type WebApiCall } from './harness.js';
import { ESC, handedOverCustomer, startEscalationServer, textOf, threadReply, type EscalationServer, type HandedOverCustomer } from './escalation-server.js';

const slackText = (call: WebApiCall) => `${String(call.body.text ?? '')}\n${visibleText(call.body.blocks)}`;
const FORM = { contentType: 'application/x-www-form-urlencoded' };

describe('claiming a handed-over complaint', () => {
  let standIn: SlackStandIn;
  let server: EscalationServer;
  let customer: HandedOverCustomer;
  let post: WebApiCall;
  beforeAll(async () => {
    standIn = await new SlackStandIn().start();
    server = await startEscalationServer(standIn);
    customer = await handedOverCustomer(server.hearken.url);
    post = await waitFor('the escalation post', () => standIn.posts(ESC).find((c) => slackText(c).includes(customer.complaintId)), 10_000);
  }, 60_000);
  afterAll(async () => {
    customer?.session.end();
    await server?.close();
    await standIn?.stop();
  });

  it('gives it to exactly one of two agents claiming at once, and tells both', async () => {
    const claim = buttonsOf(post.body.blocks).find((b) => b.action_id === ESCALATION_ACTIONS.claim)!;
    const onPost = { channel: ESC, messageTs: standIn.tsOf(post), ephemeral: false };
    const [a, b] = await Promise.all([
      send(server.slack, blockAction(standIn, claim, { user: 'U0ANN', key: 'claim-ann' }, onPost), FORM),
      send(server.slack, blockAction(standIn, claim, { user: 'U0BOB', key: 'claim-bob' }, onPost), FORM),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const ann = visibleText((await waitFor('Ann told', () => standIn.responsesFor('claim-ann')[0])).body.blocks);
    const bob = visibleText((await waitFor('Bob told', () => standIn.responsesFor('claim-bob')[0])).body.blocks);
    const record = await server.hearken.store.complaints.require(customer.complaintId);
    expect(['slack:U0ANN', 'slack:U0BOB']).toContain(record.owner);
    const [winner, loser, winnerText, loserText] = record.owner === 'slack:U0ANN' ? ['U0ANN', 'U0BOB', ann, bob] : ['U0BOB', 'U0ANN', bob, ann];
    expect(winnerText).toMatch(new RegExp(`You own ${customer.complaintId} now`));
    expect(loserText).toContain(`<@${winner}> owns ${customer.complaintId}. Take it over?`);
    // One first-responder claim in the history; the thread is told once; the post shows the owner.
    expect(record.history.filter((e) => e.event === 'acknowledge')).toEqual([expect.objectContaining({ actor: `slack:${winner}`, detail: { owner: `slack:${winner}`, firstResponder: true } })]);
    const threadTs = standIn.tsOf(post);
    await waitFor('the claim in the thread', () => standIn.posts(ESC, threadTs).find((c) => slackText(c).includes('claimed')));
    expect(standIn.posts(ESC, threadTs).filter((c) => slackText(c).includes('claimed'))).toHaveLength(1);
    const updated = await waitFor('the post updated', () => standIn.callsTo('chat.update').find((c) => c.body.ts === threadTs));
    expect(visibleText(updated.body.blocks)).toContain(`<@${winner}>`);

    // The other one's reply to the customer is not relayed: they are told to take it over first.
    const seen = customer.received().length;
    await threadReply(server, { user: loser, text: 'I am sorry, I will sort this out today.', threadTs });
    const refused = await waitFor('the refusal', () => standIn.callsTo('chat.postEphemeral').find((c) => c.body.user === loser && /Not sent to the customer/.test(String(c.body.text))));
    expect(String(refused.body.text)).toContain(`<@${winner}> owns ${customer.complaintId}`);
    await new Promise((r) => setTimeout(r, 800));
    expect(customer.received().slice(seen)).toEqual([]);

    // Taking over is confirmed with the button, recorded with both names, and told in the thread.
    const takeOver = buttonsOf((standIn.responsesFor(`claim-${loser === 'U0ANN' ? 'ann' : 'bob'}`)[0]!).body.blocks).find((x) => x.action_id === ESCALATION_ACTIONS.takeOver)!;
    await send(server.slack, blockAction(standIn, takeOver, { user: loser, key: 'take' }, { channel: ESC, messageTs: threadTs, ephemeral: true }), FORM);
    const confirmed = await waitFor('the take-over answer', () => standIn.responsesFor('take')[0]);
    expect(confirmed.body.replace_original).toBe(true);
    expect(visibleText(confirmed.body.blocks)).toMatch(/You own/);
    const taken = await server.hearken.store.complaints.require(customer.complaintId);
    expect(taken.owner).toBe(`slack:${loser}`);
    expect(taken.history.at(-1)).toMatchObject({ event: 'reassign', actor: `slack:${loser}`, detail: { from: `slack:${winner}`, to: `slack:${loser}` } });
    await waitFor('the take-over in the thread', () => standIn.posts(ESC, threadTs).find((c) => slackText(c).includes(`<@${loser}> took ${customer.complaintId} over from <@${winner}>`)));

    // Now the new owner's reply goes through.
    await threadReply(server, { user: loser, text: 'I am sorry for the wait; I have your case now and will call you today.', threadTs });
    await customer.session.waitFor((x) => textOf(x) === 'I am sorry for the wait; I have your case now and will call you today.', 10_000);
  }, 60_000);

  it('shows the transcript to whoever asks', async () => {
    const button = buttonsOf(post.body.blocks).find((b) => b.action_id === ESCALATION_ACTIONS.transcript)!;
    await send(server.slack, blockAction(standIn, button, { user: 'U0CAROL', key: 'transcript' }, { channel: ESC, messageTs: standIn.tsOf(post), ephemeral: false }), FORM);
    const modal = await waitFor('the transcript modal', () => standIn.callsTo('views.open').find((c) => c.body.trigger_id === 'trigger-transcript'));
    const text = visibleText((modal.body.view as { blocks: unknown }).blocks);
    expect(text).toContain('newspapers and the consumer council');
    expect(text).toMatch(/\*Customer\*/);
    expect(text).toMatch(/\*Hearken\*/);
  });
});
