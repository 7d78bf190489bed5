import type { Selectable } from 'kysely';
import type { Database, Db } from './schema.js';
import type { LexiconVersionEntry, LexiconVersionRepository } from './types.js';

const toEntry = (row: Selectable<Database['lexicon_versions']>): LexiconVersionEntry => ({
  id: Number(row.id),
  version: row.version,
  contentHash: row.content_hash,
  at: row.went_live_at,
  ruleCount: Number(row.rule_count),
  learnedLayer: Number(row.learned_layer) === 1,
  ...(row.folder !== null ? { folder: row.folder } : {}),
  by: row.by_process,
});

/** The log of guard lexicon versions that went live: one row each time one did (a restart counts). */
export function lexiconVersionRepository(db: Db): LexiconVersionRepository {
  return {
    async record(entry) {
      const row = await db.insertInto('lexicon_versions').values({
        version: entry.version,
        content_hash: entry.contentHash,
        went_live_at: (entry.at ?? new Date()).toISOString(),
        rule_count: entry.ruleCount,
        learned_layer: entry.learnedLayer ? 1 : 0,
        folder: entry.folder ?? null,
        by_process: entry.by,
      }).returningAll().executeTakeFirstOrThrow();
      return toEntry(row);
    },
    async latest(version) {
      const row = await db.selectFrom('lexicon_versions').selectAll().where('version', '=', version).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toEntry(row) : undefined;
    },
    async list(filter = {}) {
      let q = db.selectFrom('lexicon_versions').selectAll();
      if (filter.since) q = q.where('went_live_at', '>=', filter.since.toISOString());
      // The newest `limit` rows, returned oldest first.
      const rows = await q.orderBy('id', 'desc').limit(filter.limit ?? 1000).execute();
      return rows.reverse().map(toEntry);
    },
  };
}
