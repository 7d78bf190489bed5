/**
 * Agents working a handed-over complaint in its escalation thread: the post's buttons (Claim,
 * View transcript, Resolve), "Take over" and "Approve", the Resolve modal and
 * `/hearken resolve C-…`, "Send to customer" on a revised reply, agents' replies in the thread
 * (checked by the guard; blocked ones come back only to the agent, with part 1's findings,
 * Fix all and Edit), and the App Home. Buttons and commands acknowledge first; events are
 * acknowledged by Bolt before they are handled.
 */
import type { App, BlockAction, ButtonAction, SlackViewAction, webApi } from '@slack/bolt';
import type { ComplaintRecord, Locale } from '../contracts/complaint.js';
import { localeFromChannel } from '../contracts/chat.js';
import { ResolutionTypeSchema } from '../contracts/complaint.js';
import { ComplaintRuleError } from '../complaints/index.js';
import type { AgentRef, DraftCheckService, EscalationDesk, ResolveOutcome, SupervisorReport } from '../desk/index.js';
import { ComplaintNotFoundError } from '../store/errors.js';
import { ComplaintValue, decodeValue, ResolveMetadata, SendValue, TakeOverValue } from './action-values.js';
import { afterAcker } from './after-ack.js';
import { answerer, type AnswerTarget } from './answer.js';
import { ACTIONS, checkMessage, type SlackMessage } from './blocks.js';
import {
  actorOf, approvalRequest, ESCALATION_ACTIONS, ESCALATION_CALLBACKS, escalationHome, mrkdwnMessage, ownerText, POST_EVENT_TYPE,
  RESOLVE_INPUTS, resolveModal, takeOverQuestion, transcriptModal,
} from './escalation-blocks.js';
import { postInThread, updateRootPost } from './escalation-thread.js';
import { ESCALATION_WORDING } from './escalation-wording.js';
import type { ResolveCommand } from './draft-check-listeners.js';
import { clip, escapeMrkdwn, plainTextFromSlack } from './slack-text.js';
import { WORDING } from './wording.js';

export interface EscalationListenerDeps {
  desk: EscalationDesk;
  draftCheck: Pick<DraftCheckService, 'recall'>;
  /** SLACK_ESCALATION_CHANNEL: replies in threads there go to customers. */
  channel: string;
  /** SLACK_SUPERVISORS: who approves resolutions and sees today's figures on the App Home. */
  supervisors: readonly string[];
  /** Today's figures for supervisors. */
  report: () => Promise<SupervisorReport>;
  workspaceUrl: () => string | undefined;
  log: (message: string) => void;
}

export interface EscalationListeners {
  /** For the draft-check listeners: `/hearken resolve C-…`. */
  resolveCommand: (command: ResolveCommand) => Promise<void>;
  /** The App Home of a user. */
  publishHome: (client: webApi.WebClient, user: string) => Promise<void>;
}

