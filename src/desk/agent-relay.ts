/**
 * An agent's reply to a customer, from any agents' channel (Slack next): checked by
 * the desk's draft check in the customer's context (their last message and its
 * triage), written to the guard audit, and sent through the customer's own channel
 * (CustomerConversation) only when the guard does not block it.
 */
import type { CustomerConversation } from '../contracts/customer-conversation.js';
import type { Emotion } from '../contracts/triage.js';
import type { AuditChannel, TranscriptRepository } from '../store/types.js';
import type { CustomerContextInput, DraftCheckOutcome, DraftCheckService } from './draft-check.js';

export type RelayOutcome = 'sent' | 'blocked' | 'unknown_conversation';

export interface RelayRequest {
  conversationId: string;
  complaintId?: string;
  text: string;
  /** The agent, e.g. a Slack user id. */
  by: string;
  channel: AuditChannel;
  team?: string;
}

export interface AgentRelay {
  /** 'blocked': the guard blocked the text, nothing was sent (tell the agent; `check` has the findings). */
  relay(request: RelayRequest): Promise<{ outcome: RelayOutcome; check: DraftCheckOutcome }>;
}

export interface AgentRelayDeps {
  draftCheck: Pick<DraftCheckService, 'checkDraft'>;
  conversation: CustomerConversation;
  /** Where the customer's last message is read from. */
  transcripts: Pick<TranscriptRepository, 'listByConversation'>;
  /** The customer's emotion in a message (the triage core); without it the guard reads the message itself. */
  emotionOf?: (text: string) => Emotion;
}

export function createAgentRelay(deps: AgentRelayDeps): AgentRelay {
  /** What the customer said last, and how they felt saying it: the context the draft is judged in. */
  const customerContext = async (conversationId: string): Promise<CustomerContextInput> => {
    const messages = await deps.transcripts.listByConversation(conversationId);
    const last = messages.filter((m) => m.role === 'customer').at(-1);
    if (!last) return {};
    return { customerMessage: last.text, ...(deps.emotionOf ? { customerTriage: { emotion: deps.emotionOf(last.text) } } : {}) };
  };

  return {
    async relay(request) {
      const check = await deps.draftCheck.checkDraft({
        draft: request.text,
        by: request.by,
        channel: request.channel,
        ...(request.team ? { team: request.team } : {}),
        conversationId: request.conversationId,
        ...(request.complaintId ? { complaintId: request.complaintId } : {}),
        ...(await customerContext(request.conversationId)),
      });
      if (check.result.verdict === 'block') return { outcome: 'blocked', check };
      return { outcome: await deps.conversation.sendAgentMessage(request.conversationId, check.draft), check };
    },
  };
}
