// Block Kit for Hearken's answers: pure functions from a check to a message or a modal.
// Every builder keeps within Slack's limits (BLOCK_KIT_LIMITS) by construction; the tests
// validate that over many drafts.
import type { types } from '@slack/bolt';
import type { Locale } from '../contracts/complaint.js';
import type { Finding } from '../contracts/finding.js';
import { editsFor, type DraftCheckOutcome } from '../desk/index.js';
import { encodeValue, MAX_BUTTON_VALUE, type DisagreeMetadata, type EditMetadata } from './action-values.js';
import { clip, escapeMrkdwn } from './slack-text.js';
import { ESCALATION_WORDING } from './escalation-wording.js';
import { USAGE_TEXT, WORDING } from './wording.js';

type KnownBlock = types.KnownBlock;
type Button = types.Button;
type ModalView = types.ModalView;
type RichTextElement = types.RichTextElement;

export const BLOCK_KIT_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  /** A section's or a context element's text. */
  text: 3000,
  buttonText: 75,
  buttonValue: MAX_BUTTON_VALUE,
  elementsPerActions: 25,
  elementsPerContext: 10,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInput: 3000,
  privateMetadata: 3000,
  actionId: 255,
  blockId: 255,
  /** The message's notification text. */
  messageText: 40_000,
} as const;

/** Action ids Hearken's listeners match on. */
export const ACTIONS = {
  useSuggestion: 'use_suggestion',
  disagree: 'disagree',
  fixAll: 'fix_all',
  edit: 'edit_draft',
  /** A reply to a customer (a check with a complaint) that passes can be sent from its answer. */
  send: 'send_to_customer',
} as const;
export const CALLBACKS = { shortcut: 'hearken_check', editModal: 'hearken_edit', disagreeModal: 'hearken_disagree' } as const;
/** Block and action id of the modals' inputs. */
export const INPUTS = { draft: 'draft', reason: 'reason' } as const;

/** At most this many findings get their own blocks; the rest are counted (3 blocks each). */
export const MAX_FINDINGS_SHOWN = 8;
/** Edits offered per finding. */
const MAX_EDITS_PER_FINDING = 3;
/** Characters of the draft shown on either side of a finding. */
const CONTEXT_CHARS = 60;
/** The draft shown ready to copy, in pieces of this size (each a preformatted element). */
const COPY_CHUNK = 2900;

export type CheckKind = 'check' | 'suggestion' | 'fixAll' | 'edit';

export interface CheckAnswer {
  outcome: DraftCheckOutcome;
  kind: CheckKind;
  /** Fix all: how many edits were applied. */
  applied?: number;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max), emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: clip(text, BLOCK_KIT_LIMITS.text) });

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: plain(text, BLOCK_KIT_LIMITS.buttonText), action_id: actionId, value, ...(style ? { style } : {}) };
}

/** Moves an offset off the low half of a surrogate pair, so a cut never splits a character. */
const safeCut = (text: string, at: number) => (at > 0 && at < text.length && /[\uDC00-\uDFFF]/.test(text[at]!) ? at - 1 : at);
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

/** The finding's words in bold, with the draft around them. */
function findingInContext(draft: string, finding: Finding, emoji: string): KnownBlock {
  const from = safeCut(draft, Math.max(0, finding.start - CONTEXT_CHARS));
  const to = safeCut(draft, Math.min(draft.length, finding.end + CONTEXT_CHARS));
  const before = `${from > 0 ? '…' : ''}${oneLine(draft.slice(from, finding.start))}`;
  const after = `${oneLine(draft.slice(finding.end, to))}${to < draft.length ? '…' : ''}`;
  const elements: RichTextElement[] = [{ type: 'text', text: `${emoji} ` }];
  if (before) elements.push({ type: 'text', text: before });
  // A finding about the draft as a whole can have an empty span (the context check on a draft
  // starting with a line break): then only the surrounding words are shown.
  const words = oneLine(draft.slice(finding.start, finding.end));
  if (words.trim()) elements.push({ type: 'text', text: words, style: { bold: true } });
  if (after) elements.push({ type: 'text', text: after });
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements }] };
}

