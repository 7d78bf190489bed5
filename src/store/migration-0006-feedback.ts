import type { CreateTableBuilder, Kysely, Migration } from 'kysely';

/** Adds the backend's surrogate-key column (migrations.ts decides which). */
export type SurrogateKey = <T extends string>(table: CreateTableBuilder<T, never>, name: string) => CreateTableBuilder<T, never>;

/**
 * Feedback: suggestions and praise the bot thanked and recorded instead of
 * taking them through the complaint flow (src/contracts/feedback.ts). Who said
 * it (`customer`, JSON, when known), the conversation it came from, its
 * language and kind, their words and triage's short reading of them (JSON).
 * Listed by time and by kind (`hearken feedback list`).
 */
export function feedbackMigration(surrogateKey: SurrogateKey): Migration {
  return {
    async up(db: Kysely<any>) {
      await surrogateKey(db.schema.createTable('feedback'), 'id')
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('customer', 'text')
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('triage', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feedback_created_idx').on('feedback').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('feedback_kind_idx').on('feedback').columns(['kind', 'id']).execute();
    },
  };
}
