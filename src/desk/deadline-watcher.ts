import type { ReminderDueEvent } from '../contracts/outbox.js';
import type { Reminder, ReminderSweepOptions, Store } from '../store/types.js';
import { periodicSweep } from './periodic-sweep.js';

export interface DeadlineWatcherOptions extends Omit<ReminderSweepOptions, 'now'> {
  /** Time between sweeps when started; default 60 s. */
  intervalMs?: number;
  clock?: () => Date;
  /** Where failures are reported; default console.error. */
  onError?: (error: unknown, reminder?: Reminder) => void;
}

export interface DeadlineWatcher {
  /** One sweep: claim what is due and queue each reminder for delivery. Returns the reminders queued. */
  runOnce(): Promise<Reminder[]>;
  start(): void;
  stop(): Promise<void>;
}

/** The outbox message that delivers a reminder (the dispatcher hands it to the agents' channel). */
export function reminderDue(reminder: Reminder): ReminderDueEvent & { key: string } {
  return {
    topic: 'reminder_due',
    key: `reminder_due:${reminder.id}`,
    payload: {
      reminderId: reminder.id, complaintId: reminder.complaintId, deadline: reminder.deadline, level: reminder.level,
      dueAt: reminder.dueAt, owner: reminder.owner, department: reminder.department,
    },
  };
}

/**
 * Finds complaints that are due soon or overdue and queues each reminder once.
 * Several watchers (one per server process) may run against one database: the
 * reminders table's unique key records each reminder once, and each watcher
 * claims the ones it queues (FOR UPDATE SKIP LOCKED on PostgreSQL). Marking a
 * reminder sent and adding its outbox message is one transaction; a watcher that
 * dies in between loses its lease and another queues it (the message's key keeps
 * it single). Delivery to people is the outbox dispatcher's.
 */
export function createDeadlineWatcher(store: Store, options: DeadlineWatcherOptions = {}): DeadlineWatcher {
  const clock = options.clock ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown, reminder?: Reminder) => {
    console.error(`deadline watcher: ${reminder ? `reminder ${reminder.level} for ${reminder.complaintId}: ` : ''}${error instanceof Error ? error.message : String(error)}`);
  });
  const { intervalMs, clock: _clock, onError: _onError, ...sweep } = options;
  async function runOnce(): Promise<Reminder[]> {
    const claimed = await store.reminders.claimDue({ ...sweep, now: clock() });
    const queued: Reminder[] = [];
    for (const reminder of claimed) {
      try {
        await store.reminders.markSent([reminder.id], clock(), [reminderDue(reminder)]);
        queued.push(reminder);
      } catch (error) {
        onError(error, reminder);
      }
    }
    return queued;
  }

  return { runOnce, ...periodicSweep(runOnce, intervalMs ?? 60_000, (error) => onError(error)) };
}
