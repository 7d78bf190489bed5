import { periodicSweep } from './periodic-sweep.js';
import type { Reminder, ReminderSweepOptions, Store } from './types.js';

export interface DeadlineWatcherOptions extends Omit<ReminderSweepOptions, 'now'> {
  /** Delivers one reminder (Slack message, e-mail …). Throw to have it retried after the lease. */
  emit: (reminder: Reminder) => Promise<void>;
  /** Time between sweeps when started; default 60 s. */
  intervalMs?: number;
  clock?: () => Date;
  /** Where emit failures are reported; default console.error. */
  onError?: (error: unknown, reminder?: Reminder) => void;
}

export interface DeadlineWatcher {
  /** One sweep: claim what is due, emit each, confirm. Returns the reminders emitted. */
  runOnce(): Promise<Reminder[]>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Finds complaints that are due soon or overdue and emits each reminder once.
 * Several watchers (one per server process) may run against one PostgreSQL
 * database: the reminders table's unique key records each reminder once, and
 * claims with FOR UPDATE SKIP LOCKED hand each to exactly one watcher. A
 * watcher that dies after claiming but before confirming loses its lease, and
 * another re-emits, so delivery is at-least-once only across crashes.
 */
export function createDeadlineWatcher(store: Store, options: DeadlineWatcherOptions): DeadlineWatcher {
  const clock = options.clock ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown, reminder?: Reminder) => {
    console.error(`deadline watcher: ${reminder ? `reminder ${reminder.level} for ${reminder.complaintId}: ` : ''}${error instanceof Error ? error.message : String(error)}`);
  });
  async function runOnce(): Promise<Reminder[]> {
    const now = clock();
    const claimed = await store.reminders.claimDue({ ...options, now });
    const emitted: Reminder[] = [];
    for (const reminder of claimed) {
      try {
        await options.emit(reminder);
        await store.reminders.markSent([reminder.id], clock());
        emitted.push(reminder);
      } catch (error) {
        onError(error, reminder);
      }
    }
    return emitted;
  }

  return { runOnce, ...periodicSweep(runOnce, options.intervalMs ?? 60_000, (error) => onError(error)) };
}
