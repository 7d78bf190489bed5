// Slack wants an ack within 3 s; the slow part of an interaction runs after it. When that part
// fails, the person who acted is told in their language instead of seeing nothing.
import type { webApi } from '@slack/bolt';
import type { Locale } from '../contracts/complaint.js';
import type { Answer, AnswerTarget } from './answer.js';
import { noticeMessage } from './blocks.js';
import { WORDING } from './wording.js';

export type AfterAck = (what: string, client: webApi.WebClient, target: AnswerTarget, locale: Locale, work: () => Promise<void>) => Promise<void>;

/**
 * Runs `work` and turns a failure into an ephemeral notice; `reasonFor` decides what of the error
 * the agent may see (errors they can act on as they are, anything else named vaguely).
 */
export function afterAcker(log: (message: string) => void, answer: Answer, reasonFor: (error: unknown) => string): AfterAck {
  return async (what, client, target, locale, work) => {
    try {
      await work();
    } catch (error) {
      log(`slack: ${what} failed: ${(error as Error).message}`);
      try { await answer(client, target, noticeMessage(WORDING[locale].failed(reasonFor(error)))); } catch (again) {
        log(`slack: could not tell the agent that ${what} failed: ${(again as Error).message}`);
      }
    }
  };
}
