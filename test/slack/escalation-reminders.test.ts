/**
 * Deadline reminders and the App Home, on the composed server. The deadline watcher (driven here
 * with its own clock, over the server's store) queues a reminder before the deadline and one when
 * it is missed; the server's outbox delivers them to Slack: a DM to the owner, then a post in the
 * thread. Each is sent once, also when the watcher runs again and after a restart. The App Home
 * shows an agent their open complaints, overdue first, with links to the threads, and shows a
 * supervisor today's figures, in their Slack language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeadlineWatcher } from '../../src/desk/index.js';
import { eventCallback, send, SlackStandIn, visibleText, waitFor, type WebApiCall } from './harness.js';
import { ESC, handedOverCustomer, startEscalationServer, SUPERVISOR, threadReply, type EscalationServer, type HandedOverCustomer } from './escalation-server.js';
import { draft } from '../complaints/fixtures.js';

const slackText = (call: WebApiCall) => `${String(call.body.text ?? '')}\n${visibleText(call.body.blocks)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const AGENT = 'U0ANN';

describe('reminders and the App Home', () => {
  let standIn: SlackStandIn;
  let server: EscalationServer;
  let customer: HandedOverCustomer;
  let threadTs: string;
  beforeAll(async () => {
    standIn = await new SlackStandIn().start();
    server = await startEscalationServer(standIn);
    customer = await handedOverCustomer(server.hearken.url);
    const post = await waitFor('the escalation post', () => standIn.posts(ESC).find((c) => slackText(c).includes(customer.complaintId)), 10_000);
    threadTs = standIn.tsOf(post);
    // Ann answers first, so she owns it.
    await threadReply(server, { user: AGENT, text: 'I am sorry about the heater; I will call you within the hour.', threadTs });
    for (let i = 0; i < 50 && (await server.hearken.store.complaints.require(customer.complaintId)).owner !== `slack:${AGENT}`; i++) await sleep(100);
  }, 60_000);
  afterAll(async () => {
    customer?.session.end();
    await server?.close();
    await standIn?.stop();
  });

  it('DMs the owner before the deadline and posts in the thread when it is missed, each once, also across a restart', async () => {
    const record = await server.hearken.store.complaints.require(customer.complaintId);
    expect(record.owner).toBe(`slack:${AGENT}`);
    // A complaint of Ann's handed over three weeks ago, its deadline long missed, with its own thread.
    const late = await server.hearken.store.complaints.create(draft({ subject: 'Burnt socket', owner: `slack:${AGENT}`, severity: 'major', locale: 'en' }), {
      actor: 'bot:hearken', channel: 'web_chat', now: new Date(Date.now() - 21 * 86_400_000), notes: [{ event: 'handoff_requested', detail: { conversationId: 'conv-late', reason: 'escalation' } }],
    });
    await server.hearken.store.escalations.record({ complaintId: late.id, conversationId: 'conv-late', channel: ESC, threadTs: '1690000000.000001', postedAt: new Date().toISOString() });
    // The watcher with the server's real clock, warning a week ahead, so the handed-over complaint is due soon.
    const sweep = () => createDeadlineWatcher(server.hearken.store, { dueSoonMs: 7 * 86_400_000, workerId: 'test', onError: (e) => { throw e; } }).runOnce();
    const dms = () => standIn.posts(`D${AGENT}`).filter((c) => slackText(c).includes(customer.complaintId));
    const missed = () => standIn.posts(ESC, '1690000000.000001').filter((c) => /has passed/.test(slackText(c)));

    const queued = await sweep();
    expect(queued.map((r) => [r.complaintId, r.level])).toEqual(expect.arrayContaining([[customer.complaintId, 'due_soon'], [late.id, 'overdue']]));
    const dm = await waitFor('the DM', () => dms()[0], 5000);
    expect(standIn.callsTo('conversations.open').map((c) => c.body.users)).toContain(AGENT);
    expect(slackText(dm)).toContain(`${customer.complaintId}: the investigate deadline is`);
    expect(slackText(dm)).toContain(`https://test.slack.com/archives/${ESC}/p${threadTs.replace('.', '')}`);
    const post = await waitFor('the missed deadline in the thread', () => missed()[0], 5000);
    expect(slackText(post)).toContain(`${late.id}: the acknowledge deadline`);
    expect(slackText(post)).toContain(`Owner: <@${AGENT}>`);
    expect(await sweep()).toEqual([]);

    await server.restart();
    expect(await sweep()).toEqual([]);
    await sleep(1000);
    expect(dms()).toHaveLength(1);
    expect(missed()).toHaveLength(1);
    expect((await server.hearken.store.reminders.listSent({ complaintId: customer.complaintId })).map((r) => r.level)).toEqual(['due_soon']);
  }, 60_000);

  it('shows an agent their open complaints, overdue first, with thread links; a supervisor also sees today\'s figures, in Chinese', async () => {
    // An older complaint of Ann's, long overdue.
    const old = await server.hearken.store.complaints.create(draft({ subject: 'Refund still missing', owner: `slack:${AGENT}` }), { actor: 'bot:hearken', channel: 'web_chat', now: new Date(Date.now() - 20 * 86_400_000) });
    // Today's checks: a blocked reply, with a disagreement.
    await threadReply(server, { user: AGENT, text: "That's not my problem, talk to the shop.", threadTs });
    let blocked;
    for (let i = 0; i < 50 && !(blocked = (await server.hearken.store.guardAudit.list({ verdict: 'block' }))[0]); i++) await sleep(100);
    expect(blocked).toBeDefined();
    await server.hearken.store.guardAudit.addFeedback(blocked!.id, { ruleId: blocked!.ruleIds[0]!, reason: 'quoting the customer', by: AGENT });

    const open = (user: string) => send(server.slack, eventCallback({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1700000000.1' }));
    const published = standIn.callsTo('views.publish').length;
    await open(AGENT);
    const mine = await waitFor('Ann\'s home', () => standIn.callsTo('views.publish').slice(published).find((c) => c.body.user_id === AGENT));
    const text = visibleText((mine.body.view as { blocks: unknown }).blocks);
    expect(text).toContain('Your open complaints');
    expect(text.indexOf(old.id)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(old.id)).toBeLessThan(text.indexOf(customer.complaintId));
    expect(text).toMatch(new RegExp(`${old.id}[^\\n]*\\n\\*⏰ OVERDUE\\*`));
    expect(text).toContain(`<https://test.slack.com/archives/${ESC}/p${threadTs.replace('.', '')}|thread>`);
    expect(text).not.toContain('Guard blocks by rule');

    standIn.locales.set(SUPERVISOR, 'zh-CN');
    await open(SUPERVISOR);
    const sup = await waitFor('the supervisor\'s home', () => standIn.callsTo('views.publish').slice(published).find((c) => c.body.user_id === SUPERVISOR));
    const figures = visibleText((sup.body.view as { blocks: unknown }).blocks);
    expect(figures).toContain('您负责的未结投诉');
    expect(figures).toContain('按规则统计的拦截');
    expect(figures).toContain(`\`${blocked!.ruleIds[0]}\` 1`);
    expect(figures).toMatch(/此拦截有误[\s\S]*`[^`]+` 1/);
    expect(figures).toMatch(/建议采纳：\* 有问题的 \d+ 次检查中采纳 \d+ 次/);
    expect(figures).toMatch(/按类别统计的投诉[\s\S]*`product_quality|`[a-z_]+` \d/);
  }, 60_000);
});
