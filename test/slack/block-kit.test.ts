// Every message and modal Hearken builds stays within Slack's Block Kit limits, for any draft.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/contracts/finding.js';
import { draftLocale, withEmpathyPolicy, type DraftCheckOutcome } from '../../src/desk/index.js';
import {
  BLOCK_KIT_LIMITS as L, checkMessage, disagreeModal, editModal, homeView, noticeMessage, usageMessage, type CheckKind, type SlackMessage,
} from '../../src/slack/blocks.js';
import { WORDING } from '../../src/slack/wording.js';
import { approvalRequest, escalationHome, escalationPost, mrkdwnMessage, resolveModal, takeOverQuestion, transcriptModal } from '../../src/slack/escalation-blocks.js';
import { ESCALATION_WORDING } from '../../src/slack/escalation-wording.js';
import type { ComplaintRecord } from '../../src/contracts/complaint.js';
import { loadTriage } from '../../src/lexicon-files/triage-files.js';
import { fresh, step } from '../complaints/fixtures.js';
import { shippedGuard } from './harness.js';

/** Slack's documented limits, checked over a whole payload; returns every violation found. */
function violations(payload: { blocks: unknown[]; text?: string; title?: { text: string }; submit?: { text: string }; close?: { text: string }; private_metadata?: string; type?: string }): string[] {
  const out: string[] = [];
  const isModal = payload.type === 'modal';
  const isHome = payload.type === 'home';
  const max = isModal || isHome ? L.blocksPerModal : L.blocksPerMessage;
  if (payload.blocks.length > max) out.push(`${payload.blocks.length} blocks > ${max}`);
  if (payload.blocks.length === 0) out.push('no blocks');
  if (payload.text !== undefined && payload.text.length > L.messageText) out.push('message text too long');
  if (isModal) {
    // A modal without inputs (the transcript) has no submit button.
    const hasInputs = payload.blocks.some((b) => (b as { type?: string }).type === 'input');
    for (const k of hasInputs ? ['title', 'submit', 'close'] as const : ['title', 'close'] as const) {
      const t = payload[k]?.text;
      if (t === undefined || t.length === 0 || t.length > L.modalTitle) out.push(`modal ${k} "${t}" not 1–${L.modalTitle} chars`);
    }
    if ((payload.private_metadata ?? '').length > L.privateMetadata) out.push('private_metadata > 3000');
  }
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  const textOk = (t: unknown, maxLen: number, where: string) => {
    if (typeof t !== 'string' || t.length === 0) out.push(`${where}: empty text`);
    else if (t.length > maxLen) out.push(`${where}: ${t.length} chars > ${maxLen}`);
  };
  const element = (e: Record<string, unknown>, where: string) => {
    if (typeof e.action_id === 'string') {
      if (actionIds.has(e.action_id)) out.push(`duplicate action_id ${e.action_id}`);
      actionIds.add(e.action_id);
      if (e.action_id.length > L.actionId) out.push('action_id too long');
    }
    if (e.type === 'button') {
      textOk((e.text as { text: string }).text, L.buttonText, `${where} button`);
      if (typeof e.value === 'string' && e.value.length > L.buttonValue) out.push(`${where} button value ${e.value.length} > ${L.buttonValue}`);
    }
    if (e.type === 'static_select') {
      const options = e.options as { text: { text: string }; value: string }[];
      if (options.length === 0 || options.length > 100) out.push(`${where} select: ${options.length} options`);
      for (const o of options) { textOk(o.text.text, 75, `${where} option`); if (o.value.length > 150) out.push(`${where} option value too long`); }
    }
    if (e.type === 'plain_text_input') {
      const max = e.max_length as number | undefined;
      if (max !== undefined && max > L.plainTextInput) out.push('plain_text_input max_length > 3000');
      if (typeof e.initial_value === 'string' && e.initial_value.length > (max ?? L.plainTextInput)) out.push('initial_value longer than max_length');
    }
  };
  payload.blocks.forEach((raw, i) => {
    const b = raw as Record<string, unknown>;
    const where = `block ${i} (${String(b.type)})`;
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) out.push(`duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
      if (b.block_id.length > L.blockId) out.push('block_id too long');
    }
    switch (b.type) {
      case 'section': {
        const fields = b.fields as { text: string }[] | undefined;
        if (fields) {
          if (fields.length === 0 || fields.length > 10) out.push(`${where}: ${fields.length} fields`);
          fields.forEach((f) => textOk(f.text, 2000, `${where} field`));
        }
        if (b.text || !fields) textOk((b.text as { text: string }).text, L.text, where);
        break;
      }
      case 'divider': break;
      case 'header': textOk((b.text as { text: string }).text, 150, where); break;
      case 'context': {
        const els = b.elements as { text: string }[];
        if (els.length === 0 || els.length > L.elementsPerContext) out.push(`${where}: ${els.length} elements`);
        els.forEach((e) => textOk(e.text, L.text, where));
        break;
      }
      case 'actions': {
        const els = b.elements as Record<string, unknown>[];
        if (els.length === 0 || els.length > L.elementsPerActions) out.push(`${where}: ${els.length} elements > ${L.elementsPerActions}`);
        els.forEach((e) => element(e, where));
        break;
      }
      case 'rich_text': {
        for (const part of b.elements as { type: string; elements: { type: string; text: string }[] }[]) {
          if (part.elements.length === 0) out.push(`${where}: empty ${part.type}`);
          for (const e of part.elements) if (e.type === 'text') textOk(e.text, L.text, `${where} ${part.type}`);
        }
        break;
      }
      case 'input': {
        textOk((b.label as { text: string }).text, L.inputLabel, `${where} label`);
        if (b.hint) textOk((b.hint as { text: string }).text, L.inputHint, `${where} hint`);
        element(b.element as Record<string, unknown>, where);
        break;
      }
      default: out.push(`${where}: unexpected block type`);
    }
  });
  return out;
}

const guard = shippedGuard();
const ANGRY = { customerEmotion: { label: 'anger' as const, intensity: 0.9 } };
function outcomeFor(draft: string, angry: boolean, auditId = 1234567): DraftCheckOutcome {
  const locale = draftLocale(draft);
  const result = withEmpathyPolicy(guard.guard.lint(draft, angry ? ANGRY : undefined), locale);
  return { draft, result, auditId, locale, lexiconVersion: guard.version };
}
const KINDS: CheckKind[] = ['check', 'suggestion', 'fixAll', 'edit'];
const expectValid = (payload: Parameters<typeof violations>[0], label: string) => expect(violations(payload), label).toEqual([]);

// Pieces of real drafts (rude and polite, three languages, Slack's awkward characters) to build many drafts from.
const PIECES = [
  "That's not my problem", 'you should have read the manual', 'Calm down', 'I already told you twice', 'Not my fault', "I'm just doing my job",
  '这不归我管', '你问我我问谁', '這不歸我管', '你問我我問誰', '有本事你去投诉', '至于吗', '我们无法保证立即解决', '老头',
  "I'm sorry about the delay", 'I have booked an engineer for Thursday at 10', '非常抱歉给您带来不便', '讓您久等了',
  '<b>&amp;</b>', '*bold* _it_ ~s~ `code`', '😀👍🏽', '\u200b', 'x'.repeat(300), '。', '. ', '!\n', '，', '\n\n', '"quoted"', '“不归我管”',
];
const draftArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }).map((parts) => parts.join(' ')).filter((d) => d.trim() !== '');

describe('Block Kit limits', () => {
  it('hold for check answers of many drafts, in every kind of answer, with and without an angry customer', () => {
    fc.assert(fc.property(draftArb, fc.boolean(), fc.constantFrom(...KINDS), fc.nat(50), (draft, angry, kind, applied) => {
      const message = checkMessage({ outcome: outcomeFor(draft, angry), kind, applied });
      expectValid(message, `${kind}: ${draft.slice(0, 80)}`);
    }), { numRuns: 400 });
  });

  it('hold for a draft with a hundred findings, and for the longest draft the desk takes', () => {
    const many = Array.from({ length: 100 }, (_, i) => (i % 2 ? 'Calm down.' : '这不归我管。')).join(' ');
    const msg = checkMessage({ outcome: outcomeFor(many, true), kind: 'fixAll', applied: 100 });
    expect(outcomeFor(many, true).result.findings.length).toBeGreaterThan(50);
    expectValid(msg, 'many findings');
    expect(msg.blocks.length).toBeLessThanOrEqual(L.blocksPerMessage);
    const longest = `${'Not my problem. '.repeat(500)}`.slice(0, 12_000);
    for (const kind of KINDS) expectValid(checkMessage({ outcome: outcomeFor(longest, true), kind }), `longest ${kind}`);
  });

  it('hold for long synthetic findings: huge messages, suggestions and rule ids', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 4000 }), fc.array(fc.string({ maxLength: 2500 }), { maxLength: 6 }), fc.string({ minLength: 1, maxLength: 400 }), (message, suggestions, ruleId) => {
      const draft = 'Please hold. That is not my problem at all. Bye.';
      const finding: Finding = { ruleId, severity: 'error', category: 'deflection', message, actual: 'not my problem', start: 21, end: 35, line: 1, column: 22, suggestions, source: 's' };
      const result: LintResult = { verdict: 'block', findings: Array.from({ length: 12 }, () => finding) };
      for (const kind of KINDS) expectValid(checkMessage({ outcome: { draft, result, auditId: 9, locale: 'en', lexiconVersion: 'abcdef123456' }, kind }), kind);
    }), { numRuns: 150 });
  });

  it('hold for the modals, notices, usage and the Home tab in every language', () => {
    const url = 'https://hooks.slack.com/actions/T0TEAM/1234567890/abcdefghijklmnopqrstuvwx';
    fc.assert(fc.property(draftArb, fc.string({ minLength: 1, maxLength: 255 }), (draft, ruleId) => {
      for (const l of ['en', 'zh-Hans', 'zh-Hant'] as const) {
        const edit = editModal(draft.slice(0, 3000), { a: 1, l, u: url });
        expectValid(edit, `edit ${l}`);
        expect(edit.blocks).toHaveLength(1);
        expectValid(disagreeModal({ a: 2 ** 40, r: ruleId, l, u: url }), `disagree ${l}`);
        expectValid(noticeMessage(WORDING[l].failed(draft)), `notice ${l}`);
      }
    }), { numRuns: 100 });
    expectValid(usageMessage(), 'usage');
    expectValid(homeView() as unknown as SlackMessage & { type: string }, 'home');
  });

  it('hold for the escalation post, its thread messages, the Resolve and transcript modals and the App Home, whatever customers and agents wrote', () => {
    const triage = loadTriage();
    const text = fc.string({ minLength: 1, maxLength: 5000 });
    fc.assert(fc.property(draftArb, text, fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 80 }), fc.string({ maxLength: 3000 })), { maxLength: 40 }), fc.constantFrom('en', 'zh-Hans', 'zh-Hant' as const), fc.nat(300), (story, said, facts, l, n) => {
      const record: ComplaintRecord = {
        ...fresh({ locale: l, description: story, subject: said.slice(0, 80), owner: n % 2 ? 'slack:U0ANN' : 'queue:supervisors' }),
        triage: triage(story), facts: facts.map(([key, value]) => ({ key, value, confirmed: true })),
      };
      expectValid(escalationPost(record, n % 2 ? 'escalation' : 'customer_request'), `post ${l}`);
      expectValid(mrkdwnMessage(ESCALATION_WORDING[l].claimed('<@U0ANN>', record.id)), 'notice');
      expectValid(takeOverQuestion(record, 'slack:U0BOB', l, n % 3 === 0), 'take over');
      const proposed = { ...step(step(step(fresh(), { type: 'acknowledge' }), { type: 'start_investigation' }), { type: 'propose_solution', resolution: { type: 'refund', detail: said } }), locale: l };
      expectValid(approvalRequest(proposed, '<@U0ANN>', l), 'approval');
      expectValid(resolveModal(record, { c: record.id, l, ch: 'C0ESC' }), 'resolve modal');
      const messages = Array.from({ length: n }, (_, i) => ({ seq: i, conversationId: 'c', role: (['customer', 'bot', 'agent'] as const)[i % 3]!, text: i % 7 ? said : story, channel: 'web_chat' as const, at: '2026-01-01T00:00:00.000Z', meta: { author: 'slack:U0ANN' } }));
      expectValid(transcriptModal(record.id, messages, l), 'transcript');
      const mine = Array.from({ length: n % 120 }, (_, i) => ({ record: { ...record, id: `C-20260101-${String(i).padStart(4, '0')}` }, deadline: { kind: 'ack' as const, dueAt: '2026-01-01T00:00:00.000Z', overdue: i % 2 === 0 }, thread: { complaintId: record.id, conversationId: 'c', channel: 'C0ESC', threadTs: '1.2', postedAt: '' } }));
      const rules = Array.from({ length: n % 40 }, (_, i) => ({ ruleId: `${said.slice(0, 200)}-${i}`, count: i }));
      const report = { day: '2026-01-01', since: '2026-01-01T00:00:00.000Z', checks: n, blocks: n, blocksByRule: rules, disagreementsByRule: rules, suggestions: { offered: n, accepted: 0, rate: n ? 0 : null }, complaintsByCategory: [{ category: 'delivery' as const, count: n }] };
      expectValid(escalationHome({ locale: l, mine, workspaceUrl: 'https://test.slack.com/', report }) as unknown as SlackMessage & { type: string }, 'home');
    }), { numRuns: 60 });
  });

  it('the validator itself catches each limit it checks', () => {
    const button = (text: string, action_id = 'a') => ({ type: 'button', text: { type: 'plain_text', text }, action_id, value: 'v' });
    expect(violations({ blocks: Array.from({ length: 51 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'x' } })) })).toContain('51 blocks > 50');
    expect(violations({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] })[0]).toMatch(/3001 chars > 3000/);
    expect(violations({ blocks: [{ type: 'actions', elements: [button('x'.repeat(76))] }] })[0]).toMatch(/76 chars > 75/);
    expect(violations({ blocks: [{ type: 'actions', elements: [button('a'), button('b')] }] })).toContain('duplicate action_id a');
    expect(violations({ blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button('b', `a${i}`)) }] })[0]).toMatch(/26 elements > 25/);
    const modal = editModal('d', { a: 1, l: 'en', u: 'https://x.test/' });
    expect(violations({ ...modal, title: { type: 'plain_text', text: 'x'.repeat(25) } } as never)[0]).toMatch(/modal title/);
  });
});
