// Writing into a complaint's escalation thread: posts carry Hearken's metadata (so they are never
// taken for an agent's reply, even where Slack sends them without a bot_id), and the post that
// opened the thread is updated when the complaint changes hands or is resolved.
import type { webApi } from '@slack/bolt';
import type { ComplaintRecord } from '../contracts/complaint.js';
import { DeliveryDeferredError } from '../desk/index.js';
import type { EscalationThread } from '../store/types.js';
import type { SlackMessage } from './blocks.js';
import { escalationPost, POST_EVENT_TYPE } from './escalation-blocks.js';

/** Why the complaint was handed over, as its `handoff_requested` note says. */
export function handoffReasonOf(record: ComplaintRecord): 'escalation' | 'customer_request' {
  const note = record.history.find((e) => e.event === 'handoff_requested');
  return note?.detail?.reason === 'customer_request' ? 'customer_request' : 'escalation';
}

export const postMetadata = (complaintId: string) => ({ event_type: POST_EVENT_TYPE, event_payload: { complaint_id: complaintId } });

/** Posts into the thread; returns the new message's ts. */
export async function postInThread(client: webApi.WebClient, thread: Pick<EscalationThread, 'channel' | 'threadTs' | 'complaintId'>, message: SlackMessage): Promise<string | undefined> {
  const result = await client.chat.postMessage({
    channel: thread.channel, thread_ts: thread.threadTs, text: message.text, blocks: message.blocks,
    metadata: postMetadata(thread.complaintId), unfurl_links: false, unfurl_media: false,
  });
  return result.ts;
}

/** Shows the complaint's current owner and state on the post that opened its thread. */
export async function updateRootPost(client: webApi.WebClient, thread: Pick<EscalationThread, 'channel' | 'threadTs'>, record: ComplaintRecord): Promise<void> {
  const message = escalationPost(record, handoffReasonOf(record));
  await client.chat.update({ channel: thread.channel, ts: thread.threadTs, text: message.text, blocks: message.blocks, metadata: postMetadata(record.id) });
}

/**
 * A Web API failure as the outbox dispatcher understands it: Slack's rate limit (429 with
 * Retry-After) is a deferral for exactly that long, not counted as a failure; anything else
 * (a 500, a network error) is a failure, retried with backoff until it is given up.
 */
export function asDeliveryError(error: unknown): Error {
  const coded = error as { code?: string; retryAfter?: number; message?: string };
  if (coded?.code === 'slack_webapi_rate_limited_error' && typeof coded.retryAfter === 'number') {
    return new DeliveryDeferredError(`Slack rate limit: retry after ${coded.retryAfter} s`, coded.retryAfter * 1000);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs one Web API step of an outbox delivery, translating its failure (see asDeliveryError). */
export async function slackStep<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asDeliveryError(error);
  }
}
