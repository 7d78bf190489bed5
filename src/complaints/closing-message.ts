import type { ComplaintRecord } from '../contracts/complaint.js';

/**
 * The message with which the bot closed the conversation that lodged (or handed over, or
 * appealed) a complaint: the reference it gave the customer and the date it promised. The desk
 * records it as a note on the complaint once the bot has sent it, so staff see what the customer
 * was told, and can find it in the transcript by its activity id.
 */
export const CLOSING_MESSAGE_EVENT = 'closing_message';

export interface ClosingMessage {
  /** The words the customer got. */
  text: string;
  /** The complaint reference given in it. */
  reference: string;
  /** The instant promised in it (ISO), e.g. the reply-by deadline. */
  promisedBy: string;
  /** What the conversation did: lodged a complaint, handed it to a person, appealed it. */
  kind: 'lodged' | 'handoff' | 'appeal';
  conversationId?: string;
  /** The message's id in the chat log. */
  activityId?: string;
  /** When it was recorded. */
  at: string;
}

/** The latest closing message of a complaint, or undefined when the bot sent none (a complaint taken by phone). */
export function closingMessageOf(record: Pick<ComplaintRecord, 'history'>): ClosingMessage | undefined {
  for (let i = record.history.length - 1; i >= 0; i--) {
    const entry = record.history[i]!;
    const d = entry.detail;
    if (entry.event !== CLOSING_MESSAGE_EVENT || !d || typeof d.text !== 'string' || typeof d.reference !== 'string' || typeof d.promisedBy !== 'string') continue;
    const kind = d.kind === 'handoff' || d.kind === 'appeal' ? d.kind : 'lodged';
    return {
      text: d.text, reference: d.reference, promisedBy: d.promisedBy, kind, at: entry.at,
      ...(typeof d.conversationId === 'string' ? { conversationId: d.conversationId } : {}),
      ...(typeof d.activityId === 'string' ? { activityId: d.activityId } : {}),
    };
  }
  return undefined;
}
