/**
 * "Talk to the customer": what the desk's services (agent relay, surveys) need from
 * the channel the customer is in. Implemented by the bot for the web chat
 * (src/bot/proactive.ts), which sends in the customer's own conversation, queued
 * behind any turn running there.
 */

export type SendOutcome = 'sent' | 'unknown_conversation';
export type SurveyOutcome = 'asked' | 'busy' | 'unknown_conversation';

export interface AgentMessageOptions {
  /** Who wrote it, as the complaint's history names them. */
  author?: string;
  /** Unique per relayed message; kept with it in the transcript (TranscriptMessage.meta.relayId). */
  relayId?: string;
}

export interface CustomerConversation {
  /**
   * Sends a person's message (already checked; see src/desk/agent-relay.ts) into the
   * conversation, marked as theirs in the transcript (`author`, e.g. `slack:U123`).
   * `relayId` names this relay in the transcript, so a retry can see it was sent already.
   */
  sendAgentMessage(conversationId: string, text: string, options?: AgentMessageOptions): Promise<SendOutcome>;
  /**
   * Starts the 1–5 satisfaction survey for a resolved complaint. 'busy' when the
   * customer is in the middle of another flow right now: ask again later.
   */
  askSatisfaction(conversationId: string, complaintId: string): Promise<SurveyOutcome>;
  /** Ends a hand-over: the bot answers the customer again. */
  releaseToBot(conversationId: string): Promise<SendOutcome>;
}
