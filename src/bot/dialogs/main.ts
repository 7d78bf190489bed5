import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { findComplaintId, isWholePhrase } from '../recognizers.js';
import { localeOf, type BotServices } from '../services.js';
import { LOCALES } from '../wording.js';
import { ASK_DIALOG, isChoiceAnswer, type AskOptions } from './ask.js';
import { asksForPerson, CancelAndHelpDialog, type RestartOptions } from './cancel-and-help.js';
import { HANDOFF_DIALOG } from './handoff.js';
import { LODGE_DIALOG, LodgeDialog, type LodgeOptions } from './lodge.js';
import { SATISFACTION_DIALOG, SatisfactionDialog } from './satisfaction.js';
import { STATUS_DIALOG, StatusDialog } from './status.js';

export const MAIN_DIALOG = 'main';
const MAIN_STEPS = 'main.steps';

export type Route = 'greet' | 'lodge' | 'status' | 'human' | 'satisfaction';
export interface MainOptions extends RestartOptions {
  route?: Route;
  /** For status (an id the customer typed) and satisfaction (the resolved complaint). */
  complaintId?: string;
}
interface RouteDecision { route: Route; complaintId?: string; initial?: string[] }

/**
 * The greeting and router: what the bot can do, a privacy notice, and the
 * choices. A customer who starts telling their story straight away goes into
 * the complaint flow with that message kept; one who types a complaint id
 * goes to the status check.
 */
export class MainDialog extends CancelAndHelpDialog {
  constructor(services: BotServices) {
    super(MAIN_DIALOG, services);
    this.addDialog(new LodgeDialog(services));
    this.addDialog(new StatusDialog(services));
    this.addDialog(new SatisfactionDialog(services));
    this.addDialog(new WaterfallDialog(MAIN_STEPS, [this.chooseRoute.bind(this), this.startFlow.bind(this), this.close.bind(this)]));
    this.initialDialogId = MAIN_STEPS;
  }

  private async chooseRoute(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const options = step.options ?? {};
    if (options.route && options.route !== 'greet') {
      return step.next({ route: options.route, ...(options.complaintId ? { complaintId: options.complaintId } : {}) } satisfies RouteDecision);
    }
    const activity = step.context.activity;
    const text = activity.type === 'message' && !options.restarted && !options.route ? (activity.text ?? '').trim() : '';
    const decided = text ? this.routeFromText(text) : null;
    if (decided) return step.next(decided);
    const wording = this.services.wording[await localeOf(step.context, this.services)];
    await step.context.sendActivity(wording.greeting.intro);
    await step.context.sendActivity(wording.greeting.privacy);
    return step.beginDialog(ASK_DIALOG, {
      prompt: 'greeting.choose', retry: 'menu.unclear',
      expect: {
        kind: 'choice', freeText: true,
        choices: [{ key: 'lodge', path: 'menu.lodge' }, { key: 'status', path: 'menu.status' }, { key: 'human', path: 'menu.human' }],
      },
    } satisfies AskOptions);
  }

  private async startFlow(step: WaterfallStepContext): Promise<DialogTurnResult> {
    let decision = step.result as RouteDecision | undefined;
    if (isChoiceAnswer(step.result)) {
      const answer = step.result;
      decision = answer.choice ? { route: answer.choice as Route } : this.routeFromText(answer.text) ?? { route: 'greet' };
    }
    switch (decision?.route) {
      case 'lodge': return step.beginDialog(LODGE_DIALOG, { ...(decision.initial ? { initial: decision.initial } : {}) } satisfies LodgeOptions);
      case 'status': return step.beginDialog(STATUS_DIALOG, decision.complaintId ? { complaintId: decision.complaintId } : {});
      case 'human': return step.beginDialog(HANDOFF_DIALOG, { reason: 'customer_request' });
      case 'satisfaction': return step.beginDialog(SATISFACTION_DIALOG, { complaintId: decision.complaintId });
      default: return step.replaceDialog(MAIN_STEPS, { route: 'greet' } satisfies MainOptions);
    }
  }

  private async close(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as { complaintId?: string; shown?: boolean; handedOff?: boolean; score?: number } | undefined;
    // After a handoff the bot stays quiet; after the other flows it offers more help.
    if (result && !result.handedOff && result.score === undefined) {
      const wording = this.services.wording[await localeOf(step.context, this.services)];
      await step.context.sendActivity(wording.closing.done);
    }
    return step.endDialog(result);
  }

  /** "Hello", "哈囉，您好": every part of the message is a greeting. */
  private isGreeting(text: string): boolean {
    const greetings = LOCALES.flatMap((l) => this.services.flows.greetings[l]);
    const parts = text.split(/[\s,，.。!！~～、]+/u).filter((p) => p.length > 0);
    return isWholePhrase(text, greetings) || (parts.length > 0 && parts.every((p) => isWholePhrase(p, greetings)));
  }

  /** The message with a leading greeting ("Hi,", "您好！") removed. */
  private withoutGreeting(text: string): string {
    const greetings = LOCALES.flatMap((l) => this.services.flows.greetings[l]);
    const match = /^(.+?)[\s,，.。!！~～、]+(.+)$/su.exec(text.trim());
    return match && isWholePhrase(match[1]!, greetings) ? match[2]!.trim() : text.trim();
  }

  /** A first message that already says what the customer wants; null for a greeting. */
  private routeFromText(text: string): RouteDecision | null {
    const complaintId = findComplaintId(text);
    if (complaintId) return { route: 'status', complaintId };
    if (this.isGreeting(text)) return null;
    // "你好，我要投诉" / "Hi, complaint": the request after a greeting decides.
    const request = this.withoutGreeting(text);
    // Outside any flow the interruption words still mean what they say.
    const said = (kind: keyof BotServices['flows']['interruptions']) =>
      isWholePhrase(request, LOCALES.flatMap((l) => this.services.flows.interruptions[kind][l]));
    if (asksForPerson(request, this.services.flows)) return { route: 'human' };
    if (said('help') || said('cancel') || said('startOver')) return null;
    for (const route of ['lodge', 'status', 'human'] as const) {
      const phrases = LOCALES.flatMap((l) => [this.services.wording[l].menu[route].label, ...this.services.wording[l].menu[route].synonyms]);
      if (isWholePhrase(request, phrases)) return { route };
    }
    return { route: 'lodge', initial: [request] };
  }
}
