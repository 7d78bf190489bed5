import type { ComplaintRecord } from '../contracts/complaint.js';

/**
 * The notes that link a complaint to the conversation that lodged it: the one record
 * of that link, written in the transaction that creates the complaint
 * (src/desk/complaint-desk.ts), read by the survey, the transcript and the agents' relay.
 */
export const CONVERSATION_LINK_EVENTS = ['intake_conversation', 'handoff_requested'] as const;

/** The conversation that lodged a complaint, or undefined for one taken elsewhere (phone, letter). */
export function conversationOf(record: ComplaintRecord): string | undefined {
  for (const event of record.history) {
    const conversationId = event.detail?.conversationId;
    if ((CONVERSATION_LINK_EVENTS as readonly string[]).includes(event.event) && typeof conversationId === 'string') return conversationId;
  }
  return undefined;
}
