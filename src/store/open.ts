import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely';
import type { ComplaintConfig } from '../complaints/config.js';
import { loadComplaintConfig } from '../lexicon-files/complaint-files.js';
import { StoreConfigError } from './errors.js';
import { migrationsFor } from './migrations.js';
import { outageTolerantPool } from './postgres-connection.js';
import type { Database } from './schema.js';
import { createSqlStore } from './sql-store.js';
import type { Backend, OpenStoreOptions, Store } from './types.js';

/**
 * Opens the store: PostgreSQL when a database URL is given, otherwise SQLite at
 * <dataDir>/hearken.db (dataDir defaults to ./data). The PostgreSQL schema
 * defaults to `public`. Migrations run on open. The settings come from the
 * caller: the process edges (src/server/main.ts, src/cli/main.ts) read them
 * from the environment (DATABASE_URL, HEARKEN_DATA_DIR, HEARKEN_DB_SCHEMA,
 * HEARKEN_COMPLAINTS_CONFIG).
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const config = options.config ?? await loadComplaintConfig(options.configFile);
  if (options.databaseUrl) {
    return openPostgresStore({
      databaseUrl: options.databaseUrl, ...(options.schema ? { schema: options.schema } : {}), config, ...(options.log ? { log: options.log } : {}),
    });
  }
  return openSqliteStore({ dataDir: options.dataDir, config });
}

export function resolveDataDir(dataDir?: string): string {
  return resolve(dataDir || './data');
}

// Kysely's SQLite driver opens transactions with a deferred BEGIN. IMMEDIATE
// takes the write lock up front, so two processes writing the same file wait
// for each other (busy_timeout) instead of failing half-way with SQLITE_BUSY.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

// better-sqlite3 is synchronous: a second connection to the same file in the
// same process would block the event loop waiting for the first one's write
// lock, which can only be released by that same event loop. So stores opened
// on one file within a process share one connection, closed with the last store.
const sharedSqlite = new Map<string, { db: Kysely<Database>; users: number; ready: Promise<void> }>();

export async function openSqliteStore(options: { dataDir?: string; file?: string; config?: ComplaintConfig } = {}): Promise<Store> {
  const config = options.config ?? await loadComplaintConfig();
  const file = resolve(options.file ?? join(resolveDataDir(options.dataDir), 'hearken.db'));
  let shared = sharedSqlite.get(file);
  if (!shared) {
    const db = await connectSqlite(file);
    shared = { db, users: 0, ready: migrate(db, 'sqlite') };
    sharedSqlite.set(file, shared);
  }
  shared.users += 1;
  const entry = shared;
  try {
    await entry.ready;
  } catch (error) {
    entry.users -= 1;
    if (entry.users === 0 && sharedSqlite.get(file) === entry) { sharedSqlite.delete(file); await entry.db.destroy(); }
    throw error;
  }
  return createSqlStore('sqlite', entry.db, config, async () => {
    entry.users -= 1;
    if (entry.users === 0 && sharedSqlite.get(file) === entry) {
      sharedSqlite.delete(file);
      await entry.db.destroy();
    }
  });
}

async function connectSqlite(file: string): Promise<Kysely<Database>> {
  mkdirSync(resolve(file, '..'), { recursive: true });
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  let database;
  try {
    database = new BetterSqlite3(file);
    // WAL lets readers work while one process writes; FULL syncs the WAL on every
    // commit, so a write that returned survives a crash or power loss.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('busy_timeout = 10000');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database?.close();
    throw new StoreConfigError(`cannot open SQLite database ${file}: ${(error as Error).message}. Check HEARKEN_DATA_DIR and the directory's permissions.`);
  }
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }) });
}

/** How many distinct SQL texts keep their prepared statement (IN lists of varying length make new texts). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew (about 3% of a busy chat
 * server's CPU, on the event loop). Hearken runs the same few statements over
 * and over, so each SQL text keeps its better-sqlite3 statement. Safe because
 * the driver runs one query at a time on the connection and never streams here;
 * SQLite re-prepares a statement itself when a migration changes the schema.
 */
function withStatementCache(database: import('better-sqlite3').Database): SqliteDatabase {
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        statement = database.prepare(text);
        // Not an LRU: the hot statements come back at once, and clearing is O(1) per miss.
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

export async function openPostgresStore(options: {
  databaseUrl: string; schema?: string; config?: ComplaintConfig; poolSize?: number;
  /** Where lost and recovered connections are reported; default stderr. */
  log?: (message: string) => void;
}): Promise<Store> {
  const config = options.config ?? await loadComplaintConfig();
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new StoreConfigError(`PostgreSQL schema "${schema}" must be a lower-case identifier (a-z, 0-9, _)`);
  const { default: pg } = await import('pg');
  const { PostgresDialect } = await import('kysely');
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    // A database that stops answering fails a connect after 5 s instead of never; keep-alive
    // finds a connection whose peer vanished without closing it.
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    // Every connection resolves unqualified table names in our schema, so the
    // queries stay identical to SQLite's.
    ...(schema === 'public' ? {} : { options: `-c search_path=${schema}` }),
  });
  const log = options.log ?? ((message: string) => console.error(message));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: outageTolerantPool(pool, { log }) }) });
  try {
    if (schema !== 'public') await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await migrate(db, 'postgres', schema);
  } catch (error) {
    await db.destroy();
    throw new StoreConfigError(`cannot prepare PostgreSQL database (${redact(options.databaseUrl)}, schema ${schema}): ${(error as Error).message}`);
  }
  return createSqlStore('postgres', db, config);
}

async function migrate(db: Kysely<Database>, backend: Backend, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationsFor(backend),
    ...(schema && schema !== 'public' ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreConfigError(`database migration ${failed} failed on ${backend}: ${(error as Error).message ?? String(error)}`);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
