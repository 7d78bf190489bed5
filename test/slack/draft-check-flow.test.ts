// An agent checking drafts in Slack, end to end: signed slash commands, shortcuts, button presses
// and modal submissions to the route; Hearken's answers read where Slack would get them
// (the response_url, or the Web API stand-in reached through apiUrl / SLACK_API_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPATHY_OPENERS } from '../../src/desk/index.js';
import {
  blockAction, buttonsOf, CHANNEL, messageShortcut, send, SlackStandIn, slashCommand, startHearkenSlack, TEAM, viewSubmission, visibleText,
  waitFor, eventCallback, shippedGuard, type Agent, type HearkenSlack,
} from './harness.js';

let standIn: SlackStandIn;
let h: HearkenSlack;
beforeAll(async () => {
  standIn = await new SlackStandIn().start();
  h = await startHearkenSlack(standIn);
  await h.channel.whenSignedIn();
});
afterAll(async () => { await h?.stop(); await standIn?.stop(); });

let seq = 0;
const agent = (user = 'U0AGENT'): Agent => ({ user, key: `k${++seq}` });

/** The next answer posted to this interaction's response_url. */
async function answerTo(a: Agent, index = 0): Promise<Record<string, unknown>> {
  return (await waitFor(`answer ${index} to ${a.key}`, () => standIn.responsesFor(a.key)[index])).body;
}

const DRAFTS = [
  { locale: 'en', text: "That's not my problem, you should have read the manual.", words: ['not my problem', 'should have read the manual'], verdict: /⛔ \*Blocked\*/, disagree: 'This block is wrong', fixAll: 'Fix all', use: /^Use suggestion( \d)?$/ },
  { locale: 'zh-Hans', text: '这不归我管，你问我我问谁', words: ['不归我管', '你问我我问谁'], verdict: /⛔ \*已拦截\*/, disagree: '此拦截有误', fixAll: '全部修正', use: /^采用建议( \d)?$/ },
  { locale: 'zh-Hant', text: '這不歸我管，你問我我問誰', words: ['不歸我管', '你問我我問誰'], verdict: /⛔ \*已攔截\*/, disagree: '此攔截有誤', fixAll: '全部修正', use: /^採用建議( \d)?$/ },
] as const;

describe('/hearken <draft>', () => {
  for (const d of DRAFTS) {
    it(`acks at once, then answers a rude ${d.locale} draft ephemerally: block, the words in bold in context, advice and buttons`, async () => {
      const a = agent();
      const ack = await send(h, slashCommand(standIn, d.text, a), { contentType: 'application/x-www-form-urlencoded' });
      expect(ack.status).toBe(200);
      expect(ack.text).toBe(''); // the answer comes through the response_url, after the ack
      const body = await answerTo(a);
      expect(body.response_type).toBe('ephemeral');
      const blocks = body.blocks as { type: string; elements?: { elements?: { text: string; style?: { bold?: boolean } }[] }[] }[];
      expect(visibleText(blocks)).toMatch(d.verdict);
      // Each offending phrase appears in bold inside a rich-text quote of the draft.
      const bold = blocks.filter((b) => b.type === 'rich_text').flatMap((b) => b.elements!.flatMap((s) => s.elements!.filter((e) => e.style?.bold).map((e) => e.text)));
      for (const w of d.words) expect(bold.some((t) => t.includes(w)), `${w} in bold`).toBe(true);
      const buttons = buttonsOf(blocks);
      expect(buttons.filter((b) => b.text === d.disagree)).toHaveLength(2);
      expect(buttons.some((b) => d.use.test(b.text))).toBe(true);
      expect(buttons.map((b) => b.text)).toContain(d.fixAll);
      // The audit row: who, which team, the draft, the lexicons, the verdict and rules.
      const [row] = await h.store.guardAudit.list({ by: a.user, limit: 100 }).then((rows) => rows.filter((r) => r.draft === d.text).slice(-1));
      expect(row).toMatchObject({ by: a.user, team: TEAM, channel: 'slack', verdict: 'block', locale: d.locale, suggestionApplied: false, lexiconVersion: shippedGuard().version });
      expect(visibleText(blocks)).toContain(`#${row!.id}`);
    });
  }

  it('passes a polite draft with a pass verdict and no block', async () => {
    const a = agent();
    await send(h, slashCommand(standIn, "I'm sorry about the delay; I have booked an engineer for Thursday at 10.", a), { contentType: 'application/x-www-form-urlencoded' });
    const body = await answerTo(a);
    const text = visibleText(body.blocks);
    expect(text).toMatch(/✅ \*Pass\*: good to send\./);
    expect(text).not.toMatch(/⛔|block/i);
    expect(body.text).toBe('✅ Pass: good to send.');
    expect(buttonsOf(body.blocks).map((b) => b.text)).toEqual(['Edit']);
  });

  it('answers an empty command with how to use it, and decodes Slack escapes in the draft', async () => {
    const a = agent();
    await send(h, slashCommand(standIn, '   ', a), { contentType: 'application/x-www-form-urlencoded' });
    expect(visibleText((await answerTo(a)).blocks)).toMatch(/Type `\/hearken` and your draft/);
    const b = agent();
    await send(h, slashCommand(standIn, 'Thanks &lt;@U0CUST|Ann&gt;, our fault &amp; we fix it today.', b), { contentType: 'application/x-www-form-urlencoded' });
    await answerTo(b);
    const rows = await h.store.guardAudit.list({ by: b.user });
    expect(rows.at(-1)!.draft).toBe('Thanks <@U0CUST|Ann>, our fault & we fix it today.');
  });

  it('posts with chat.postEphemeral through the Web API when the response_url is dead', async () => {
    const a = agent('U0FALLBACK');
    standIn.deadResponseUrls.add(a.key);
    await send(h, slashCommand(standIn, '這不歸我管', a), { contentType: 'application/x-www-form-urlencoded' });
    const call = await waitFor('chat.postEphemeral', () => standIn.callsTo('chat.postEphemeral').find((c) => c.body.user === 'U0FALLBACK'));
    expect(call.authorization).toBe('Bearer xoxb-test-0000');
    expect(call.body).toMatchObject({ channel: CHANNEL, user: 'U0FALLBACK', text: '⛔ 已攔截：此草稿不宜原樣發送。 共 1 處問題' });
    expect(visibleText(call.body.blocks)).toContain('不歸我管');
  });
});

