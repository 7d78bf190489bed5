import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DesiredResolution } from '../../contracts/complaint.js';
import type { EscalationReason } from '../../contracts/triage.js';
import type { TurnContext } from 'botbuilder';
import type { ComplaintDraft } from '../draft.js';
import { absorb, draftFacts, prefillFromTriage } from '../draft.js';
import { factsFor } from '../flows.js';
import type { HandoffReason } from '../ports.js';
import { formatDate, joinSentences, localeOf, textAt, understood, withButtons, wordingOf, type BotServices } from '../services.js';
import { sendClosingMessage } from '../closing-message.js';

export const HANDOFF_DIALOG = 'handoff';

export interface HandoffOptions {
  reason: HandoffReason;
  draft?: ComplaintDraft;
  /** Every reason found in what the customer said (triage of the story and of each message). */
  escalationReasons?: EscalationReason[];
}
export interface HandoffResult { handedOff: boolean; complaintId?: string }

/**
 * Hands the conversation to a person at once: records a major complaint with
 * a handoff event (the Slack side opens an escalation thread from it), with
 * what the customer wants, their name and contact details and every
 * escalation reason; gives the immediate safety advice first when safety is
 * one; tells the customer when a supervisor will contact them and, when there
 * is no way to reach them yet, asks for one in case they leave; about an order,
 * a delivery or a bill with no order number yet, asks for it once. Then the
 * conversation is human-held (index.ts acknowledges each message).
 */
export class HandoffDialog extends Dialog<HandoffOptions> {
  constructor(private readonly services: BotServices) {
    super(HANDOFF_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: HandoffOptions): Promise<DialogTurnResult> {
    const reason = options?.reason ?? 'customer_request';
    const draft = withStoryRead(dc.context, this.services, options?.draft);
    const locale = await localeOf(dc.context, this.services);
    const wording = await wordingOf(dc.context, this.services);
    const reasons = [...new Set([...(draft?.triage?.escalate.reasons ?? []), ...(options?.escalationReasons ?? [])])];
    try {
      const ticket = await this.services.desk.requestHandoff({
        locale,
        reason,
        story: draft?.story ?? '',
        ...(draft?.triage ? { triage: draft.triage } : {}),
        // Nothing was read back yet: the facts are as heard, not confirmed.
        facts: draft ? draftFacts(draft, false) : [],
        ...(draft?.contact ? { contact: draft.contact } : {}),
        ...(draft?.alsoContact ? { alsoContact: draft.alsoContact } : {}),
        ...(draft?.name ? { name: draft.name } : {}),
        desiredResolutions: wantedOf(draft),
        ...(reasons.length > 0 ? { escalationReasons: reasons } : {}),
        conversationId: dc.context.activity.conversation.id,
      });
      // Nobody knows yet what they want: asked while they wait, so the person starts with it.
      const askWant = wantedOf(draft).length === 0;
      await this.services.handoffState.set(dc.context, {
        active: true, complaintId: ticket.complaintId, since: this.services.clock().toISOString(), ...(askWant ? { askedWant: true } : {}),
      });
      const lines = [
        ...(reasons.includes('safety') ? [wording.handoff.safety] : []),
        textAt(wording, reason === 'escalation' ? 'handoff.escalation' : 'handoff.request', {
          time: formatDate(ticket.contactBy, locale, this.services.timeZone), id: ticket.complaintId,
        }),
        // A way to reach them if they leave, with their name; or just the name when the story gave the contact.
        ...(!draft?.contact ? [draft?.name ? wording.handoff.askContactNameKnown : wording.handoff.askContact]
          : draft.name ? [] : [wording.handoff.askName]),
        // About an order, a delivery or a bill and no number yet: asked once, here, so the person can look it up.
        ...(needsOrderNumber(this.services, draft) ? [wording.handoff.askOrder] : []),
      ];
      await sendClosingMessage(dc.context, this.services, {
        complaintId: ticket.complaintId, promisedBy: ticket.contactBy, kind: 'handoff',
        text: joinSentences(lines, locale),
      });
      if (askWant) {
        const labels = this.services.flows.resolutions.filter((r) => r !== 'other').map((r) => wording.resolution.choices[r].label);
        await dc.context.sendActivity(withButtons(wording.handoff.askWant, labels));
      }
      return dc.endDialog({ handedOff: true, complaintId: ticket.complaintId } satisfies HandoffResult);
    } catch (error) {
      this.services.logger.error('handoff failed; the customer was told to try again', {
        conversationId: dc.context.activity.conversation.id, reason, error: (error as Error).message,
      });
      await dc.context.sendActivity(wording.handoff.failed);
      return dc.endDialog({ handedOff: false } satisfies HandoffResult);
    }
  }
}

/**
 * A hand-over from the middle of the story (or from the message that asked for
 * a person) has not been read yet: the story is triaged and read like a
 * finished one, and the message that asked is read too, so the person gets the
 * order, date, contact, name and wanted outcome already said.
 */
function withStoryRead(ctx: TurnContext, services: BotServices, draft: ComplaintDraft | undefined): ComplaintDraft | undefined {
  if (!draft || draft.triage || !draft.story.trim()) return draft;
  const triage = services.triage(draft.story);
  const keys = factsFor(services.flows, triage.category.label);
  const read = absorb(draft, understood(ctx, services, { asked: 'story' }, draft.story), 'story', { prefill: true });
  const asking = ctx.activity.type === 'message' && ctx.activity.text && !draft.story.includes(ctx.activity.text)
    ? absorb(read, understood(ctx, services), undefined) : read;
  return prefillFromTriage(asking, triage, keys, services.flows);
}

/** The hand-over is about an order, delivery or bill (flows.yaml handoff.askOrderFor) and no order number was given or skipped. */
function needsOrderNumber(services: BotServices, draft: ComplaintDraft | undefined): boolean {
  const category = draft?.triage?.category.label;
  if (!draft || !category || !services.flows.handoff.askOrderFor.includes(category)) return false;
  return draft.facts.order_number === undefined && !(draft.skipped ?? []).includes('order_number');
}

/** What the customer wants, as they said it, else as triage heard it; nothing when neither knows. */
function wantedOf(draft: ComplaintDraft | undefined): DesiredResolution[] {
  const said = draft?.outcomes?.wanted ?? [];
  if (said.length > 0) return [...said];
  const guess = draft?.triage?.intent.label;
  return guess && guess !== 'unspecified' ? [guess] : [];
}