function explanation(finding: Finding, locale: Locale): KnownBlock {
  const w = WORDING[locale];
  const lines = [`*${escapeMrkdwn(finding.message)}*`];
  if (finding.suggestions.length > 0) {
    lines.push(w.suggestions);
    finding.suggestions.forEach((s, i) => lines.push(`${i + 1}. ${escapeMrkdwn(s)}`));
  } else if (!finding.fix) {
    lines.push(`_${w.noSuggestion}_`);
  }
  return { type: 'section', text: mrkdwn(lines.join('\n')) };
}

function findingActions(outcome: DraftCheckOutcome, finding: Finding, index: number): KnownBlock {
  const w = WORDING[outcome.locale];
  const edits = editsFor(outcome.draft, finding).slice(0, MAX_EDITS_PER_FINDING);
  const numbered = finding.suggestions.length > 1 && !finding.fix;
  const elements: Button[] = [];
  edits.forEach((edit, j) => {
    const value = encodeValue({ a: outcome.auditId, s: edit.range[0], e: edit.range[1], t: edit.text, l: outcome.locale });
    // A suggestion too long for a button value stays readable above, without a button.
    if (value.length > BLOCK_KIT_LIMITS.buttonValue) return;
    const label = w.useSuggestion(numbered && edit.suggestion !== undefined ? edit.suggestion + 1 : undefined);
    elements.push(button(label, `${ACTIONS.useSuggestion}:${index}:${j}`, value, j === 0 ? 'primary' : undefined));
  });
  elements.push(button(w.disagree, `${ACTIONS.disagree}:${index}`, encodeValue({ a: outcome.auditId, r: clip(finding.ruleId, 200), l: outcome.locale })));
  return { type: 'actions', block_id: `finding:${index}`, elements };
}

function readyToCopy(draft: string, locale: Locale): KnownBlock[] {
  const chunks: string[] = [];
  for (let at = 0; at < draft.length;) {
    const end = safeCut(draft, Math.min(draft.length, at + COPY_CHUNK));
    chunks.push(draft.slice(at, end));
    at = end;
  }
  return [
    { type: 'context', elements: [mrkdwn(WORDING[locale].readyToCopy)] },
    { type: 'rich_text', elements: chunks.map((text) => ({ type: 'rich_text_preformatted' as const, elements: [{ type: 'text' as const, text }] })) },
  ];
}

/** The answer to a check: the verdict, each finding in context with its advice and buttons, and what to do next. */
export function checkMessage({ outcome, kind, applied = 0 }: CheckAnswer): SlackMessage {
  const w = WORDING[outcome.locale];
  const { verdict, findings } = outcome.result;
  const blocks: KnownBlock[] = [];
  const heading = kind === 'suggestion' ? w.revisedBySuggestion : kind === 'fixAll' ? w.revisedByFixAll(applied) : kind === 'edit' ? w.revisedByEdit : undefined;
  if (heading) blocks.push({ type: 'context', elements: [mrkdwn(heading)] });
  const count = findings.length > 0 ? ` ${w.findingCount(findings.length)}` : '';
  blocks.push({ type: 'section', text: mrkdwn(`${w.verdict[verdict]}${count}`) });
  findings.slice(0, MAX_FINDINGS_SHOWN).forEach((finding, i) => {
    blocks.push(findingInContext(outcome.draft, finding, w.severityEmoji[finding.severity]), explanation(finding, outcome.locale), findingActions(outcome, finding, i));
  });
  if (findings.length > MAX_FINDINGS_SHOWN) blocks.push({ type: 'context', elements: [mrkdwn(w.moreFindings(findings.length - MAX_FINDINGS_SHOWN))] });
  if (kind !== 'check') blocks.push(...readyToCopy(outcome.draft, outcome.locale));
  const next: Button[] = [];
  if (findings.some((f) => editsFor(outcome.draft, f).length > 0)) next.push(button(w.fixAll, ACTIONS.fixAll, encodeValue({ a: outcome.auditId, l: outcome.locale }), 'primary'));
  if (outcome.draft.length <= BLOCK_KIT_LIMITS.plainTextInput) next.push(button(w.edit, ACTIONS.edit, encodeValue({ a: outcome.auditId, l: outcome.locale })));
  // A reply to a customer that passes now (after a fix or an edit) goes to them from here.
  if (outcome.complaintId && verdict !== 'block') next.unshift(button(ESCALATION_WORDING[outcome.locale].sendToCustomer, ACTIONS.send, encodeValue({ a: outcome.auditId, l: outcome.locale }), 'primary'));
  if (next.length > 0) blocks.push({ type: 'actions', block_id: 'draft', elements: next });
  blocks.push({ type: 'context', elements: [mrkdwn(w.footer(outcome.lexiconVersion, outcome.auditId))] });
  // The notification text: the verdict in plain words, without mrkdwn.
  return { text: `${w.verdict[verdict].replace(/\*/g, '')}${count}`, blocks };
}

