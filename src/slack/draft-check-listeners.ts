/**
 * The draft-check listeners: `/hearken <draft>`, the "Check with Hearken" message shortcut,
 * the buttons on an answer (use a suggestion, fix all, edit, this block is wrong) and the two
 * modals. Each acknowledges first and does the slow part (guard, audit, Web API) afterwards, so
 * Slack's 3-second limit never depends on the database. Answers are ephemeral: only the agent sees them.
 */
import type { App, BlockAction, ButtonAction, SlackViewAction, webApi } from '@slack/bolt';
import type { Locale } from '../contracts/complaint.js';
import { DraftCheckInputError, draftLocale, type CheckOrigin, type DraftCheckService } from '../desk/index.js';
import { GuardAuditNotFoundError } from '../store/errors.js';
import {
  decodeValue, DisagreeMetadata, DisagreeValue, DraftValue, EditMetadata, UseSuggestionValue,
} from './action-values.js';
import { ACTIONS, CALLBACKS, checkMessage, disagreeModal, editModal, INPUTS, noticeMessage, usageMessage } from './blocks.js';
import { afterAcker } from './after-ack.js';
import { answerer, type AnswerTarget } from './answer.js';
import { plainTextFromSlack } from './slack-text.js';
import { WORDING } from './wording.js';

/** `/hearken resolve C-…`, handed over by the command listener (the escalation listeners register it). */
export interface ResolveCommand {
  complaintId: string;
  user: string;
  team?: string;
  channel: string;
  triggerId: string;
  responseUrl: string;
  client: webApi.WebClient;
}

export interface ListenerDeps {
  desk: DraftCheckService;
  log: (message: string) => void;
  /** Handles `/hearken resolve C-YYYYMMDD-NNNN`; without it, that text is checked as a draft. */
  resolveCommand?: (command: ResolveCommand) => Promise<void>;
}

/** `resolve` and a complaint id, nothing else: anything longer is a draft that happens to start with the word. */
const RESOLVE_COMMAND = /^\s*resolve\s+(C-\d{8}-\d{4,})\s*$/i;

