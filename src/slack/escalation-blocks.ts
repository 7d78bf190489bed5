// Block Kit for handed-over complaints: the escalation post and what goes into its thread, the
// answers to its buttons, the Resolve and transcript modals, and the App Home. Pure functions,
// within Slack's limits (BLOCK_KIT_LIMITS); text from customers and agents is escaped.
import type { types } from '@slack/bolt';
import type { ComplaintRecord, Locale, ResolutionType } from '../contracts/complaint.js';
import { currentDeadline, isQueueOwner, type DeadlineKind } from '../complaints/index.js';
import type { OpenComplaint, SupervisorReport } from '../desk/index.js';
import type { TranscriptMessage } from '../store/types.js';
import { encodeValue, type ResolveMetadata } from './action-values.js';
import { BLOCK_KIT_LIMITS, type SlackMessage } from './blocks.js';
import { ESCALATION_WORDING, type SurenessBand } from './escalation-wording.js';
import type { TriageResult } from '../contracts/triage.js';
import { clip, escapeMrkdwn } from './slack-text.js';
import { WORDING } from './wording.js';

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/** Action ids and callback ids of the escalation's buttons and modals. */
export const ESCALATION_ACTIONS = {
  claim: 'escalation_claim',
  transcript: 'escalation_transcript',
  resolve: 'escalation_resolve',
  takeOver: 'escalation_take_over',
  approve: 'escalation_approve',
} as const;
export const ESCALATION_CALLBACKS = { resolveModal: 'hearken_resolve' } as const;
export const RESOLVE_INPUTS = { type: 'resolution_type', text: 'resolution_text' } as const;
/** Metadata on every post Hearken makes about a complaint, so Hearken never takes one of its own posts for an agent's. */
export const POST_EVENT_TYPE = 'hearken_escalation';

/** Slack user ids in the complaint's history are `slack:<user id>`. */
export const SLACK_ACTOR_PREFIX = 'slack:';
export const actorOf = (slackUser: string) => `${SLACK_ACTOR_PREFIX}${slackUser}`;
export const slackUserOf = (actor: string) => (actor.startsWith(SLACK_ACTOR_PREFIX) ? actor.slice(SLACK_ACTOR_PREFIX.length) : undefined);

/** An owner as mrkdwn: a mention for a Slack user, the queue's name for a queue. */
export function ownerText(owner: string, locale: Locale): string {
  const user = slackUserOf(owner);
  if (user) return `<@${user}>`;
  return isQueueOwner(owner) ? ESCALATION_WORDING[locale].unclaimed(escapeMrkdwn(owner)) : escapeMrkdwn(owner);
}

/** A time Slack shows in each reader's own time zone, with a UTC fallback. */
export function slackDate(iso: string): string {
  const unix = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')}>`;
}