/** Errors an agent can act on are shown as they are; anything else is logged and named vaguely. */
function reasonFor(error: unknown): string {
  if (error instanceof ComplaintRuleError || error instanceof ComplaintNotFoundError) return error.message;
  if (error instanceof Error && /^the (button value|modal's metadata)/.test(error.message)) return error.message;
  return 'an internal error (logged on the Hearken server); try again in a moment';
}

export function registerEscalationListeners(app: App, deps: EscalationListenerDeps): EscalationListeners {
  const { desk, log } = deps;
  const answer = answerer(log);
  const agentOf = (user: string, team: string | undefined): AgentRef => ({ actor: actorOf(user), channel: 'slack', ...(team ? { team } : {}) });
  const mention = (user: string) => `<@${user}>`;
  const isSupervisor = (user: string) => deps.supervisors.includes(user);

  const afterAck = afterAcker(log, answer, reasonFor);

  /** Tells the thread and refreshes the post that opened it; a Slack failure here is logged, the change is stored already. */
  async function announce(client: webApi.WebClient, record: ComplaintRecord, message: SlackMessage | undefined): Promise<void> {
    const thread = await desk.threadOf(record.id);
    if (!thread) return;
    try {
      if (message) await postInThread(client, thread, message);
      await updateRootPost(client, thread, record);
    } catch (error) {
      log(`slack: telling the thread of ${record.id} failed: ${(error as Error).message}`);
    }
  }

  const complaintOrThrow = async (complaintId: string): Promise<ComplaintRecord> => {
    const record = await desk.complaint(complaintId);
    if (!record) throw new ComplaintNotFoundError(complaintId);
    return record;
  };

  /** After a resolve or an approval: the thread hears of it, the agent of anything else. */
  async function afterResolve(client: webApi.WebClient, target: AnswerTarget, outcome: ResolveOutcome, user: string): Promise<void> {
    const w = ESCALATION_WORDING[outcome.record.locale];
    switch (outcome.outcome) {
      case 'resolved':
        await announce(client, outcome.record, mrkdwnMessage(w.resolved(mention(user), outcome.record.id, escapeMrkdwn(clip(outcome.check.draft, 1500)))));
        return;
      case 'awaiting_approval':
        await announce(client, outcome.record, approvalRequest(outcome.record, mention(user), outcome.record.locale));
        return;
      case 'blocked':
        await answer(client, target, withHeading(w.notSent, checkMessage({ outcome: outcome.check, kind: 'check' })));
        return;
      case 'not_owner':
        await answer(client, target, mrkdwnMessage(w.resolveNotOwner(ownerText(outcome.owner, outcome.record.locale), outcome.record.id)));
        return;
      case 'not_awaiting_approval':
        await answer(client, target, mrkdwnMessage(w.notAwaitingApproval(outcome.record.id)));
        return;
      case 'finished':
        await answer(client, target, mrkdwnMessage(w.finished(outcome.record.id, w.status[outcome.record.status])));
        return;
      case 'no_conversation':
        await answer(client, target, mrkdwnMessage(w.noConversation(outcome.record.id)));
    }
  }

  // ── an agent's reply in a thread ──────────────────────────────────────────────
  app.event('message', async ({ event, body, client }) => {
    const m = event as { channel?: string; user?: string; text?: string; ts?: string; thread_ts?: string; metadata?: { event_type?: string } };
    // Bots, Hearken itself and subtypes were dropped before (channel.ts); Hearken's own posts carry its metadata.
    if (!m.channel || !m.user || !m.ts || !m.thread_ts || m.thread_ts === m.ts || m.metadata?.event_type === POST_EVENT_TYPE) return;
    // Only the threads Hearken opened (recorded with the channel id Slack answered with) go to customers.
    const thread = await desk.threadAt(m.channel, m.thread_ts);
    if (!thread) return;
    const text = plainTextFromSlack(m.text ?? '').trim();
    if (text === '') return;
    const team = typeof body.team_id === 'string' ? body.team_id : undefined;
    const target: AnswerTarget = { channel: m.channel, user: m.user, threadTs: m.thread_ts };
    const record = await desk.complaint(thread.complaintId);
    const locale = record?.locale ?? 'en';
    const w = ESCALATION_WORDING[locale];
    await afterAck('relaying a reply from the thread', client, target, locale, async () => {
      const outcome = await desk.reply({
        complaintId: thread.complaintId, agent: agentOf(m.user!, team), text,
        origin: { channel: m.channel!, user: m.user!, ts: m.ts!, threadTs: m.thread_ts! },
      });
      switch (outcome.outcome) {
        case 'queued':
          if (outcome.claimed) await announce(client, outcome.record, mrkdwnMessage(w.claimed(mention(m.user!), outcome.record.id)));
          return;
        case 'blocked':
          // Never relayed: only the agent sees why, with part 1's suggestions, Fix all and Edit.
          await answer(client, target, withHeading(w.notSent, checkMessage({ outcome: outcome.check, kind: 'check' })));
          return;
        case 'not_owner':
          await answer(client, target, mrkdwnMessage(w.notOwner(ownerText(outcome.owner, locale), outcome.record.id)));
          return;
        case 'finished':
          await answer(client, target, mrkdwnMessage(`${w.finished(outcome.record.id, w.status[outcome.record.status])} ${w.notSent.split('*')[1] ?? ''}`));
          return;
        case 'no_conversation':
          await answer(client, target, mrkdwnMessage(w.noConversation(outcome.record.id)));
      }
    });
  });

  // ── buttons ───────────────────────────────────────────────────────────────────
  const actionTarget = (body: BlockAction): AnswerTarget => ({
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
    ...(body.channel?.id ? { channel: body.channel.id } : {}),
    user: body.user.id,
    ...(body.container && 'thread_ts' in body.container && typeof body.container.thread_ts === 'string' ? { threadTs: body.container.thread_ts } : {}),
  });
  const actionAgent = (body: BlockAction) => agentOf(body.user.id, body.team?.id ?? body.user.team_id);

  app.action<BlockAction<ButtonAction>>(ESCALATION_ACTIONS.claim, async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    await afterAck('claiming a complaint', client, target, 'en', async () => {
      const { c } = decodeValue(ComplaintValue, action.value, 'button value');
      const outcome = await desk.claim(c, actionAgent(body));
      const w = ESCALATION_WORDING[outcome.record.locale];
      switch (outcome.outcome) {
        case 'claimed':
          await answer(client, target, mrkdwnMessage(w.youOwn(c)));
          await announce(client, outcome.record, mrkdwnMessage(w.claimed(mention(body.user.id), c)));
          return;
        case 'yours': await answer(client, target, mrkdwnMessage(w.alreadyYours(c))); return;
        case 'owned': await answer(client, target, takeOverQuestion(outcome.record, outcome.owner, outcome.record.locale)); return;
        case 'finished': await answer(client, target, mrkdwnMessage(w.finished(c, w.status[outcome.record.status])));
      }
    });
  });

  app.action<BlockAction<ButtonAction>>(ESCALATION_ACTIONS.takeOver, async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    await afterAck('taking a complaint over', client, target, 'en', async () => {
      const { c, o } = decodeValue(TakeOverValue, action.value, 'button value');
      const outcome = await desk.takeOver(c, actionAgent(body), o);
      const w = ESCALATION_WORDING[outcome.record.locale];
      switch (outcome.outcome) {
        case 'taken':
          await answer(client, target, mrkdwnMessage(w.youOwn(c)), true);
          await announce(client, outcome.record, mrkdwnMessage(w.tookOver(mention(body.user.id), ownerText(outcome.from, outcome.record.locale), c)));
          return;
        case 'yours': await answer(client, target, mrkdwnMessage(w.alreadyYours(c)), true); return;
        case 'changed': await answer(client, target, takeOverQuestion(outcome.record, outcome.owner, outcome.record.locale, true), true); return;
        case 'finished': await answer(client, target, mrkdwnMessage(w.finished(c, w.status[outcome.record.status])), true);
      }
    });
  });

  app.action<BlockAction<ButtonAction>>(ESCALATION_ACTIONS.transcript, async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    await afterAck('showing a transcript', client, target, 'en', async () => {
      const { c } = decodeValue(ComplaintValue, action.value, 'button value');
      const record = await complaintOrThrow(c);
      await client.views.open({ trigger_id: body.trigger_id, view: transcriptModal(c, await desk.transcript(c), record.locale) });
    });
  });

  app.action<BlockAction<ButtonAction>>(ESCALATION_ACTIONS.resolve, async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    await afterAck('opening Resolve', client, target, 'en', async () => {
      const { c } = decodeValue(ComplaintValue, action.value, 'button value');
      const record = await complaintOrThrow(c);
      await client.views.open({ trigger_id: body.trigger_id, view: resolveModal(record, { c, l: record.locale, ...(target.channel ? { ch: target.channel } : {}) }) });
    });
  });

  app.action<BlockAction<ButtonAction>>(ESCALATION_ACTIONS.approve, async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    await afterAck('approving a resolution', client, target, 'en', async () => {
      const { c } = decodeValue(ComplaintValue, action.value, 'button value');
      const record = await complaintOrThrow(c);
      const w = ESCALATION_WORDING[record.locale];
      const agent = actionAgent(body);
      if (deps.supervisors.length > 0 && !isSupervisor(body.user.id)) { await answer(client, target, mrkdwnMessage(w.onlySupervisors)); return; }
      if (record.owner === agent.actor) { await answer(client, target, mrkdwnMessage(w.ownProposal)); return; }
      await afterResolve(client, target, await desk.approve(c, agent), body.user.id);
    });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.send, async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    const value = (() => { try { return decodeValue(SendValue, action.value, 'button value'); } catch { return undefined; } })();
    await afterAck('sending a revised reply', client, target, value?.l ?? 'en', async () => {
      const { a } = decodeValue(SendValue, action.value, 'button value');
      const checked = await deps.draftCheck.recall(a);
      if (!checked.complaintId) throw new Error('the button value does not name a reply to a customer; run the check again');
      const outcome = await desk.reply({
        complaintId: checked.complaintId, agent: actionAgent(body), text: checked.draft,
        ...(target.channel ? { origin: { channel: target.channel, user: body.user.id, ...(target.threadTs ? { threadTs: target.threadTs } : {}) } } : {}),
      });
      const w = ESCALATION_WORDING[outcome.record.locale];
      switch (outcome.outcome) {
        case 'queued':
          await answer(client, target, mrkdwnMessage(`${w.sentAfterRevision}\n>${escapeMrkdwn(clip(outcome.check.draft, 2500))}`), true);
          if (outcome.claimed) await announce(client, outcome.record, mrkdwnMessage(w.claimed(mention(body.user.id), outcome.record.id)));
          return;
        case 'blocked': await answer(client, target, withHeading(w.notSent, checkMessage({ outcome: outcome.check, kind: 'check' })), true); return;
        case 'not_owner': await answer(client, target, mrkdwnMessage(w.notOwner(ownerText(outcome.owner, outcome.record.locale), outcome.record.id))); return;
        case 'finished': await answer(client, target, mrkdwnMessage(w.finished(outcome.record.id, w.status[outcome.record.status]))); return;
        case 'no_conversation': await answer(client, target, mrkdwnMessage(w.noConversation(outcome.record.id)));
      }
    });
  });

  // ── the Resolve modal ─────────────────────────────────────────────────────────
  app.view<SlackViewAction>(ESCALATION_CALLBACKS.resolveModal, async ({ view, body, ack, client }) => {
    let metadata: ResolveMetadata;
    try { metadata = decodeValue(ResolveMetadata, view.private_metadata, "modal's metadata"); } catch (error) {
      await ack({ response_action: 'errors', errors: { [RESOLVE_INPUTS.text]: (error as Error).message } });
      return;
    }
    const w = ESCALATION_WORDING[metadata.l];
    const values = view.state.values;
    const type = ResolutionTypeSchema.exclude(['rejected']).safeParse(values[RESOLVE_INPUTS.type]?.[RESOLVE_INPUTS.type]?.selected_option?.value);
    const text = (values[RESOLVE_INPUTS.text]?.[RESOLVE_INPUTS.text]?.value ?? '').trim();
    if (!type.success) { await ack({ response_action: 'errors', errors: { [RESOLVE_INPUTS.type]: w.resolutionType } }); return; }
    if (text === '') { await ack({ response_action: 'errors', errors: { [RESOLVE_INPUTS.text]: WORDING[metadata.l].emptyDraft } }); return; }
    const user = body.user.id;
    const target: AnswerTarget = { ...(metadata.ch ? { channel: metadata.ch } : {}), user };
    let outcome: ResolveOutcome;
    try {
      // Decided before the answer, so a blocked text or a refusal is shown in the modal itself.
      outcome = await desk.resolve({ complaintId: metadata.c, agent: agentOf(user, body.team?.id ?? body.user.team_id), resolution: { type: type.data, detail: text }, canApprove: isSupervisor(user) });
    } catch (error) {
      log(`slack: resolving ${metadata.c} failed: ${(error as Error).message}`);
      await ack({ response_action: 'errors', errors: { [RESOLVE_INPUTS.text]: clip(reasonFor(error), 150) } });
      return;
    }
    const refusal = refusalOf(outcome, metadata.l);
    if (refusal) { await ack({ response_action: 'errors', errors: { [RESOLVE_INPUTS.text]: refusal } }); return; }
    await ack();
    await afterAck('announcing a resolution', client, target, metadata.l, () => afterResolve(client, target, outcome, user));
  });

  /** Why the modal cannot close: shown under the text the agent typed. */
  function refusalOf(outcome: ResolveOutcome, locale: Locale): string | undefined {
    const w = ESCALATION_WORDING[locale];
    switch (outcome.outcome) {
      case 'blocked': {
        const findings = outcome.check.result.findings.filter((f) => f.severity === 'error');
        const advice = findings.map((f) => `${f.message}${f.suggestions[0] ? ` → ${f.suggestions[0]}` : ''}`).join(' · ');
        return clip(w.resolutionBlocked(advice), 1500);
      }
      case 'not_owner': return w.resolveNotOwner(outcome.owner.replace(/^slack:/, '@'), outcome.record.id);
      case 'finished': return w.finished(outcome.record.id, w.status[outcome.record.status]);
      case 'no_conversation': return w.noConversation(outcome.record.id);
      case 'not_awaiting_approval': return w.notAwaitingApproval(outcome.record.id);
      default: return undefined;
    }
  }

  return {
    async resolveCommand(command) {
      const target: AnswerTarget = { responseUrl: command.responseUrl, channel: command.channel, user: command.user };
      await afterAck('opening Resolve', command.client, target, 'en', async () => {
        const record = await desk.complaint(command.complaintId);
        if (!record) { await answer(command.client, target, mrkdwnMessage(ESCALATION_WORDING.en.unknownComplaint(command.complaintId))); return; }
        await command.client.views.open({ trigger_id: command.triggerId, view: resolveModal(record, { c: record.id, l: record.locale, ch: command.channel }) });
      });
    },

    async publishHome(client, user) {
      const locale = await userLocale(client, user, log);
      const [mine, report] = await Promise.all([desk.openComplaintsOf(actorOf(user)), isSupervisor(user) ? deps.report() : Promise.resolve(undefined)]);
      const workspaceUrl = deps.workspaceUrl();
      await client.views.publish({ user_id: user, view: escalationHome({ locale, mine, ...(workspaceUrl ? { workspaceUrl } : {}), ...(report ? { report } : {}) }) });
    },
  };
}

/** The heading ("Not sent to the customer") above a check's answer. */
function withHeading(heading: string, message: SlackMessage): SlackMessage {
  return { text: `${heading.replace(/\*/g, '')} ${message.text}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: heading } }, ...message.blocks] };
}

/** The viewer's language from their Slack locale (users.info); English when Slack does not say. */
async function userLocale(client: webApi.WebClient, user: string, log: (message: string) => void): Promise<Locale> {
  try {
    const info = await client.users.info({ user, include_locale: true });
    return localeFromChannel(info.user?.locale) ?? 'en';
  } catch (error) {
    log(`slack: users.info for ${user} failed (${(error as Error).message}); the Home tab is in English`);
    return 'en';
  }
}
