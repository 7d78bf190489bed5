import type { Selectable } from 'kysely';
import { claimRows } from './claims.js';
import type { Database, Db, Executor } from './schema.js';
import type { Backend, OutboxMessage, OutboxMessageInput, OutboxRepository } from './types.js';

/**
 * Adds outbox messages with `executor`, so they commit or roll back with the
 * change that caused them. A message whose key is stored already is skipped.
 */
export async function insertOutbox(executor: Executor, messages: readonly OutboxMessageInput[], now = new Date()): Promise<void> {
  if (messages.length === 0) return;
  const at = now.toISOString();
  await executor.insertInto('outbox').values(messages.map((message) => ({
    topic: message.topic,
    dedupe_key: message.key ?? null,
    payload: JSON.stringify(message.payload),
    created_at: at,
    available_at: at,
    attempts: 0,
    claimed_by: null,
    claim_expires_at: null,
    delivered_at: null,
    last_error: null,
    ordering_key: message.orderingKey ?? null,
    gave_up_at: null,
  }))).onConflict((oc) => oc.column('dedupe_key').doNothing()).execute();
}

const toMessage = (row: Selectable<Database['outbox']>): OutboxMessage => ({
  id: Number(row.id),
  topic: row.topic,
  payload: JSON.parse(row.payload) as unknown,
  ...(row.dedupe_key !== null ? { key: row.dedupe_key } : {}),
  createdAt: row.created_at,
  attempts: Number(row.attempts),
  availableAt: row.available_at,
  ...(row.delivered_at !== null ? { deliveredAt: row.delivered_at } : {}),
  ...(row.last_error !== null ? { lastError: row.last_error } : {}),
  ...(row.ordering_key !== null ? { orderingKey: row.ordering_key } : {}),
  ...(row.gave_up_at !== null ? { gaveUpAt: row.gave_up_at } : {}),
});

export function outboxRepository(backend: Backend, db: Db): OutboxRepository {
  return {
    add: (messages, now) => db.transaction().execute((trx) => insertOutbox(trx, messages, now)),
    async claim(options = {}) {
      const rows = await claimRows(backend, db, {
        table: 'outbox', key: 'id', doneColumn: 'delivered_at', dueColumn: 'available_at', givenUpColumn: 'gave_up_at', orderingColumn: 'ordering_key',
      }, {
        now: options.now ?? new Date(),
        workerId: options.workerId ?? `pid-${process.pid}`,
        leaseMs: options.leaseMs ?? 60_000,
        limit: options.limit ?? 100,
      });
      return rows.map(toMessage).sort((a, b) => a.id - b.id);
    },
    async markDelivered(id, now = new Date()) {
      await db.updateTable('outbox').set({ delivered_at: now.toISOString(), claimed_by: null, claim_expires_at: null })
        .where('id', '=', id).where('delivered_at', 'is', null).execute();
    },
    async markFailed(id, error, retryAt) {
      await db.updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, available_at: retryAt.toISOString(), claimed_by: null, claim_expires_at: null }))
        .where('id', '=', id).where('delivered_at', 'is', null).execute();
    },
    async giveUp(id, error, now = new Date()) {
      await db.updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, gave_up_at: now.toISOString(), claimed_by: null, claim_expires_at: null }))
        .where('id', '=', id).where('delivered_at', 'is', null).execute();
    },
    async release(id) {
      await db.updateTable('outbox').set({ claimed_by: null, claim_expires_at: null }).where('id', '=', id).where('delivered_at', 'is', null).execute();
    },
    async list(filter = {}) {
      let q = db.selectFrom('outbox').selectAll();
      if (filter.topic !== undefined) q = q.where('topic', '=', filter.topic);
      if (filter.delivered !== undefined) q = q.where('delivered_at', filter.delivered ? 'is not' : 'is', null);
      if (filter.gaveUp !== undefined) q = q.where('gave_up_at', filter.gaveUp ? 'is not' : 'is', null);
      const rows = await q.orderBy('id').limit(filter.limit ?? 1000).execute();
      return rows.map(toMessage);
    },
  };
}