describe('acknowledging first', () => {
  it('acks /hearken before the check runs, and answers once the check is done', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let started = 0;
    const slow = await startHearkenSlack(standIn, {}, (desk) => ({ ...desk, checkDraft: async (input) => { started++; await held; return desk.checkDraft(input); } }));
    try {
      const a = agent();
      const ack = await send(slow, slashCommand(standIn, '这不归我管', a), { contentType: 'application/x-www-form-urlencoded' });
      // The HTTP answer is back while the check itself is still waiting.
      expect([ack.status, ack.text]).toEqual([200, '']);
      await waitFor('the check to start', () => (started === 1 ? true : undefined));
      expect(standIn.responsesFor(a.key)).toEqual([]);
      release();
      expect(visibleText((await answerTo(a)).blocks)).toMatch(/已拦截/);
    } finally {
      release();
      await slow.stop();
    }
  });
});

describe('the message shortcut "Check with Hearken"', () => {
  it('checks the message it was used on and answers ephemerally', async () => {
    const a = agent();
    const ack = await send(h, messageShortcut(standIn, 'Calm down, I already told you twice.', a), { contentType: 'application/x-www-form-urlencoded' });
    expect([ack.status, ack.text]).toEqual([200, '']);
    const body = await answerTo(a);
    expect(body.response_type).toBe('ephemeral');
    expect(visibleText(body.blocks)).toMatch(/⛔ \*Blocked\*.*2 findings/);
    expect((await h.store.guardAudit.list({ by: a.user })).at(-1)).toMatchObject({ draft: 'Calm down, I already told you twice.', verdict: 'block', team: TEAM });
  });

  it('says so when the message has no text', async () => {
    const a = agent();
    await send(h, messageShortcut(standIn, '', a), { contentType: 'application/x-www-form-urlencoded' });
    expect(visibleText((await answerTo(a)).blocks)).toMatch(/no text to check.*没有可检查的文字/);
  });
});

/** Runs /hearken and returns the answer's buttons. */
async function check(text: string, a: Agent) {
  await send(h, slashCommand(standIn, text, a), { contentType: 'application/x-www-form-urlencoded' });
  const answer = await answerTo(a);
  return { answer, buttons: buttonsOf(answer.blocks) };
}
const press = (button: { action_id: string; value: string; block_id: string }, a: Agent) =>
  send(h, blockAction(standIn, button, a), { contentType: 'application/x-www-form-urlencoded' });