/** A short answer in one language (errors, thanks, "no text"). */
export function noticeMessage(text: string): SlackMessage {
  return { text: clip(text, BLOCK_KIT_LIMITS.text), blocks: [{ type: 'section', text: mrkdwn(escapeMrkdwn(text)) }] };
}

export function usageMessage(): SlackMessage {
  return { text: 'Type /hearken and your draft to check it. 输入 /hearken 加上草稿即可检查。', blocks: [{ type: 'section', text: mrkdwn(USAGE_TEXT) }] };
}

/** The "Edit" modal: the draft, prefilled, checked again on submit. */
export function editModal(draft: string, metadata: EditMetadata): ModalView {
  const w = WORDING[metadata.l];
  return {
    type: 'modal',
    callback_id: CALLBACKS.editModal,
    title: plain(w.editTitle, BLOCK_KIT_LIMITS.modalTitle),
    submit: plain(w.check, BLOCK_KIT_LIMITS.modalButton),
    close: plain(w.cancel, BLOCK_KIT_LIMITS.modalButton),
    private_metadata: encodeValue(metadata),
    blocks: [{
      type: 'input',
      block_id: INPUTS.draft,
      label: plain(w.editLabel, BLOCK_KIT_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input', action_id: INPUTS.draft, multiline: true, max_length: BLOCK_KIT_LIMITS.plainTextInput,
        initial_value: draft.slice(0, BLOCK_KIT_LIMITS.plainTextInput), focus_on_load: true,
      },
    }],
  };
}

/** "This block is wrong": a short modal asking why. */
export function disagreeModal(metadata: DisagreeMetadata): ModalView {
  const w = WORDING[metadata.l];
  return {
    type: 'modal',
    callback_id: CALLBACKS.disagreeModal,
    title: plain(w.disagreeTitle, BLOCK_KIT_LIMITS.modalTitle),
    submit: plain(w.send, BLOCK_KIT_LIMITS.modalButton),
    close: plain(w.cancel, BLOCK_KIT_LIMITS.modalButton),
    private_metadata: encodeValue(metadata),
    blocks: [{
      type: 'input',
      block_id: INPUTS.reason,
      label: plain(w.disagreeLabel, BLOCK_KIT_LIMITS.inputLabel),
      hint: plain(w.disagreeHint(metadata.r), BLOCK_KIT_LIMITS.inputHint),
      element: { type: 'plain_text_input', action_id: INPUTS.reason, multiline: true, max_length: 500, focus_on_load: true },
    }],
  };
}

/** The app's Home tab: how to check a draft. */
export function homeView(): types.HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('Hearken', 150) },
      { type: 'section', text: mrkdwn(USAGE_TEXT) },
      { type: 'context', elements: [mrkdwn('⛔ block · ⚠️ warn · ✅ pass. *This block is wrong* tells the lexicon editors when a finding misjudges a draft. / *此拦截有误*：告诉词库编辑哪条提示判断有误。')] },
    ],
  };
}
