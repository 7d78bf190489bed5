import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { ETagConflictError } from './errors.js';
import { insertOutbox } from './outbox-repository.js';
import type { Database } from './schema.js';
import type { OutboxMessageInput, StateItems, StoreStateStorage } from './types.js';

/**
 * Key-value state (botbuilder's Storage shape) in the `bot_state` table, with real
 * optimistic concurrency. Every write issues a new eTag; a write carrying an older
 * eTag (or an eTag for an item that no longer exists) fails with ETagConflictError
 * and, because all keys of one write share a transaction, none of that write is
 * stored. `*` or no eTag overwrites, which is what BotState.saveChanges uses.
 * `writeWithOutbox` adds outbox messages in the same transaction (a customer's
 * message during a hand-over, stored with the turn that received it).
 */
export function stateStorage(db: Kysely<Database>): StoreStateStorage {
  const writeIn = async (trx: Transaction<Database>, entries: Array<[string, unknown]>) => {
    const now = new Date().toISOString();
    for (const [key, item] of entries) {
      const { eTag, ...data } = (item ?? {}) as { eTag?: string; [k: string]: unknown };
      const etag = randomUUID();
      const json = JSON.stringify(data);
      if (eTag === undefined || eTag === '*' || eTag === '') {
        await trx.insertInto('bot_state').values({ key, etag, data: json, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ etag, data: json, updated_at: now }))
          .execute();
      } else {
        const result = await trx.updateTable('bot_state').set({ etag, data: json, updated_at: now })
          .where('key', '=', key).where('etag', '=', eTag).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new ETagConflictError(key);
      }
    }
  };
  const entriesOf = (changes: StateItems) => {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Storage.write: changes are required');
    return Object.entries(changes);
  };
  return {
    async read(keys: string[]): Promise<StateItems> {
      if (!Array.isArray(keys)) throw new TypeError('Storage.read: keys must be an array of strings');
      const items: StateItems = {};
      if (keys.length === 0) return items;
      const rows = await db.selectFrom('bot_state').select(['key', 'etag', 'data']).where('key', 'in', keys).execute();
      for (const row of rows) items[row.key] = { ...(JSON.parse(row.data) as object), eTag: row.etag };
      return items;
    },
    async write(changes: StateItems): Promise<void> {
      const entries = entriesOf(changes);
      if (entries.length === 0) return;
      await db.transaction().execute((trx) => writeIn(trx, entries));
    },
    async writeWithOutbox(changes: StateItems, outbox: readonly OutboxMessageInput[]): Promise<void> {
      const entries = entriesOf(changes);
      if (entries.length === 0 && outbox.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await writeIn(trx, entries);
        await insertOutbox(trx, outbox);
      });
    },
    async delete(keys: string[]): Promise<void> {
      if (!Array.isArray(keys) || keys.length === 0) return;
      await db.deleteFrom('bot_state').where('key', 'in', keys).execute();
    },
  };
}
