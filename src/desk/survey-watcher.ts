import type { CustomerConversation } from '../contracts/customer-conversation.js';
import type { SurveyDueEvent } from '../contracts/outbox.js';
import { conversationOf } from '../complaints/index.js';
import type { Store, SurveyDue } from '../store/types.js';
import { DeliveryDeferredError } from './outbox-dispatcher.js';
import { periodicSweep } from './periodic-sweep.js';

export const SURVEY_SENT_EVENT = 'satisfaction_survey_sent';

export interface SurveyWatcherOptions {
  intervalMs?: number;
  clock?: () => Date;
  log?: (message: string) => void;
  /** Names this process on its claims (diagnostics only). */
  workerId?: string;
  /** A claim not queued within this (the process crashed) is taken by another watcher; default 60 s. */
  leaseMs?: number;
  limit?: number;
}

export interface SurveyWatcher {
  /** One sweep; returns the complaint ids whose survey was queued. */
  runOnce(): Promise<string[]>;
  start(): void;
  stop(): Promise<void>;
}

/** The outbox message that asks for a survey (the dispatcher hands it to the customer's channel). */
export function surveyDue(survey: SurveyDue): SurveyDueEvent & { key: string } {
  return { topic: 'survey_due', key: `survey_due:${survey.complaintId}`, payload: { complaintId: survey.complaintId, conversationId: survey.conversationId } };
}

/**
 * Keeps the promise made at the end of a complaint: once it is resolved, the
 * customer is asked (in the same chat) for a 1–5 score. Each sweep records the
 * surveys due (one per complaint, in the surveys table), claims some (FOR UPDATE
 * SKIP LOCKED on PostgreSQL, so several processes can sweep), and queues each
 * claimed one in the outbox in the transaction that marks it queued. Asking is
 * the delivery of that message (createSurveyDelivery).
 */
export function createSurveyWatcher(store: Store, options: SurveyWatcherOptions = {}): SurveyWatcher {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  async function runOnce(): Promise<string[]> {
    const due: SurveyDue[] = [];
    for await (const complaint of store.complaints.iterate({ status: 'resolved' })) {
      if (complaint.channel !== 'web_chat' || complaint.satisfaction) continue;
      // Asked already (also before the surveys table existed).
      if (complaint.history.some((event) => event.event === SURVEY_SENT_EVENT)) continue;
      const conversationId = conversationOf(complaint);
      if (conversationId) due.push({ complaintId: complaint.id, conversationId });
    }
    await store.surveys.recordDue(due, clock());
    const queued: string[] = [];
    const claimed = await store.surveys.claim({
      now: clock(),
      ...(options.workerId ? { workerId: options.workerId } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    for (const survey of claimed) {
      try {
        await store.surveys.markQueued(survey.complaintId, [surveyDue(survey)], clock());
        queued.push(survey.complaintId);
      } catch (error) {
        log(`satisfaction survey for ${survey.complaintId} could not be queued: ${(error as Error).message}; retried when its claim runs out`);
      }
    }
    return queued;
  }

  const onError = (error: unknown) => log(`survey sweep failed: ${error instanceof Error ? error.message : String(error)}`);
  return { runOnce, ...periodicSweep(runOnce, options.intervalMs ?? 60_000, onError) };
}

/**
 * Delivers a queued survey: asks in the customer's conversation, then notes
 * `satisfaction_survey_sent` on the complaint. The note is written after asking,
 * so a crash in between means a repeated question rather than a forgotten one. A
 * customer busy in another flow is asked later (the dispatcher retries).
 */
export function createSurveyDelivery(store: Store, conversation: CustomerConversation, options: { clock?: () => Date; log?: (message: string) => void } = {}) {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  return async (survey: SurveyDueEvent['payload']): Promise<void> => {
    const record = await store.complaints.get(survey.complaintId);
    // Answered, reopened or asked meanwhile: nothing to ask any more.
    if (!record || record.status !== 'resolved' || record.satisfaction || record.history.some((event) => event.event === SURVEY_SENT_EVENT)) return;
    const outcome = await conversation.askSatisfaction(survey.conversationId, survey.complaintId);
    if (outcome === 'busy') throw new DeliveryDeferredError('the customer is busy in another flow right now');
    if (outcome === 'unknown_conversation') {
      log(`satisfaction survey for ${survey.complaintId} not asked: its conversation ${survey.conversationId} is unknown to the chat`);
      return;
    }
    await store.complaints.note(survey.complaintId, SURVEY_SENT_EVENT, { via: 'web_chat' }, { actor: 'bot:web_chat', channel: 'system', now: clock() });
  };
}
