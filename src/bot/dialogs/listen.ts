import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { LISTEN_TIMEOUT_EVENT } from '../../contracts/chat.js';
import { localeOf, understood, wordingOf, type BotServices } from '../services.js';
import { isGreeting } from '../recognizers.js';

export const LISTEN_DIALOG = 'listen';

export interface ListenOptions {
  /** Messages the customer already sent before the bot started listening (they began telling at the menu). */
  initial?: string[];
  /**
   * The bot has just invited them to say more (a venting customer, after the empathy): nothing is
   * asked at the start, and "no", "that's all" or a pause with nothing new ends it with no messages.
   */
  invited?: boolean;
}
export interface ListenResult { messages: string[] }
interface ListenState { messages: string[]; invited?: boolean }

export const isListenResult = (value: unknown): value is ListenResult =>
  typeof value === 'object' && value !== null && Array.isArray((value as ListenResult).messages);

/**
 * Listens without interrupting: every message is kept and nothing is said
 * back, until a done signal or end-of-story phrase ("that's all", "That's
 * everything, thank you.", 大概就是這樣, 講完) or the pause event
 * (LISTEN_TIMEOUT_EVENT, posted by the chat transport, which owns the timer).
 */
export class ListenDialog extends Dialog<ListenOptions> {
  constructor(private readonly services: BotServices) {
    super(LISTEN_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ListenOptions): Promise<DialogTurnResult> {
    const state: ListenState = { messages: [], ...(options?.invited ? { invited: true } : {}) };
    dc.activeDialog!.state = state;
    if (state.invited) return Dialog.EndOfTurn;
    const initial = options?.initial ?? [];
    for (const message of initial) {
      const { rest, done } = this.split(await localeOf(dc.context, this.services), message);
      if (rest) state.messages.push(rest);
      if (done && state.messages.length > 0) return dc.endDialog({ messages: state.messages } satisfies ListenResult);
    }
    const wording = await wordingOf(dc.context, this.services);
    // Someone who already started telling only needs to know how to finish.
    await dc.context.sendActivity(state.messages.length > 0 ? wording.help.listening : wording.listen.ask);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ListenState;
    const activity = dc.context.activity;
    if (activity.type === 'event' && activity.name === LISTEN_TIMEOUT_EVENT) {
      return state.messages.length > 0 || state.invited ? dc.endDialog({ messages: state.messages } satisfies ListenResult) : Dialog.EndOfTurn;
    }
    if (activity.type !== 'message') return Dialog.EndOfTurn;
    // "hi" mid-story is not part of it.
    if (isGreeting(activity.text ?? '', this.services.flows.greetings)) return Dialog.EndOfTurn;
    // Asked whether there is more, a bare "no" / "没有了" / "冇嘢了" is the answer, not more story.
    if (state.invited && understood(dc.context, this.services).closing) return dc.endDialog({ messages: state.messages } satisfies ListenResult);
    const { rest, done } = this.split(await localeOf(dc.context, this.services), activity.text ?? '');
    if (rest) state.messages.push(rest);
    if (!done) return Dialog.EndOfTurn;
    if (state.messages.length > 0 || state.invited) return dc.endDialog({ messages: state.messages } satisfies ListenResult);
    const wording = await wordingOf(dc.context, this.services);
    await dc.context.sendActivity(wording.listen.askAgain);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(): Promise<void> {
    // Re-asking mid-story would interrupt the customer; help already said how to finish.
  }

  private split(_locale: keyof BotServices['wording'], text: string) {
    // Any language's signal counts: a customer may write the story in one and finish in another.
    return this.services.understander.storyEnd(text);
  }
}
