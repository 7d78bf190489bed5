import { periodicSweep } from '../store/periodic-sweep.js';
import type { Store } from '../store/index.js';

export const SURVEY_SENT_EVENT = 'satisfaction_survey_sent';

export interface SurveyWatcherOptions {
  /** Asks in the complaint's own conversation; false when no conversation is known for it. */
  askSatisfaction(complaintId: string): Promise<boolean>;
  intervalMs?: number;
  clock?: () => Date;
  log?: (message: string) => void;
}

export interface SurveyWatcher {
  /** One sweep; returns the complaint ids that were asked. */
  runOnce(): Promise<string[]>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps the promise made at the end of a complaint: once it is resolved, the
 * bot asks the customer (proactively, in the same chat) for a 1–5 score. The
 * `satisfaction_survey_sent` history note makes each survey happen once, also
 * across restarts; it is written after asking, so a crash in between means a
 * repeated question rather than a forgotten one.
 */
export function createSurveyWatcher(store: Store, options: SurveyWatcherOptions): SurveyWatcher {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  async function runOnce(): Promise<string[]> {
    const asked: string[] = [];
    for await (const complaint of store.complaints.iterate({ status: 'resolved' })) {
      if (complaint.channel !== 'web_chat' || complaint.satisfaction) continue;
      if (complaint.history.some((event) => event.event === SURVEY_SENT_EVENT)) continue;
      try {
        if (!(await options.askSatisfaction(complaint.id))) continue;
        await store.complaints.note(complaint.id, SURVEY_SENT_EVENT, { via: 'web_chat' }, { actor: 'bot:web_chat', channel: 'system', now: clock() });
        asked.push(complaint.id);
      } catch (error) {
        log(`satisfaction survey for ${complaint.id} (status ${complaint.status}) failed: ${(error as Error).message}; retried next sweep`);
      }
    }
    return asked;
  }

  const onError = (error: unknown) => log(`survey sweep failed: ${error instanceof Error ? error.message : String(error)}`);
  return { runOnce, ...periodicSweep(runOnce, options.intervalMs ?? 60_000, onError) };
}
