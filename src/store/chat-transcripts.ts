import { type ChatActivity, localeFromChannel, RELAY_ID, RELAYED_BY_AGENT } from '../contracts/chat.js';
import { conversationOf } from '../complaints/index.js';
import { ChatLog } from './chat-log.js';
import type { ComplaintRepository, StateStorage, TranscriptMessage, TranscriptRepository } from './types.js';

/**
 * Transcripts, read from the chat log: the chat log (chat-log.ts) is the one record
 * of what was said in a conversation, stored with the turn that said it; a
 * transcript is its messages with text, named by who spoke. A complaint's
 * transcript is the conversation that lodged it (conversationOf).
 */
export function chatTranscripts(state: StateStorage, complaints: Pick<ComplaintRepository, 'get'>): TranscriptRepository {
  const log = new ChatLog(state);
  const listByConversation = async (conversationId: string): Promise<TranscriptMessage[]> => {
    const loaded = await log.loadConversation(conversationId);
    if (!loaded) return [];
    return loaded.activities.flatMap((activity, index) => {
      const message = transcriptMessage(conversationId, activity, index);
      return message ? [message] : [];
    });
  };
  return {
    listByConversation,
    async listByComplaint(complaintId: string) {
      const record = await complaints.get(complaintId);
      const conversationId = record && conversationOf(record);
      if (!conversationId) return [];
      return (await listByConversation(conversationId)).map((message) => ({ ...message, complaintId }));
    },
  };
}

/** One chat-log activity as a transcript line; undefined for what is not a message with text (events, deletions). */
function transcriptMessage(conversationId: string, activity: ChatActivity, index: number): TranscriptMessage | undefined {
  if (activity.type !== 'message' || !activity.text) return undefined;
  const locale = localeFromChannel(activity.locale);
  const relayedBy = activity.channelData?.[RELAYED_BY_AGENT];
  const role = activity.from?.role === 'user' ? 'customer' : relayedBy ? 'agent' : 'bot';
  const relayId = activity.channelData?.[RELAY_ID];
  const meta = {
    ...(activity.id ? { activityId: activity.id } : {}),
    ...(typeof relayedBy === 'string' ? { author: relayedBy } : {}),
    ...(typeof relayId === 'string' ? { relayId } : {}),
  };
  return {
    seq: index,
    conversationId,
    role,
    text: activity.text,
    channel: 'web_chat',
    ...(locale ? { locale } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    at: typeof activity.timestamp === 'string' ? activity.timestamp : new Date(activity.timestamp ?? 0).toISOString(),
  };
}
