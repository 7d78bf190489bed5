import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore, openSqliteStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { defaultConfig } from '../complaints/fixtures.js';

export const DATABASE_URL = process.env.DATABASE_URL;

if (!DATABASE_URL) {
  console.warn('test/store: DATABASE_URL is not set, so the PostgreSQL runs of the store suites are SKIPPED. Set it, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test');
}

export interface BackendHarness {
  name: 'sqlite' | 'postgres';
  skip: boolean;
  /** PostgreSQL only: the schema this harness uses. */
  schema?: string;
  /** SQLite only: the data directory (for a CLI run against the same file). */
  dataDir?: string;
  /** Opens another store on the same database (a second "process"). */
  open(): Promise<Store>;
  /** Removes the temporary directory or schema. */
  cleanup(): Promise<void>;
}

export function sqliteHarness(): BackendHarness {
  const dir = mkdtempSync(join(tmpdir(), 'hearken-store-'));
  return {
    name: 'sqlite',
    skip: false,
    dataDir: dir,
    open: () => openSqliteStore({ dataDir: dir, config: defaultConfig }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A unique schema per harness, so parallel test files and runs never see each other's rows. */
export function postgresHarness(): BackendHarness {
  const schema = `hk_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  return {
    name: 'postgres',
    skip: !DATABASE_URL,
    schema,
    open: () => openPostgresStore({ databaseUrl: DATABASE_URL!, schema, config: defaultConfig }),
    cleanup: async () => {
      if (!DATABASE_URL) return;
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try { await client.query(`drop schema if exists ${schema} cascade`); } finally { await client.end(); }
    },
  };
}

export const harnesses = () => [sqliteHarness(), postgresHarness()];
