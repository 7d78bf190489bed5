import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { findComplaintId, isGreeting, isWholePhrase } from '../recognizers.js';
import { allWordings, understood, wordingOf, type BotServices } from '../services.js';
import { LOCALES } from '../wording.js';
import { ASK_DIALOG, isChoiceAnswer, type AskOptions } from './ask.js';
import { CancelAndHelpDialog, type RestartOptions } from './cancel-and-help.js';
import { HANDOFF_DIALOG, type HandoffOptions } from './handoff.js';
import { LODGE_DIALOG, LodgeDialog, type LodgeOptions } from './lodge.js';
import { SATISFACTION_DIALOG, SatisfactionDialog } from './satisfaction.js';
import { STATUS_DIALOG, StatusDialog } from './status.js';

export const MAIN_DIALOG = 'main';
const MAIN_STEPS = 'main.steps';

export type Route = 'greet' | 'lodge' | 'status' | 'human' | 'satisfaction' | 'goodbye';
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
    // Only the message right after "anything else?" answers it.
    const offeredMore = await this.services.offeredMoreState.get(step.context, false);
    if (offeredMore) await this.services.offeredMoreState.delete(step.context);
    const decided = text ? this.routeFromText(step.context, text, offeredMore) : null;
    if (decided) return step.next(decided);
    const wording = await wordingOf(step.context, this.services);
    // "help" outside any flow: what the bot can do, then the choices.
    if (text && understood(step.context, this.services).request === 'help' && await this.services.greetedState.get(step.context, false)) {
      await step.context.sendActivity(wording.help.general);
      return step.beginDialog(ASK_DIALOG, MENU_QUESTION);
    }
    // The intro and privacy notice once per conversation; "hi" again gets a short hello and the menu.
    if (await this.services.greetedState.get(step.context, false)) {
      return step.beginDialog(ASK_DIALOG, { ...MENU_QUESTION, prompt: options.restarted ? 'greeting.choose' : 'greeting.again' } satisfies AskOptions);
    }
    await this.services.greetedState.set(step.context, true);
    await step.context.sendActivity(wording.greeting.intro);
    await step.context.sendActivity(wording.greeting.privacy);
    return step.beginDialog(ASK_DIALOG, MENU_QUESTION);
  }

  private async startFlow(step: WaterfallStepContext): Promise<DialogTurnResult> {
    let decision = step.result as RouteDecision | undefined;
    if (isChoiceAnswer(step.result)) {
      const answer = step.result;
      decision = answer.choice ? { route: answer.choice as Route } : this.routeFromText(step.context, answer.text) ?? { route: 'greet' };
    }
    switch (decision?.route) {
      case 'lodge': return step.beginDialog(LODGE_DIALOG, { ...(decision.initial ? { initial: decision.initial } : {}) } satisfies LodgeOptions);
      case 'status': return step.beginDialog(STATUS_DIALOG, decision.complaintId ? { complaintId: decision.complaintId } : {});
      case 'human': return step.beginDialog(HANDOFF_DIALOG, {
        reason: 'customer_request', ...(decision.initial ? { draft: { story: decision.initial.join('\n'), facts: {}, prefilled: [] } } : {}),
      } satisfies HandoffOptions);
      case 'satisfaction': return step.beginDialog(SATISFACTION_DIALOG, { complaintId: decision.complaintId });
      case 'goodbye': {
        const wording = await wordingOf(step.context, this.services);
        await step.context.sendActivity(wording.closing.goodbye);
        return step.endDialog({ goodbye: true });
      }
      default: return step.replaceDialog(MAIN_STEPS, { route: 'greet' } satisfies MainOptions);
    }
  }

  private async close(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as { complaintId?: string; shown?: boolean; handedOff?: boolean; score?: number; goodbye?: boolean } | undefined;
    // After a handoff the bot stays quiet; after a goodbye it is done; after the other flows it offers more help.
    if (result && !result.handedOff && result.score === undefined && !result.goodbye) {
      const wording = await wordingOf(step.context, this.services);
      await step.context.sendActivity(wording.closing.done);
      await this.services.offeredMoreState.set(step.context, true);
    }
    return step.endDialog(result);
  }

  /** The message with a leading greeting ("Hi,", "您好！") removed. */
  private withoutGreeting(text: string): string {
    const greetings = LOCALES.flatMap((l) => this.services.flows.greetings[l]);
    const match = /^(.+?)[\s,，.。!！~～、]+(.+)$/su.exec(text.trim());
    return match && isWholePhrase(match[1]!, greetings) ? match[2]!.trim() : text.trim();
  }

  /**
   * A message outside any flow that already says what the customer wants: a
   * complaint id, a request for a person, a menu choice, a polite goodbye
   * ("thanks, bye" after a complaint is recorded never starts a new one; nor
   * does "no, I just want it fixed" to "anything else?"), or a story. Null for a greeting, a plain yes, or help / cancel / start over.
   */
  private routeFromText(ctx: TurnContext, text: string, offeredMore = false): RouteDecision | null {
    const complaintId = findComplaintId(text);
    if (complaintId) return { route: 'status', complaintId };
    if (isGreeting(text, this.services.flows.greetings)) return null;
    // "你好，我要投诉" / "Hi, complaint": the request after a greeting decides.
    const request = this.withoutGreeting(text);
    const reading = understood(ctx, this.services, {}, request);
    // "The sofa came cracked, can you put me through to a person": the story goes to the person too.
    if (reading.request === 'human') return { route: 'human', ...(saysMoreThanOneThing(request) ? { initial: [request] } : {}) };
    // Nothing is running to cancel: "can you cancel this please" is a goodbye, never a complaint's subject.
    if (reading.request === 'cancel') return { route: 'goodbye' };
    if (reading.request) return null;
    if (reading.closing || (offeredMore && reading.goodbye)) return { route: 'goodbye' };
    for (const route of ['lodge', 'status', 'human'] as const) {
      const phrases = allWordings(this.services).flatMap((w) => [w.menu[route].label, ...w.menu[route].synonyms]);
      if (isWholePhrase(request, phrases)) return { route };
    }
    // "yes" to "anything else?" is not a story: the menu says what comes next.
    if (this.services.understander.saysOnly(request, allWordings(this.services).flatMap((w) => w.readback.confirm.synonyms))) return null;
    if (offeredMore && !this.services.understander.saysMore(request)) {
      // After "anything else?", a reply that reports nothing ("not sure, sorry", "I'm good for now") ends
      // politely instead of opening a new story; a question gets the menu. Something wrong, praise, a
      // danger or "one more thing" still goes on.
      const triage = this.services.triage(request);
      // An escalation is always a story, whatever kind triage guessed.
      const kind = triage.escalate.value ? undefined : triage.kind;
      if (kind?.label === 'other' && kind.confidence >= SURELY_NOTHING_MORE) return { route: 'goodbye' };
      if (kind?.label === 'question') return null;
    }
    return { route: 'lodge', initial: [request] };
  }
}

/**
 * How sure triage must be that a reply to "anything else?" reports nothing (kind `other`) before the
 * bot says goodbye: "I want to complain about something else" comes out `other` at about 0.6.
 */
const SURELY_NOTHING_MORE = 0.65;

/** More than one sentence: a request for a person with a story around it. */
function saysMoreThanOneThing(text: string): boolean {
  return text.split(/[，,。.!！?？;；\n]+/u).filter((part) => part.trim().length > 0).length > 1;
}

const MENU_QUESTION: AskOptions = {
  prompt: 'greeting.choose', retry: 'menu.unclear',
  expect: {
    kind: 'choice', freeText: true,
    choices: [{ key: 'lodge', path: 'menu.lodge' }, { key: 'status', path: 'menu.status' }, { key: 'human', path: 'menu.human' }],
  },
};
