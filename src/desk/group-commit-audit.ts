// Group commit for the guard audit. Every draft check writes one audit row; stored one by one,
// each is its own commit, and on SQLite that commit is a synchronous fsync on the event loop
// (about half the server's time under load, see bench/slack.bench.ts). Here the checks of one
// event-loop tick share one appendMany transaction; each caller still gets its own row back
// only once it is committed, so an answer never names a check that was not stored.
import type { GuardAuditEntry, GuardAuditInput, GuardAuditRepository } from '../store/types.js';

interface Waiting {
  entry: GuardAuditInput;
  resolve: (stored: GuardAuditEntry) => void;
  reject: (error: unknown) => void;
}

export function groupCommitAudit(audit: GuardAuditRepository): GuardAuditRepository {
  let queued: Waiting[] = [];
  let scheduled = false;
  // Batches commit one after another, so ids follow the order of append calls.
  let writing: Promise<void> = Promise.resolve();

  async function store(batch: Waiting[]): Promise<void> {
    try {
      const stored = await audit.appendMany(batch.map((w) => w.entry));
      batch.forEach((w, i) => w.resolve(stored[i]!));
    } catch {
      // One bad row fails the whole transaction; store the rest one by one, so only its own check fails.
      for (const w of batch) await audit.append(w.entry).then(w.resolve, w.reject);
    }
  }

  function flush(): void {
    scheduled = false;
    const batch = queued;
    queued = [];
    writing = writing.then(() => store(batch));
  }

  return {
    append(entry) {
      return new Promise<GuardAuditEntry>((resolve, reject) => {
        queued.push({ entry, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    appendMany: (entries) => audit.appendMany(entries),
    get: (id) => audit.get(id),
    list: (filter) => audit.list(filter),
    addFeedback: (id, feedback) => audit.addFeedback(id, feedback),
  };
}
