import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { ContactDetail } from '../ports.js';
import { formatDate, localeOf, wordingOf, ownerName, textAt, type BotServices, values } from '../services.js';
import { ASK_DIALOG, type AskOptions } from './ask.js';
import { CancelAndHelpDialog, type RestartOptions } from './cancel-and-help.js';

export const STATUS_DIALOG = 'checkStatus';
const STATUS_STEPS = 'checkStatus.steps';

export interface StatusOptions extends RestartOptions {
  /** An id the customer already typed ("where is my complaint C-20261123-0001?"). */
  complaintId?: string;
  attempts?: number;
}
export interface StatusResult { shown: boolean; complaintId?: string }

/**
 * Shows a complaint's status and next deadline, but only to someone who can
 * give the phone or email on it. A wrong pair gets the same answer whichever
 * half is wrong, and after a few tries the customer is offered a person. Wrong
 * pairs are counted per conversation and per complaint id (see StatusGuessCounter):
 * past either limit the contact detail is not even checked.
 */
export class StatusDialog extends CancelAndHelpDialog {
  constructor(services: BotServices) {
    super(STATUS_DIALOG, services);
    this.addDialog(new WaterfallDialog(STATUS_STEPS, [
      this.askComplaintId.bind(this), this.askContact.bind(this), this.showStatus.bind(this),
    ]));
    this.initialDialogId = STATUS_STEPS;
  }

  private async askComplaintId(step: WaterfallStepContext<StatusOptions>): Promise<DialogTurnResult> {
    values(step).attempts = step.options?.attempts ?? 0;
    if (await this.lockedOut(step)) {
      const wording = await wordingOf(step.context, this.services);
      await step.context.sendActivity(wording.status.tooMany);
      return step.endDialog({ shown: false } satisfies StatusResult);
    }
    const known = step.options?.restarted ? undefined : step.options?.complaintId;
    if (known) return step.next(known);
    return step.beginDialog(ASK_DIALOG, { prompt: 'status.askId', retry: 'status.idRetry', expect: { kind: 'complaint_id' } } satisfies AskOptions);
  }

  private async askContact(step: WaterfallStepContext<StatusOptions>): Promise<DialogTurnResult> {
    values(step).complaintId = step.result as string;
    return step.beginDialog(ASK_DIALOG, { prompt: 'status.askContact', retry: 'status.contactRetry', expect: { kind: 'contact' } } satisfies AskOptions);
  }

  private async lockedOut(step: WaterfallStepContext): Promise<boolean> {
    return (await this.services.statusFailures.get(step.context, 0)) >= this.services.flows.status.maxFailuresPerConversation;
  }

  private async showStatus(step: WaterfallStepContext<StatusOptions>): Promise<DialogTurnResult> {
    const complaintId = values(step).complaintId as string;
    const contact = step.result as ContactDetail;
    const locale = await localeOf(step.context, this.services);
    const wording = await wordingOf(step.context, this.services);
    const limits = this.services.flows.status;
    if (await this.services.statusGuesses.failures(complaintId) >= limits.maxFailuresPerComplaint) {
      await step.context.sendActivity(wording.status.tooMany);
      return step.endDialog({ shown: false } satisfies StatusResult);
    }
    const view = await this.services.desk.status(complaintId, contact);
    if (!view) {
      const attempts = (values(step).attempts as number) + 1;
      await this.services.statusFailures.set(step.context, (await this.services.statusFailures.get(step.context, 0)) + 1);
      const complaintFailures = await this.services.statusGuesses.recordFailure(complaintId);
      if (complaintFailures === limits.maxFailuresPerComplaint) {
        this.services.logger.warn('status checks for this complaint are paused: too many wrong contact details', {
          complaintId, failures: complaintFailures, hours: limits.complaintLockHours,
        });
      }
      if (attempts >= limits.maxAttempts || await this.lockedOut(step) || complaintFailures >= limits.maxFailuresPerComplaint) {
        await step.context.sendActivity(wording.status.tooMany);
        return step.endDialog({ shown: false } satisfies StatusResult);
      }
      await step.context.sendActivity(wording.status.notFound);
      return step.replaceDialog(STATUS_STEPS, { attempts } satisfies StatusOptions);
    }
    const vars = { id: view.id, status: wording.status.names[view.status], owner: ownerName(view.owner, wording) };
    await step.context.sendActivity(view.nextDeadline
      ? textAt(wording, 'status.result', { ...vars, date: formatDate(view.nextDeadline, locale, this.services.timeZone) })
      : textAt(wording, 'status.closed', vars));
    return step.endDialog({ shown: true, complaintId: view.id } satisfies StatusResult);
  }
}
