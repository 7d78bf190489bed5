import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { ComplaintDraft } from '../draft.js';
import type { InterruptionKind } from '../flows.js';
import { isGreeting } from '../recognizers.js';
import { understood, wordingOf, type BotServices } from '../services.js';
import { ASK_DIALOG, AskDialog, isOneOfTheChoices, type AskOptions } from './ask.js';
import { HANDOFF_DIALOG, HandoffDialog } from './handoff.js';
import { LISTEN_DIALOG } from './listen.js';

type Interruption = InterruptionKind | 'greeting';

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

  /**
   * Which interruption the message is, if any, read by the understanding step
   * anywhere in a sentence ("This is going round in circles. Can I talk to a
   * real person please?", "算了，麻烦帮我转人工客服", "actually, cancel"), before
   * the message is taken as an answer. "Help" at the order-number question is
   * left to that question (it offers a way forward), and a greeting mid-question
   * is answered briefly, never taken as the answer.
   */
  private interruptionIn(innerDc: DialogContext): Interruption | null {
    const activity = innerDc.context.activity;
    if (activity.type !== 'message' || !activity.text) return null;
    const leaf = activeLeaf(innerDc.stack);
    const listening = leaf?.id === LISTEN_DIALOG;
    const asking = leaf?.id === ASK_DIALOG ? (leaf.state as { options?: AskOptions } | undefined)?.options : undefined;
    // "不用了，谢谢" is the appeal question's own button, not a cancel.
    if (asking && isOneOfTheChoices(this.services, asking, activity.text)) return null;
    const request = understood(innerDc.context, this.services, { listening }).request;
    const askingFor = asking?.prompt ?? '';
    if (request === 'help' && askingFor.startsWith('facts.order_number')) return null;
    if (request) return request;
    if (!listening && askingFor && isGreeting(activity.text, this.services.flows.greetings)) return 'greeting';
    return null;
  }

  private async interrupt(innerDc: DialogContext, kind: Interruption): Promise<DialogTurnResult> {
    const wording = await wordingOf(innerDc.context, this.services);
    switch (kind) {
      case 'greeting':
        // "hi" mid-question: a hello back and the question again, never the whole intro.
        await innerDc.context.sendActivity(wording.greeting.hello);
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
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

type StackEntry = DialogInstance<{
  values?: { draft?: ComplaintDraft };
  messages?: string[];
  dialogs?: { dialogStack?: StackEntry[] };
}>;

/** The innermost active dialog, looking inside nested components (the active one is last on a stack). */
export function activeLeaf(stack: DialogInstance[]): DialogInstance | undefined {
  const top = stack[stack.length - 1] as StackEntry | undefined;
  if (!top) return undefined;
  const inner = top.state?.dialogs?.dialogStack;
  return inner && inner.length > 0 ? activeLeaf(inner) ?? top : top;
}

/** The id of the innermost active dialog. */
export function activeLeafId(stack: DialogInstance[]): string | undefined {
  return activeLeaf(stack)?.id;
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