describe('buttons on an answer', () => {
  for (const d of DRAFTS) {
    it(`"Use suggestion" (${d.locale}) applies it, shows the revised draft checked again, and audits it as a revision`, async () => {
      const a = agent();
      const { buttons } = await check(d.text, a);
      const use = buttons.find((b) => d.use.test(b.text))!;
      const ack = await press(use, a);
      expect([ack.status, ack.text]).toEqual([200, '']);
      const revised = await answerTo(a, 1);
      expect(revised.replace_original).toBe(true);
      const value = JSON.parse(use.value) as { a: number; s: number; e: number; t: string };
      const expected = d.text.slice(0, value.s) + value.t + d.text.slice(value.e);
      // Ready to copy: the revised draft as preformatted text.
      const pre = (revised.blocks as { type: string; elements?: { type: string; elements: { text: string }[] }[] }[])
        .filter((b) => b.type === 'rich_text').flatMap((b) => b.elements!.filter((e) => e.type === 'rich_text_preformatted').map((e) => e.elements.map((x) => x.text).join('')));
      expect(pre).toEqual([expected]);
      const rows = await h.store.guardAudit.list({ by: a.user });
      expect(rows.at(-1)).toMatchObject({ draft: expected, suggestionApplied: true, revisionOf: value.a, team: TEAM, channel: 'slack' });
    });

    it(`"Fix all" (${d.locale}) rewrites every finding until the draft passes, ready to copy`, async () => {
      const a = agent();
      const { buttons } = await check(d.text, a);
      await press(buttons.find((b) => b.text === d.fixAll)!, a);
      const fixed = await answerTo(a, 1);
      const text = visibleText(fixed.blocks);
      expect(text).toMatch(/✅/);
      for (const w of d.words) expect(text).not.toContain(w);
      const row = (await h.store.guardAudit.list({ by: a.user })).at(-1)!;
      expect(row).toMatchObject({ verdict: 'pass', suggestionApplied: true });
      expect(text).toContain(row.draft);
    });
  }

  it('"Edit" opens a modal prefilled with the draft; submitting re-checks the edited draft', async () => {
    const a = agent();
    const draft = '這不歸我管，你問我我問誰';
    const { buttons } = await check(draft, a);
    const first = (await h.store.guardAudit.list({ by: a.user })).at(-1)!;
    await press(buttons.find((b) => b.text === '編輯')!, a);
    const open = await waitFor('views.open', () => standIn.callsTo('views.open').find((c) => c.body.trigger_id === `trigger-${a.key}`));
    const view = open.body.view as Record<string, unknown>;
    expect(open.authorization).toBe('Bearer xoxb-test-0000');
    expect(view).toMatchObject({ type: 'modal', callback_id: 'hearken_edit', title: { type: 'plain_text', text: '編輯草稿' }, submit: { text: '檢查' } });
    expect(JSON.parse(view.private_metadata as string)).toEqual({ a: first.id, l: 'zh-Hant', u: standIn.responseUrl(a.key) });
    expect((view.blocks as { element: { initial_value: string; max_length: number } }[])[0]!.element).toMatchObject({ initial_value: draft, max_length: 3000 });

    // An empty submission is refused inside the modal, in the draft's language.
    const empty = await send(h, viewSubmission({ callback_id: 'hearken_edit', private_metadata: view.private_metadata as string }, { draft: '  ' }, a), { contentType: 'application/x-www-form-urlencoded' });
    expect(JSON.parse(empty.text)).toEqual({ response_action: 'errors', errors: { draft: '請先填寫草稿。' } });

    const submitted = await send(h, viewSubmission({ callback_id: 'hearken_edit', private_metadata: view.private_metadata as string }, { draft: '非常抱歉，這件事由我負責跟進。' }, a), { contentType: 'application/x-www-form-urlencoded' });
    expect([submitted.status, submitted.text]).toEqual([200, '']);
    const rechecked = await answerTo(a, 1);
    expect(rechecked.replace_original).toBe(true);
    expect(visibleText(rechecked.blocks)).toMatch(/您編輯後的草稿已重新檢查[\s\S]*✅ \*通過\*/);
    expect((await h.store.guardAudit.list({ by: a.user })).at(-1)).toMatchObject({ draft: '非常抱歉，這件事由我負責跟進。', verdict: 'pass', revisionOf: first.id, suggestionApplied: false });
  });

  for (const d of DRAFTS) {
    it(`"This block is wrong" (${d.locale}) asks why in a modal and records the disagreement against the rule and the draft`, async () => {
      const a = agent();
      const { buttons } = await check(d.text, a);
      const row = (await h.store.guardAudit.list({ by: a.user })).at(-1)!;
      const disagree = buttons.find((b) => b.text === d.disagree)!;
      await press(disagree, a);
      const open = await waitFor('views.open', () => standIn.callsTo('views.open').find((c) => c.body.trigger_id === `trigger-${a.key}`));
      const view = open.body.view as { callback_id: string; private_metadata: string; title: { text: string } };
      expect(view.callback_id).toBe('hearken_disagree');
      expect(view.title.text).toBe(d.disagree);
      const metadata = JSON.parse(view.private_metadata) as { a: number; r: string };
      expect(metadata).toEqual({ a: row.id, r: row.ruleIds[0], l: d.locale, u: standIn.responseUrl(a.key) });

      const empty = await send(h, viewSubmission(view, { reason: '' }, a), { contentType: 'application/x-www-form-urlencoded' });
      expect(JSON.parse(empty.text).response_action).toBe('errors');
      const ok = await send(h, viewSubmission(view, { reason: 'The customer said these words; I was quoting them.' }, a), { contentType: 'application/x-www-form-urlencoded' });
      expect(ok.status).toBe(200);
      const thanks = await answerTo(a, 1);
      expect(thanks.replace_original).toBeUndefined();
      expect(visibleText(thanks.blocks)).toContain(row.ruleIds[0]);
      expect((await h.store.guardAudit.get(row.id))!.feedback).toEqual([
        { ruleId: row.ruleIds[0], reason: 'The customer said these words; I was quoting them.', by: a.user, at: expect.any(String) },
      ]);
      expect((await h.store.guardAudit.get(row.id))!.draft).toBe(d.text);
    });
  }

  it('answers a button whose check no longer exists with an error the agent can read, in the draft language', async () => {
    const a = agent();
    await press({ action_id: 'fix_all', value: JSON.stringify({ a: 999_999, l: 'zh-Hans' }), block_id: 'draft' }, a);
    expect(visibleText((await answerTo(a)).blocks)).toMatch(/Hearken 未能完成：guard audit entry 999999 does not exist/);
    const b = agent();
    await press({ action_id: 'use_suggestion:0:0', value: 'not json', block_id: 'finding:0' }, b);
    expect(visibleText((await answerTo(b)).blocks)).toMatch(/the button value is not Hearken's JSON/);
  });
});

describe('an angry customer (context from triage)', () => {
  it('warns about a reply without acknowledgement and offers an empathy opener that fixes it', async () => {
    // Part 2 (escalation threads) passes the customer's triage; here the desk is called as it will be.
    const outcome = await h.desk.checkDraft({ draft: 'Your order will arrive on Tuesday.', by: 'U0AGENT', channel: 'slack', team: TEAM, customerTriage: { emotion: { label: 'anger', intensity: 0.9 } } });
    expect(outcome.result.verdict).toBe('warn');
    const fix = outcome.result.findings[0]!.fix!;
    const a = agent();
    await press({ action_id: 'use_suggestion:0:0', value: JSON.stringify({ a: outcome.auditId, s: fix.range[0], e: fix.range[1], t: fix.text, l: 'en' }), block_id: 'finding:0' }, a);
    const text = visibleText((await answerTo(a)).blocks);
    expect(text).toContain(`${EMPATHY_OPENERS.en[0]} Your order will arrive on Tuesday.`);
    expect(text).toMatch(/✅ \*Pass\*/);
    expect((await h.store.guardAudit.list({ by: a.user })).at(-1)).toMatchObject({ customerContext: { emotion: { label: 'anger', intensity: 0.9 } }, revisionOf: outcome.auditId });
  });
});

describe('the Home tab', () => {
  it('publishes how to use Hearken when an agent opens it', async () => {
    await send(h, eventCallback({ type: 'app_home_opened', user: 'U0HOMER', channel: 'D0HOME', tab: 'home', event_ts: '1700000000.000600' }));
    const call = await waitFor('views.publish', () => standIn.callsTo('views.publish').find((c) => c.body.user_id === 'U0HOMER'));
    expect((call.body.view as { type: string }).type).toBe('home');
    expect(visibleText((call.body.view as { blocks: unknown }).blocks)).toMatch(/\/hearken/);
  });
});
