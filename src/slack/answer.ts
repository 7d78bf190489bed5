// Answering the person who pressed a button or typed a command, only to them: through the
// interaction's response_url, else chat.postEphemeral in the channel (the response_url expires
// after 30 minutes or 5 uses).
import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './blocks.js';

/** Where an answer goes: the interaction's response_url, else an ephemeral post in the channel (in a thread, when given). */
export interface AnswerTarget {
  responseUrl?: string;
  channel?: string;
  user?: string;
  threadTs?: string;
}

const RESPONSE_URL_TIMEOUT_MS = 10_000;

export type Answer = (client: webApi.WebClient, target: AnswerTarget, message: SlackMessage, replace?: boolean) => Promise<void>;

/** Posts to the response_url (replacing the answer the button sits on when `replace`); if that fails, chat.postEphemeral. */
export function answerer(log: (message: string) => void): Answer {
  return async (client, target, message, replace = false) => {
    if (target.responseUrl) {
      try {
        const response = await fetch(target.responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(replace ? { replace_original: true, ...message } : { response_type: 'ephemeral', ...message }),
          signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
        });
        if (response.ok) return;
        log(`slack: the response_url answered ${response.status}; posting the answer with chat.postEphemeral instead`);
      } catch (error) {
        log(`slack: posting to the response_url failed (${(error as Error).message}); trying chat.postEphemeral`);
      }
    }
    if (target.channel && target.user) {
      await client.chat.postEphemeral({
        channel: target.channel, user: target.user, text: message.text, blocks: message.blocks, ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      });
      return;
    }
    log('slack: an answer could not be delivered: no response_url worked and no channel is known');
  };
}
