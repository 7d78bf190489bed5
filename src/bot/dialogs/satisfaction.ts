import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { formatDate, localeOf, wordingOf, ownerName, textAt, type BotServices, values } from '../services.js';
import { sendClosingMessage } from '../closing-message.js';
import { ASK_DIALOG, type AskOptions, type ChoiceAnswer } from './ask.js';
import { CancelAndHelpDialog, type RestartOptions } from './cancel-and-help.js';

export const SATISFACTION_DIALOG = 'satisfaction';
const SATISFACTION_STEPS = 'satisfaction.steps';

export interface SatisfactionOptions extends RestartOptions { complaintId: string }
export interface SatisfactionResult { score: number; comment?: string; appealed: boolean }

/**
 * After a complaint is resolved: a 1–5 score, an optional comment, and, when
 * the customer is not satisfied, the offer of an appeal to someone else.
 */
export class SatisfactionDialog extends CancelAndHelpDialog {
  constructor(services: BotServices) {
    super(SATISFACTION_DIALOG, services);
    this.addDialog(new WaterfallDialog(SATISFACTION_STEPS, [
      this.askScore.bind(this), this.askComment.bind(this), this.recordAndOfferAppeal.bind(this),
      this.askAppealReason.bind(this), this.recordAppeal.bind(this),
    ]));
    this.initialDialogId = SATISFACTION_STEPS;
  }

  private async askScore(step: WaterfallStepContext<SatisfactionOptions>): Promise<DialogTurnResult> {
    values(step).complaintId = step.options.complaintId;
    return step.beginDialog(ASK_DIALOG, {
      prompt: 'satisfaction.ask', retry: 'satisfaction.retry', vars: { id: step.options.complaintId },
      expect: { kind: 'score' }, buttons: 'satisfaction.scores',
    } satisfies AskOptions);
  }

  private async askComment(step: WaterfallStepContext): Promise<DialogTurnResult> {
    values(step).score = step.result as number;
    return step.beginDialog(ASK_DIALOG, {
      prompt: 'satisfaction.askComment', retry: 'satisfaction.askComment',
      expect: { kind: 'choice', choices: [{ key: 'skip', path: 'satisfaction.skip' }], freeText: true },
    } satisfies AskOptions);
  }

  private async recordAndOfferAppeal(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as ChoiceAnswer;
    const comment = answer.choice === 'skip' ? undefined : answer.text;
    const score = values(step).score as number;
    values(step).comment = comment;
    const wording = await wordingOf(step.context, this.services);
    await this.services.desk.recordSatisfaction(values(step).complaintId as string, score, comment);
    if (score > this.services.flows.satisfaction.appealAtOrBelow) {
      await step.context.sendActivity(wording.satisfaction.thanks);
      return step.endDialog({ score, ...(comment ? { comment } : {}), appealed: false } satisfies SatisfactionResult);
    }
    await step.context.sendActivity(wording.satisfaction.sorry);
    return step.beginDialog(ASK_DIALOG, {
      prompt: 'appeal.offer', retry: 'appeal.choiceRetry',
      expect: { kind: 'choice', choices: [{ key: 'yes', path: 'appeal.yes' }, { key: 'no', path: 'appeal.no' }] },
    } satisfies AskOptions);
  }

  private async askAppealReason(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as ChoiceAnswer).choice === 'yes') {
      // They already said why they are unhappy: that is the appeal's reason, not asked again.
      const comment = values(step).comment as string | undefined;
      if (comment) return step.next(comment);
      return step.beginDialog(ASK_DIALOG, { prompt: 'appeal.askReason', retry: 'appeal.askReason', expect: { kind: 'free_text', minLength: 2 } } satisfies AskOptions);
    }
    const wording = await wordingOf(step.context, this.services);
    await step.context.sendActivity(wording.appeal.declined);
    return step.endDialog(this.result(step, false));
  }

  private async recordAppeal(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await localeOf(step.context, this.services);
    const wording = await wordingOf(step.context, this.services);
    const complaintId = values(step).complaintId as string;
    try {
      const outcome = await this.services.desk.appeal(complaintId, step.result as string);
      await sendClosingMessage(step.context, this.services, {
        complaintId: outcome.id, promisedBy: outcome.replyBy, kind: 'appeal',
        text: textAt(wording, 'appeal.done', {
          id: outcome.id, owner: ownerName(outcome.owner, wording), date: formatDate(outcome.replyBy, locale, this.services.timeZone),
        }),
      });
      return step.endDialog(this.result(step, true));
    } catch (error) {
      this.services.logger.error('recording an appeal failed', { complaintId, error: (error as Error).message });
      await step.context.sendActivity(wording.appeal.failed);
      return step.endDialog(this.result(step, false));
    }
  }

  private result(step: WaterfallStepContext, appealed: boolean): SatisfactionResult {
    const comment = values(step).comment as string | undefined;
    return { score: values(step).score as number, ...(comment ? { comment } : {}), appealed };
  }
}
