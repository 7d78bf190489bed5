import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { ComplaintDraft } from '../draft.js';
import { draftFacts } from '../draft.js';
import type { HandoffReason } from '../ports.js';
import { formatDate, localeOf, textAt, type BotServices } from '../services.js';
import { sendClosingMessage } from '../closing-message.js';

export const HANDOFF_DIALOG = 'handoff';

export interface HandoffOptions { reason: HandoffReason; draft?: ComplaintDraft }
export interface HandoffResult { handedOff: boolean; complaintId?: string }

/**
 * Hands the conversation to a person at once: records a major complaint with
 * a handoff event (the Slack side opens an escalation thread from it), tells
 * the customer when a supervisor will contact them, and marks the
 * conversation as human-held so the bot stays quiet.
 */
export class HandoffDialog extends Dialog<HandoffOptions> {
  constructor(private readonly services: BotServices) {
    super(HANDOFF_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: HandoffOptions): Promise<DialogTurnResult> {
    const reason = options?.reason ?? 'customer_request';
    const draft = options?.draft;
    const locale = await localeOf(dc.context, this.services);
    const wording = this.services.wording[locale];
    try {
      const ticket = await this.services.desk.requestHandoff({
        locale,
        reason,
        story: draft?.story ?? '',
        ...(draft?.triage ? { triage: draft.triage } : {}),
        facts: draft ? draftFacts(draft) : [],
        ...(draft?.contact ? { contact: draft.contact } : {}),
        conversationId: dc.context.activity.conversation.id,
      });
      await this.services.handoffState.set(dc.context, { active: true, complaintId: ticket.complaintId, since: this.services.clock().toISOString() });
      await sendClosingMessage(dc.context, this.services, {
        complaintId: ticket.complaintId, promisedBy: ticket.contactBy, kind: 'handoff',
        text: textAt(wording, reason === 'escalation' ? 'handoff.escalation' : 'handoff.request', {
          time: formatDate(ticket.contactBy, locale, this.services.timeZone), id: ticket.complaintId,
        }),
      });
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
