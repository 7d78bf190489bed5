// The options every command that reads or writes the store shares, and opening the store for the
// length of one command. The database drivers load lazily, only when a command opens the store.
import { storeOptionsOf, type CliContext } from './command.js';
import type { Store } from '../store/types.js';

export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const;

export const STORE_HELP = `  --data-dir DIR        SQLite directory (default $HEARKEN_DATA_DIR or ./data)
  --database-url URL    PostgreSQL instead of SQLite (default $DATABASE_URL)`;

export interface StoreFlags { 'data-dir'?: string; 'database-url'?: string }

/** Opens the store the flags (over the process's settings) name, runs `body`, and closes the store whatever happens. */
export async function withStore<T>(cli: CliContext, flags: StoreFlags, body: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await import('../store/open.js');
  const store = await openStore(storeOptionsOf(cli, flags));
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
