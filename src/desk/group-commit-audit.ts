// Group commit for the guard audit. Every draft check writes one audit row; stored one by one,
// each is its own commit, and on SQLite that commit is a synchronous fsync on the event loop
// (about half the server's time under load, see bench/slack.bench.ts). Here the checks made at
// about the same time share one appendMany transaction, through the store's one group commit
// (src/store/group-commit.ts); each caller still gets its own row back only once it is
// committed, so an answer never names a check that was not stored.
import { GroupCommit } from '../store/group-commit.js';
import type { GuardAuditEntry, GuardAuditInput, GuardAuditRepository } from '../store/types.js';

export function groupCommitAudit(audit: GuardAuditRepository): GuardAuditRepository {
  const batches = new GroupCommit<GuardAuditInput, GuardAuditEntry>({
    commitMany: (entries) => audit.appendMany(entries),
    commitOne: (entry) => audit.append(entry),
  });
  return {
    append: (entry) => batches.add(entry),
    appendMany: (entries) => audit.appendMany(entries),
    get: (id) => audit.get(id),
    list: (filter) => audit.list(filter),
    addFeedback: (id, feedback) => audit.addFeedback(id, feedback),
  };
}
