/** Store errors name the record and say what to do, so the CLI and bot can show them as they are. */

/**
 * How often a compare-and-set write re-reads and tries again after a concurrent
 * write (a transition without an expected version, feedback on an audit row);
 * a handful is plenty for human-paced edits.
 */
export const MAX_REBASE_ATTEMPTS = 8;

export class ComplaintNotFoundError extends Error {
  constructor(readonly complaintId: string) {
    super(`complaint ${complaintId} does not exist; check the id (format C-YYYYMMDD-NNNN) or list complaints with \`hearken complaints list\``);
    this.name = 'ComplaintNotFoundError';
  }
}

/** Someone else updated the complaint since you read it. Nothing was written; re-read and decide again. */
export class VersionConflictError extends Error {
  constructor(readonly complaintId: string, readonly expectedVersion: number, readonly actualVersion: number) {
    super(`complaint ${complaintId} was changed by someone else: you read version ${expectedVersion}, it is now version ${actualVersion}. Nothing was written; reload it and apply your change again.`);
    this.name = 'VersionConflictError';
  }
}

/** A Bot Framework state write carried an eTag that is no longer current. Nothing in that write was stored. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict: it was changed (or deleted) since it was read. Nothing was written; read it again, or write with eTag "*" to overwrite.`);
    this.name = 'ETagConflictError';
  }
}

export class GuardAuditNotFoundError extends Error {
  constructor(readonly auditId: number) {
    super(`guard audit entry ${auditId} does not exist; the check may come from another database, or its id was mistyped`);
    this.name = 'GuardAuditNotFoundError';
  }
}

export class StoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigError';
  }
}

/**
 * The database cannot be reached right now (connection refused, dropped or timed out). Nothing
 * is wrong with the request: the caller should answer "try again" (HTTP 503 with Retry-After)
 * rather than fail for good. A write that failed this way may or may not have been stored.
 */
export class StoreUnavailableError extends Error {
  constructor(readonly retryAfterMs: number, cause: unknown) {
    super(`the database is unavailable (${cause instanceof Error ? cause.message : String(cause)}); try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** The StoreUnavailableError behind an error, following `cause` links (layers above wrap it). */
export function storeUnavailableIn(error: unknown): StoreUnavailableError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current instanceof StoreUnavailableError) return current;
  }
  return undefined;
}