/** Errors the agent can act on are shown as they are; anything else is logged and named vaguely. */
function reasonFor(error: unknown): string {
  if (error instanceof DraftCheckInputError || error instanceof GuardAuditNotFoundError) return error.message;
  if (error instanceof Error && /^the (button value|modal's metadata)/.test(error.message)) return error.message;
  return 'an internal error (logged on the Hearken server); try again in a moment';
}

export function registerDraftCheckListeners(app: App, { desk, log, resolveCommand }: ListenerDeps): void {
  const answer = answerer(log);

  const afterAck = afterAcker(log, answer, reasonFor);

  const slackOrigin = (user: string, team: string | undefined): CheckOrigin => ({ by: user, channel: 'slack', ...(team ? { team } : {}) });

  async function checkAndAnswer(client: webApi.WebClient, target: AnswerTarget, origin: CheckOrigin, rawText: string): Promise<void> {
    const draft = plainTextFromSlack(rawText).trim();
    if (draft === '' || /^help$/i.test(draft)) return answer(client, target, usageMessage());
    const locale = draftLocale(draft);
    await afterAck('checking a draft', client, target, locale, async () => {
      const outcome = await desk.checkDraft({ draft, ...origin });
      await answer(client, target, checkMessage({ outcome, kind: 'check' }));
    });
  }

  app.command('/hearken', async ({ command, ack, client }) => {
    await ack();
    const resolve = RESOLVE_COMMAND.exec(command.text ?? '');
    if (resolve && resolveCommand) {
      await resolveCommand({
        complaintId: resolve[1]!.toUpperCase(), user: command.user_id, ...(command.team_id ? { team: command.team_id } : {}),
        channel: command.channel_id, triggerId: command.trigger_id, responseUrl: command.response_url, client,
      });
      return;
    }
    const target = { responseUrl: command.response_url, channel: command.channel_id, user: command.user_id };
    await checkAndAnswer(client, target, slackOrigin(command.user_id, command.team_id), command.text ?? '');
  });

  app.shortcut({ callback_id: CALLBACKS.shortcut, type: 'message_action' }, async ({ shortcut, ack, client }) => {
    await ack();
    const target = { responseUrl: shortcut.response_url, channel: shortcut.channel.id, user: shortcut.user.id };
    const text = shortcut.message.text ?? '';
    if (plainTextFromSlack(text).trim() === '') {
      await answer(client, target, noticeMessage(`${WORDING.en.noText} ${WORDING['zh-Hans'].noText}`));
      return;
    }
    await checkAndAnswer(client, target, slackOrigin(shortcut.user.id, shortcut.team?.id ?? shortcut.user.team_id), text);
  });

  const actionTarget = (body: BlockAction): AnswerTarget => ({
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
    ...(body.channel?.id ? { channel: body.channel.id } : {}),
    user: body.user.id,
  });
  const actionOrigin = (body: BlockAction) => slackOrigin(body.user.id, body.team?.id ?? body.user.team_id);

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTIONS.useSuggestion}:`), async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    await afterAck('applying a suggestion', client, target, localeOf(action.value), async () => {
      const value = decodeValue(UseSuggestionValue, action.value, 'button value');
      const outcome = await desk.applyEdit({ auditId: value.a, edit: { range: [value.s, value.e], text: value.t }, ...actionOrigin(body) });
      await answer(client, target, checkMessage({ outcome, kind: 'suggestion' }), true);
    });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.fixAll, async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    const locale = localeOf(action.value);
    await afterAck('fixing all findings', client, target, locale, async () => {
      const value = decodeValue(DraftValue, action.value, 'button value');
      const outcome = await desk.fixAll({ auditId: value.a, ...actionOrigin(body) });
      await answer(client, target, checkMessage({ outcome, kind: 'fixAll', applied: outcome.applied }), true);
    });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.edit, async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    const locale = localeOf(action.value);
    await afterAck('opening the editor', client, target, locale, async () => {
      const value = decodeValue(DraftValue, action.value, 'button value');
      if (!body.response_url) throw new Error('the button came without a response_url; run the check again');
      const earlier = await desk.recall(value.a);
      await client.views.open({ trigger_id: body.trigger_id, view: editModal(earlier.draft, { a: value.a, l: value.l, u: body.response_url }) });
    });
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTIONS.disagree}:`), async ({ action, body, ack, client }) => {
    await ack();
    const target = actionTarget(body);
    const locale = localeOf(action.value);
    await afterAck('opening "this block is wrong"', client, target, locale, async () => {
      const value = decodeValue(DisagreeValue, action.value, 'button value');
      if (!body.response_url) throw new Error('the button came without a response_url; run the check again');
      await client.views.open({ trigger_id: body.trigger_id, view: disagreeModal({ a: value.a, r: value.r, l: value.l, u: body.response_url }) });
    });
  });

  app.view<SlackViewAction>(CALLBACKS.editModal, async ({ view, body, ack, client }) => {
    const draft = view.state.values[INPUTS.draft]?.[INPUTS.draft]?.value ?? '';
    let metadata: EditMetadata;
    try { metadata = decodeValue(EditMetadata, view.private_metadata, "modal's metadata"); } catch (error) {
      await ack({ response_action: 'errors', errors: { [INPUTS.draft]: (error as Error).message } });
      return;
    }
    if (draft.trim() === '') {
      await ack({ response_action: 'errors', errors: { [INPUTS.draft]: WORDING[metadata.l].emptyDraft } });
      return;
    }
    await ack();
    const target = { responseUrl: metadata.u, user: body.user.id };
    await afterAck('checking an edited draft', client, target, metadata.l, async () => {
      const outcome = await desk.checkRevision({ auditId: metadata.a, draft, ...slackOrigin(body.user.id, body.team?.id ?? body.user.team_id) });
      await answer(client, target, checkMessage({ outcome, kind: 'edit' }), true);
    });
  });

  app.view<SlackViewAction>(CALLBACKS.disagreeModal, async ({ view, body, ack, client }) => {
    const reason = view.state.values[INPUTS.reason]?.[INPUTS.reason]?.value ?? '';
    let metadata: DisagreeMetadata;
    try { metadata = decodeValue(DisagreeMetadata, view.private_metadata, "modal's metadata"); } catch (error) {
      await ack({ response_action: 'errors', errors: { [INPUTS.reason]: (error as Error).message } });
      return;
    }
    if (reason.trim() === '') {
      await ack({ response_action: 'errors', errors: { [INPUTS.reason]: WORDING[metadata.l].emptyReason } });
      return;
    }
    await ack();
    const target = { responseUrl: metadata.u, user: body.user.id };
    await afterAck('recording a disagreement', client, target, metadata.l, async () => {
      await desk.recordDisagreement({ auditId: metadata.a, ruleId: metadata.r, reason, by: body.user.id });
      await answer(client, target, noticeMessage(WORDING[metadata.l].disagreementRecorded(metadata.r)));
    });
  });
}

/** The language a button carries, for error messages before the value is fully parsed. */
function localeOf(raw: string | undefined): Locale {
  try {
    const l = (JSON.parse(raw ?? '') as { l?: unknown }).l;
    return l === 'zh-Hans' || l === 'zh-Hant' ? l : 'en';
  } catch {
    return 'en';
  }
}
