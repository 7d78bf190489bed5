/**
 * An agent's reply to a customer, from any agents' channel (Slack): checked by
 * the desk's draft check in the customer's context (their last message and its
 * triage), written to the guard audit, and sent through the customer's own channel
 * (CustomerConversation) only when the guard does not block it.
 */
import type { CustomerConversation } from '../contracts/customer-conversation.js';
import type { AgentReplyEvent } from '../contracts/outbox.js';
import type { Emotion } from '../contracts/triage.js';
import type { AuditChannel, OutboxMessage, TranscriptRepository } from '../store/types.js';
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
  /** Checks and audits the text in the customer's context (their last message and its emotion); sends nothing. */
  check(request: RelayRequest): Promise<DraftCheckOutcome>;
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

  const check = async (request: RelayRequest): Promise<DraftCheckOutcome> => deps.draftCheck.checkDraft({
    draft: request.text,
    by: request.by,
    channel: request.channel,
    ...(request.team ? { team: request.team } : {}),
    conversationId: request.conversationId,
    ...(request.complaintId ? { complaintId: request.complaintId } : {}),
    ...(await customerContext(request.conversationId)),
  });

  return {
    check,
    async relay(request) {
      const checked = await check(request);
      if (checked.result.verdict === 'block') return { outcome: 'blocked', check: checked };
      return { outcome: await deps.conversation.sendAgentMessage(request.conversationId, checked.draft, { author: request.by }), check: checked };
    },
  };
}

export type AgentReplyDeliveryOutcome = 'sent' | 'already_sent' | 'unknown_conversation';

/**
 * Delivers a queued agent's reply (the outbox's `agent_reply`) into the customer's conversation.
 * Delivery is at least once, so the relay id (the outbox key) goes with the message and a retry
 * that finds it in the transcript (the process died after sending) does not show it twice.
 * A failure of the customer's side throws, and the dispatcher retries.
 */
export function createAgentReplyDelivery(deps: { conversation: CustomerConversation; transcripts: Pick<TranscriptRepository, 'listByConversation'> }) {
  return async (reply: AgentReplyEvent['payload'], message: Pick<OutboxMessage, 'id' | 'key'>): Promise<AgentReplyDeliveryOutcome> => {
    const relayId = message.key ?? `outbox:${message.id}`;
    const shown = await deps.transcripts.listByConversation(reply.conversationId);
    if (shown.some((m) => m.meta?.relayId === relayId)) return 'already_sent';
    return deps.conversation.sendAgentMessage(reply.conversationId, reply.text, { author: reply.by, relayId });
  };
}
