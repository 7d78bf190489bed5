import type { Storage } from 'botbuilder';

/**
 * Wrong contact details given for one complaint id, counted across every
 * conversation. Complaint ids are sequential (C-YYYYMMDD-NNNN), so a count per
 * conversation alone would let anyone open a fresh chat and go on trying phone
 * numbers against the same complaint; this one is kept per id, for a fixed
 * window from the first wrong pair (flows.yaml status.complaintLockHours).
 */
export interface StatusGuessCounter {
  /** Wrong pairs for this complaint in the current window. */
  failures(complaintId: string): Promise<number>;
  /** Counts one more wrong pair and returns the new count. */
  recordFailure(complaintId: string): Promise<number>;
}

interface GuessRecord {
  count: number;
  /** ISO time of the first wrong pair of the window. */
  since: string;
  eTag?: string;
}

const guessKey = (complaintId: string) => `hearken-bot/status-guesses/${complaintId}`;
const WRITE_ATTEMPTS = 5;

/**
 * The counter in the bot's Storage, so it survives restarts and is shared by
 * servers on one database. Within a process, updates of one id run one after
 * another; across processes a write carries the eTag it read and is retried on
 * a conflict, so no wrong pair goes uncounted.
 */
export function storageGuessCounter(storage: Storage, windowMs: number, clock: () => Date): StatusGuessCounter {
  const queues = new Map<string, Promise<unknown>>();

  const read = async (complaintId: string): Promise<GuessRecord | undefined> =>
    (await storage.read([guessKey(complaintId)]))[guessKey(complaintId)] as GuessRecord | undefined;
  const inWindow = (record: GuessRecord) => clock().getTime() - Date.parse(record.since) < windowMs;

  const increment = async (complaintId: string): Promise<number> => {
    for (let attempt = 1; ; attempt++) {
      const record = await read(complaintId);
      const counting = record !== undefined && inWindow(record);
      const next: GuessRecord = {
        count: counting ? record.count + 1 : 1,
        since: counting ? record.since : clock().toISOString(),
        // The eTag read makes a concurrent writer in another process fail here and retry.
        eTag: record?.eTag ?? '*',
      };
      try {
        await storage.write({ [guessKey(complaintId)]: next });
        return next.count;
      } catch (error) {
        if (attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  };

  return {
    async failures(complaintId) {
      const record = await read(complaintId);
      return record && inWindow(record) ? record.count : 0;
    },
    recordFailure(complaintId) {
      const run = (queues.get(complaintId) ?? Promise.resolve()).then(() => increment(complaintId));
      const settled = run.catch(() => {});
      queues.set(complaintId, settled);
      void settled.then(() => {
        if (queues.get(complaintId) === settled) queues.delete(complaintId);
      });
      return run;
    },
  };
}
