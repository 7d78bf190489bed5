import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { ComplaintDraft } from '../draft.js';
import type { Flows, InterruptionKind } from '../flows.js';
import { containsPhrase, isWholePhrase } from '../recognizers.js';
import { localeOf, type BotServices } from '../services.js';
import { LOCALES } from '../wording.js';
import { AskDialog } from './ask.js';
import { HANDOFF_DIALOG, HandoffDialog } from './handoff.js';
import { LISTEN_DIALOG } from './listen.js';

const SHORT_REQUEST_WORDS = 10;
const SHORT_REQUEST_HAN = 15;

/** Options every flow accepts when it is restarted by "start over". */
export interface RestartOptions { restarted?: boolean }

/**
 * Base of every flow: "help", "cancel", "start over" and "talk to a human"
 * (in English, Simplified and Traditional Chinese) interrupt cleanly at any
 * point. The outermost flow on the stack sees the message first, so it
 * handles the interruption for everything nested inside it.
 */
export abstract class CancelAndHelpDialog extends ComponentDialog {
  protected constructor(id: string, protected readonly services: BotServices) {
    super(id);
    this.addDialog(new AskDialog(services));
    this.addDialog(new HandoffDialog(services));
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const kind = this.interruptionIn(innerDc);
    if (kind) return this.interrupt(innerDc, kind);
    return super.onContinueDialog(innerDc);
  }

  /** Which interruption the message is, if any: whole messages, plus a short request for a person (see asksForPerson). */
  private interruptionIn(innerDc: DialogContext): InterruptionKind | null {
    const activity = innerDc.context.activity;
    if (activity.type !== 'message' || !activity.text) return null;
    const phrases = this.services.flows.interruptions;
    const all = (kind: InterruptionKind) => LOCALES.flatMap((l) => phrases[kind][l]);
    // Mid-story, "I asked to talk to a person and they refused" is story, not a request.
    const listening = activeLeafId(innerDc.stack) === LISTEN_DIALOG;
    if (asksForPerson(activity.text, this.services.flows, { wholeMessageOnly: listening })) return 'human';
    if (isWholePhrase(activity.text, all('startOver'))) return 'startOver';
    if (isWholePhrase(activity.text, all('cancel'))) return 'cancel';
    if (isWholePhrase(activity.text, all('help'))) return 'help';
    return null;
  }

  private async interrupt(innerDc: DialogContext, kind: InterruptionKind): Promise<DialogTurnResult> {
    const wording = this.services.wording[await localeOf(innerDc.context, this.services)];
    switch (kind) {
      case 'help': {
        const listening = activeLeafId(innerDc.stack) === LISTEN_DIALOG;
        await innerDc.context.sendActivity(listening ? wording.help.listening : wording.help.general);
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      }
      case 'cancel':
        await innerDc.cancelAllDialogs();
        await innerDc.context.sendActivity(wording.cancel.done);
        return { status: DialogTurnStatus.cancelled };
      case 'startOver':
        await innerDc.cancelAllDialogs();
        await innerDc.context.sendActivity(wording.startOver.done);
        return innerDc.beginDialog(this.initialDialogId, { restarted: true } satisfies RestartOptions);
      case 'human': {
        const draft = findDraft(innerDc.stack);
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(HANDOFF_DIALOG, { reason: 'customer_request', ...(draft ? { draft } : {}) });
      }
    }
  }
}

/**
 * A request for a person: one of the phrases as the whole message, or a phrase
 * of three or more words (three or more Chinese characters) inside a short
 * message. A long message that mentions one ("I asked to talk to a person at
 * the shop and they refused") is telling a story, not asking.
 */
export function asksForPerson(text: string, flows: Flows, options: { wholeMessageOnly?: boolean } = {}): boolean {
  const phrases = LOCALES.flatMap((l) => flows.interruptions.human[l]);
  if (isWholePhrase(text, phrases)) return true;
  const han = [...text].filter((ch) => /\p{Script=Han}/u.test(ch)).length;
  const words = text.trim().split(/\s+/).length;
  if (options.wholeMessageOnly || han > SHORT_REQUEST_HAN || (han === 0 && words > SHORT_REQUEST_WORDS)) return false;
  const long = phrases.filter((p) => (/\p{Script=Han}/u.test(p) ? [...p].length >= 3 : p.trim().split(/\s+/).length >= 3));
  return containsPhrase(text, long);
}

type StackEntry = DialogInstance<{
  values?: { draft?: ComplaintDraft };
  messages?: string[];
  dialogs?: { dialogStack?: StackEntry[] };
}>;

/** The id of the innermost active dialog, looking inside nested components (the active one is last on a stack). */
export function activeLeafId(stack: DialogInstance[]): string | undefined {
  const top = stack[stack.length - 1] as StackEntry | undefined;
  if (!top) return undefined;
  const inner = top.state?.dialogs?.dialogStack;
  return inner && inner.length > 0 ? activeLeafId(inner) ?? top.id : top.id;
}

/** The complaint draft being collected anywhere in the stack, so a handoff keeps what the customer said. */
export function findDraft(stack: DialogInstance[]): ComplaintDraft | undefined {
  // Newest first: the innermost step holds the most recent copy of the draft.
  for (const entry of [...(stack as StackEntry[])].reverse()) {
    const draft = entry.state?.values?.draft;
    if (draft) return draft;
    // Mid-story there is no draft yet; what was told so far still goes to the person.
    if (entry.id === LISTEN_DIALOG && entry.state?.messages?.length) {
      return { story: entry.state.messages.join('\n'), facts: {}, prefilled: [] };
    }
    const inner = entry.state?.dialogs?.dialogStack;
    if (inner) {
      const found = findDraft(inner);
      if (found) return found;
    }
  }
  return undefined;
}
