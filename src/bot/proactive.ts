/**
 * The bot's side of "talk to the customer" (CustomerConversation, src/contracts):
 * proactive turns in a customer's own conversation, queued on the chat transport
 * behind any turn running there, for the desk's services (surveys, agents'
 * replies, the end of a hand-over).
 */
import { type ConversationReference, type ConversationState, type Storage, type StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogSet, DialogState } from 'botbuilder-dialogs';
import { RELAY_ID, RELAYED_BY_AGENT } from '../contracts/chat.js';
import type { CustomerConversation } from '../contracts/customer-conversation.js';
import { MAIN_DIALOG, type MainOptions } from './dialogs/main.js';
import type { ProactiveHost } from './ports.js';
import type { BotServices } from './services.js';

interface ConversationRecord { reference: Partial<ConversationReference>; eTag?: string }
const conversationKey = (id: string) => `hearken-bot/conversation/${id}`;

/** How many conversation ids one process remembers as already written (about 1 MB at most). */
export const REMEMBERED_CONVERSATIONS = 10_000;

/**
 * Keeps each conversation's reference, so a survey or an agent's reply months later
 * (and after a restart) finds its way back. One write per conversation and process:
 * the reference does not change between turns. The set of ids already written is
 * bounded, oldest first out: a long-running server sees an endless stream of
 * conversations, and forgetting one only costs a repeated (idempotent) write.
 */
export function conversationMemory(storage: Storage, capacity = REMEMBERED_CONVERSATIONS): (ctx: TurnContext) => Promise<void> {
  const remembered = new Set<string>();
  return async (ctx) => {
    const conversationId = ctx.activity.conversation.id;
    if (remembered.has(conversationId)) return;
    const reference = TurnContext.getConversationReference(ctx.activity);
    await storage.write({ [conversationKey(conversationId)]: { reference, eTag: '*' } satisfies ConversationRecord });
    remembered.add(conversationId);
    if (remembered.size > capacity) remembered.delete(remembered.values().next().value!);
  };
}

export interface ProactiveDeps {
  host: ProactiveHost;
  storage: Storage;
  conversationState: ConversationState;
  dialogState: StatePropertyAccessor<DialogState>;
  lastSeenState: StatePropertyAccessor<string | undefined>;
  dialogs: DialogSet;
  services: BotServices;
  /** A customer busy in another flow (seen within this) is not interrupted by a survey. */
  deferWhileBusyMs: number;
  /** What every turn of the bot does first (its send handlers). */
  prepareTurn: (ctx: TurnContext) => void;
}

export function createCustomerConversation(deps: ProactiveDeps): CustomerConversation {
  const { services } = deps;

  /** Runs `logic` in the conversation and saves its state; false for a conversation the bot never saw. */
  const proactive = async (conversationId: string, logic: (ctx: TurnContext) => Promise<void>): Promise<boolean> => {
    const items = await deps.storage.read([conversationKey(conversationId)]);
    const reference = (items[conversationKey(conversationId)] as ConversationRecord | undefined)?.reference;
    if (!reference) return false;
    await deps.host.continueConversation(reference, async (ctx) => {
      deps.prepareTurn(ctx);
      await logic(ctx);
      await deps.conversationState.saveChanges(ctx, false);
    });
    return true;
  };

  return {
    async sendAgentMessage(conversationId, text, options = {}) {
      // Marked, so the transcript names the agent, not the bot.
      const channelData = { [RELAYED_BY_AGENT]: options.author ?? true, ...(options.relayId ? { [RELAY_ID]: options.relayId } : {}) };
      const sent = await proactive(conversationId, async (ctx) => {
        const shown = await ctx.sendActivity({ type: 'message', text, channelData });
        // A person is talking now: the customer's messages go to them without the bot's "passed on" each time.
        // Only once the reply was shown (the guard middleware drops a blocked one).
        const handoff = await services.handoffState.get(ctx);
        if (shown && handoff?.active && !handoff.personReplied) await services.handoffState.set(ctx, { ...handoff, personReplied: true });
      });
      return sent ? 'sent' : 'unknown_conversation';
    },

    async askSatisfaction(conversationId, complaintId) {
      let asked = false;
      const known = await proactive(conversationId, async (ctx) => {
        const busy = ((await deps.dialogState.get(ctx))?.dialogStack ?? []).length > 0;
        const lastSeen = await deps.lastSeenState.get(ctx);
        if (busy && lastSeen && services.clock().getTime() - Date.parse(lastSeen) < deps.deferWhileBusyMs) return;
        // Resolved means any human handling is over; an abandoned flow gives way to the survey.
        await services.handoffState.delete(ctx);
        const dc = await deps.dialogs.createContext(ctx);
        await dc.cancelAllDialogs();
        await dc.beginDialog(MAIN_DIALOG, { route: 'satisfaction', complaintId } satisfies MainOptions);
        asked = true;
      });
      if (!known) return 'unknown_conversation';
      return asked ? 'asked' : 'busy';
    },

    async releaseToBot(conversationId) {
      const known = await proactive(conversationId, async (ctx) => {
        await services.handoffState.delete(ctx);
      });
      return known ? 'sent' : 'unknown_conversation';
    },
  };
}
