import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from './schema.js';
import type { Backend } from './types.js';

/** Tables whose rows are work that one process at a time takes: each has `claimed_by` and `claim_expires_at`. */
type ClaimTable = 'reminders' | 'surveys' | 'outbox';

export interface ClaimSpec<T extends ClaimTable> {
  table: T;
  /** The row's key column. */
  key: T extends 'surveys' ? 'complaint_id' : 'id';
  /** Set once the work is done; only rows where it is null are claimed. */
  doneColumn: T extends 'reminders' ? 'sent_at' : T extends 'surveys' ? 'queued_at' : 'delivered_at';
  /** When set, only rows whose value is not after now are claimed (a retry's backoff). */
  dueColumn?: 'available_at';
  /** When set, rows where it is not null (work abandoned) are never claimed. */
  givenUpColumn?: 'gave_up_at';
  /**
   * When set, a row waits while an earlier row (lower key) with the same value in this column is
   * still open and either held by a live lease or waiting for its retry; an earlier row that is
   * free and due is claimed in the same pick, ahead of it (key order).
   */
  orderingColumn?: 'ordering_key';
}

export interface ClaimOptions {
  now: Date;
  workerId: string;
  leaseMs: number;
  limit: number;
}

/**
 * Claims up to `limit` rows of work that are not done and not held by a live lease,
 * in key order, for `workerId` until the lease ends; returns them. One transaction:
 * pick the keys, then stamp them. On PostgreSQL, FOR UPDATE SKIP LOCKED lets
 * concurrent processes take disjoint rows instead of waiting (a CTE or IN-subquery
 * with LIMIT can be re-scanned and exceed the limit, so the pick is its own
 * statement); on SQLite, the store's BEGIN IMMEDIATE makes the pick and the stamp
 * one atomic step. A process that dies holding a claim loses it when the lease ends.
 */
export async function claimRows<T extends ClaimTable>(
  backend: Backend, db: Kysely<Database>, spec: ClaimSpec<T>, options: ClaimOptions,
): Promise<Array<Selectable<Database[T]>>> {
  const nowIso = options.now.toISOString();
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  // The three tables share the claim columns; Kysely cannot type a query generic over tables.
  const rows: unknown[] = await db.transaction().execute(async (trx) => {
    const any = trx as unknown as Kysely<any>;
    const table: string = spec.table;
    const key: string = spec.key;
    let pick = any.selectFrom(table).select(key)
      .where(spec.doneColumn as string, 'is', null)
      .where((w) => w.or([w('claim_expires_at', 'is', null), w('claim_expires_at', '<', nowIso)]));
    if (spec.dueColumn) pick = pick.where(spec.dueColumn as string, '<=', nowIso);
    if (spec.givenUpColumn) pick = pick.where(spec.givenUpColumn as string, 'is', null);
    if (spec.orderingColumn) {
      const column = sql.ref(`${table}.${spec.orderingColumn}`);
      const earlierColumn = sql.ref(`earlier.${spec.orderingColumn}`);
      const due = spec.dueColumn ? sql`earlier.${sql.ref(spec.dueColumn)} > ${nowIso} or ` : sql``;
      const givenUp = spec.givenUpColumn ? sql` and earlier.${sql.ref(spec.givenUpColumn)} is null` : sql``;
      pick = pick.where(sql<boolean>`(${column} is null or not exists (select 1 from ${sql.table(table)} as earlier
        where ${earlierColumn} = ${column} and earlier.${sql.ref(key)} < ${sql.ref(`${table}.${key}`)}
          and earlier.${sql.ref(spec.doneColumn as string)} is null${givenUp}
          and (${due}earlier.claim_expires_at >= ${nowIso})))`);
    }
    pick = pick.orderBy(key).limit(options.limit);
    if (backend === 'postgres') pick = pick.forUpdate().skipLocked();
    const keys = (await pick.execute()).map((row: Record<string, unknown>) => row[key]);
    if (keys.length === 0) return [];
    return any.updateTable(table)
      .set({ claimed_by: options.workerId, claim_expires_at: leaseUntil })
      .where(key, 'in', keys)
      .returningAll()
      .execute();
  });
  return rows as Array<Selectable<Database[T]>>;
}