/** The link to a thread, from the workspace address auth.test gave (https://acme.slack.com/). */
export function threadLink(workspaceUrl: string | undefined, channel: string, ts: string): string | undefined {
  if (!workspaceUrl) return undefined;
  return `${workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`}archives/${channel}/p${ts.replace('.', '')}`;
}

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max), emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: clip(text, BLOCK_KIT_LIMITS.text) });
const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [mrkdwn(text)] });
const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button', text: plain(text, BLOCK_KIT_LIMITS.buttonText), action_id: actionId, value, ...(style ? { style } : {}),
});
/** Text as a mrkdwn quote, escaped, every line quoted. */
const quote = (text: string, max = 2500) => clip(text, max).split('\n').map((line) => `> ${escapeMrkdwn(line)}`).join('\n');

export function deadlineText(kind: DeadlineKind, dueAt: string, locale: Locale): string {
  return `${ESCALATION_WORDING[locale].deadlineKind[kind]} · ${slackDate(dueAt)}`;
}

/** The post in the escalation channel that opens a complaint's thread, and (chat.update) its later state. */
export function escalationPost(record: ComplaintRecord, reason: 'escalation' | 'customer_request', locale: Locale = record.locale): SlackMessage {
  const w = ESCALATION_WORDING[locale];
  const t = record.triage;
  const fields: string[] = [];
  if (t) {
    fields.push(`*${w.intent}*\n${t.intent.label}`, `*${w.category}*\n${t.category.label}`, `*${w.emotion}*\n${t.emotion.label} ${t.emotion.intensity.toFixed(2)}`);
    if (t.escalate.reasons.length > 0) fields.push(`*${w.escalationReasons}*\n${t.escalate.reasons.join(', ')}`);
    if (t.motive) fields.push(`*${w.motive}*\n${motiveText(t.motive, locale)}`);
  } else {
    fields.push(`*${w.category}*\n${record.category}`);
  }
  const due = currentDeadline(record);
  fields.push(`*${w.deadline}*\n${due ? deadlineText(due.kind, due.dueAt, locale) : w.noDeadline}`, `*${w.owner}*\n${ownerText(record.owner, locale)}`);
  const facts = record.facts.filter((f) => f.value.trim() !== '');
  const factLines = facts.length > 0
    ? facts.slice(0, 20).map((f) => `• ${escapeMrkdwn(f.key)}: ${escapeMrkdwn(clip(f.value, 200))}`).join('\n')
    : `_${w.noFacts}_`;
  const words = record.description.startsWith('(the customer asked for a person') ? `_${w.noWords}_` : quote(record.description);
  const value = encodeValue({ c: record.id });
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(w.postTitle(record.id), 150) },
    context(`${w.reason[reason]} · ${w.status[record.status]}`),
    section(`*${w.customerWords}*\n${words}`),
    { type: 'section', fields: fields.slice(0, 10).map((f) => mrkdwn(clip(f, 2000))) },
    section(`*${w.facts}*\n${factLines}`),
    { type: 'actions', block_id: `escalation:${record.id}`, elements: [
      button(w.claim, ESCALATION_ACTIONS.claim, value, 'primary'),
      button(w.viewTranscript, ESCALATION_ACTIONS.transcript, value),
      button(w.resolve, ESCALATION_ACTIONS.resolve, value),
    ] },
  ];
  return { text: clip(`${w.postTitle(record.id)}: ${record.description}`, 300), blocks };
}

/** "venting: let them finish, and acknowledge before asking anything (likely, 72%)": the motive and how sure triage is, in words. */
export function motiveText(motive: NonNullable<TriageResult['motive']>, locale: Locale): string {
  const w = ESCALATION_WORDING[locale];
  const c = motive.confidence;
  const band: SurenessBand = c >= 0.8 ? 'sure' : c >= 0.6 ? 'likely' : c >= 0.4 ? 'possible' : 'guess';
  const sureness = w.sureness(band, Math.round(c * 100));
  return locale === 'en' ? `${w.motives[motive.label]} (${sureness})` : `${w.motives[motive.label]}（${sureness}）`;
}

/** A customer's message, posted into the complaint's thread. */
export function customerMessagePost(text: string, locale: Locale): SlackMessage {
  const w = ESCALATION_WORDING[locale];
  return { text: clip(`${w.customerSaid.replace(/\*/g, '')} ${text}`, 300), blocks: [section(`${w.customerSaid}\n${quote(text, 2800)}`)] };
}

/** A short message already in mrkdwn (mentions allowed; callers escape what people wrote). */
export function mrkdwnMessage(text: string, extra: KnownBlock[] = []): SlackMessage {
  return { text: clip(text.replace(/[*_]/g, ''), 300), blocks: [section(text), ...extra] };
}

/** "X owns it: take it over?" with the button that confirms. */
export function takeOverQuestion(record: ComplaintRecord, owner: string, locale: Locale, changed = false): SlackMessage {
  const w = ESCALATION_WORDING[locale];
  const text = changed ? w.ownerChanged(ownerText(owner, locale), record.id) : w.ownedBy(ownerText(owner, locale), record.id);
  return mrkdwnMessage(text, [{ type: 'actions', block_id: `take_over:${record.id}`, elements: [button(w.takeOver, ESCALATION_ACTIONS.takeOver, encodeValue({ c: record.id, o: owner }), 'danger')] }]);
}

/** A resolution waiting for a supervisor, with the Approve button. */
export function approvalRequest(record: ComplaintRecord, who: string, locale: Locale): SlackMessage {
  const w = ESCALATION_WORDING[locale];
  const resolution = record.resolution;
  const type = resolution && resolution.type !== 'rejected' ? w.resolutionTypes[resolution.type] : (resolution?.type ?? '');
  return mrkdwnMessage(w.awaitingApproval(who, record.id, type, escapeMrkdwn(clip(resolution?.detail ?? '', 1500))), [
    { type: 'actions', block_id: `approve:${record.id}`, elements: [button(w.approve, ESCALATION_ACTIONS.approve, encodeValue({ c: record.id }), 'primary')] },
  ]);
}

const RESOLUTION_TYPES: Array<Exclude<ResolutionType, 'rejected'>> = ['refund', 'replacement', 'repair', 'discount', 'compensation', 'apology', 'explanation'];

/** The Resolve modal: what was done, and what the customer is told (checked on submit). */
export function resolveModal(record: ComplaintRecord, metadata: ResolveMetadata): types.ModalView {
  const w = ESCALATION_WORDING[metadata.l];
  const option = (type: Exclude<ResolutionType, 'rejected'>) => ({ text: plain(w.resolutionTypes[type], 75), value: type });
  const wanted = RESOLUTION_TYPES.find((t) => t === record.desiredResolution);
  return {
    type: 'modal',
    callback_id: ESCALATION_CALLBACKS.resolveModal,
    title: plain(w.resolveTitle, BLOCK_KIT_LIMITS.modalTitle),
    submit: plain(w.resolve, BLOCK_KIT_LIMITS.modalButton),
    close: plain(WORDING[metadata.l].cancel, BLOCK_KIT_LIMITS.modalButton),
    private_metadata: encodeValue(metadata),
    blocks: [
      context(`*${record.id}* · ${escapeMrkdwn(clip(record.subject, 200))}`),
      {
        type: 'input', block_id: RESOLVE_INPUTS.type, label: plain(w.resolutionType, 2000),
        element: { type: 'static_select', action_id: RESOLVE_INPUTS.type, options: RESOLUTION_TYPES.map(option), ...(wanted ? { initial_option: option(wanted) } : {}) },
      },
      {
        type: 'input', block_id: RESOLVE_INPUTS.text, label: plain(w.resolutionText, 2000), hint: plain(w.resolutionHint, 2000),
        element: { type: 'plain_text_input', action_id: RESOLVE_INPUTS.text, multiline: true, max_length: 2000 },
      },
    ],
  };
}

/** Most messages a transcript modal shows (each a block; the newest are kept). */
const TRANSCRIPT_MESSAGES = 90;

export function transcriptModal(complaintId: string, messages: readonly TranscriptMessage[], locale: Locale): types.ModalView {
  const w = ESCALATION_WORDING[locale];
  const shown = messages.slice(-TRANSCRIPT_MESSAGES);
  const blocks: KnownBlock[] = [context(`*${complaintId}*`)];
  if (messages.length > shown.length) blocks.push(context(w.earlierMessages(messages.length - shown.length)));
  if (messages.length === 0) blocks.push(section(`_${w.transcriptEmpty}_`));
  for (const m of shown) {
    const who = m.role === 'agent' && typeof m.meta?.author === 'string' && slackUserOf(m.meta.author) ? `<@${slackUserOf(m.meta.author)}>` : w.role[m.role];
    blocks.push(section(`*${who}* · ${slackDate(m.at)}\n${escapeMrkdwn(clip(m.text, 2800))}`));
  }
  return { type: 'modal', title: plain(w.transcriptTitle, BLOCK_KIT_LIMITS.modalTitle), close: plain('OK', BLOCK_KIT_LIMITS.modalButton), blocks };
}

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

/** The App Home: the viewer's open complaints; for supervisors, today's figures as well. */
export function escalationHome(options: {
  locale: Locale;
  mine: readonly OpenComplaint[];
  workspaceUrl?: string;
  report?: SupervisorReport;
}): types.HomeView {
  const w = ESCALATION_WORDING[options.locale];
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(w.homeMine, 150) }];
  if (options.mine.length === 0) blocks.push(section(`_${w.homeNoneOpen}_`));
  // A home tab holds 100 blocks; the report needs about ten.
  for (const c of options.mine.slice(0, 60)) {
    const link = c.thread ? threadLink(options.workspaceUrl, c.thread.channel, c.thread.threadTs) : undefined;
    const due = c.deadline ? `${c.deadline.overdue ? `*⏰ ${w.overdue}* · ` : ''}${deadlineText(c.deadline.kind, c.deadline.dueAt, options.locale)}` : w.noDeadline;
    blocks.push(section(`*${c.record.id}* · ${escapeMrkdwn(clip(c.record.subject, 120))}\n${due}${link ? ` · <${link}|${w.openThread}>` : ''}`));
  }
  if (options.mine.length > 60) blocks.push(context(`…+${options.mine.length - 60}`));
  const report = options.report;
  if (report) {
    const list = (rows: ReadonlyArray<{ key: string; count: number }>) => (rows.length > 0 ? rows.slice(0, 15).map((r) => `• \`${escapeMrkdwn(r.key)}\` ${r.count}`).join('\n') : `_${w.homeNothing}_`);
    blocks.push(
      { type: 'divider' },
      { type: 'header', text: plain(`${w.homeToday} (${report.day})`, 150) },
      section(`${w.homeBlocks(report.blocks, report.checks)}\n${list(report.blocksByRule.map((r) => ({ key: r.ruleId, count: r.count })))}`),
      section(`${w.homeDisagreements}\n${list(report.disagreementsByRule.map((r) => ({ key: r.ruleId, count: r.count })))}`),
      section(w.homeSuggestions(report.suggestions.accepted, report.suggestions.offered, percent(report.suggestions.rate))),
      section(`${w.homeComplaints(report.complaintsByCategory.reduce((n, c) => n + c.count, 0))}\n${list(report.complaintsByCategory.map((c) => ({ key: c.category, count: c.count })))}`),
    );
  }
  blocks.push({ type: 'divider' }, context(w.homeHowTo));
  return { type: 'home', blocks };
}
