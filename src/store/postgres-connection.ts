import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { StoreUnavailableError } from './errors.js';

export interface PostgresOutageOptions {
  /** Where connection losses and recoveries are reported. */
  log: (message: string) => void;
  /** Wait after the first failed connect; doubles with each further failure. Default 250 ms. */
  firstRetryMs?: number;
  /** Longest wait between connect attempts. Default 4 s. */
  maxRetryMs?: number;
  now?: () => number;
}

/**
 * A pg pool that survives the database going away and coming back.
 *
 * - pg emits `error` on a connection that dies (idle in the pool, or checked out
 *   and even between queries); with no listener Node turns that into an uncaught
 *   exception, and the whole server dies with "Connection terminated
 *   unexpectedly". Both places get a listener here; the dead connection is
 *   dropped by the pool and the next query opens a fresh one.
 * - A failed connect throws StoreUnavailableError and starts a backoff (250 ms,
 *   doubling up to 4 s): until it runs out, queries fail at once with the time
 *   left as `retryAfterMs` instead of each waiting on a dead address. The first
 *   connect after the backoff is the reconnect attempt.
 * - A query that fails because its connection was lost throws StoreUnavailableError
 *   too, so the HTTP layer can answer 503 rather than 500. It is not retried here:
 *   a lost COMMIT may or may not have been applied, and only the caller knows
 *   whether doing it again is safe.
 */
export function outageTolerantPool(pool: pg.Pool, options: PostgresOutageOptions): PostgresPool {
  const now = options.now ?? Date.now;
  const firstRetryMs = options.firstRetryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 4000;
  let failedConnects = 0;
  let retryAt = 0;
  let lastFailure: unknown;

  pool.on('error', (error) => {
    options.log(`PostgreSQL: an idle connection was lost (${error.message}); the next query opens a new one`);
  });

  return {
    async connect(): Promise<PostgresPoolClient> {
      const wait = retryAt - now();
      if (wait > 0) throw new StoreUnavailableError(wait, lastFailure);
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        failedConnects += 1;
        const delay = Math.min(maxRetryMs, firstRetryMs * 2 ** Math.min(failedConnects - 1, 20));
        retryAt = now() + delay;
        lastFailure = error;
        if (failedConnects === 1) options.log(`PostgreSQL is unreachable (${(error as Error).message}); requests get "unavailable" while it reconnects with backoff`);
        throw new StoreUnavailableError(delay, error);
      }
      if (failedConnects > 0) options.log(`PostgreSQL is reachable again after ${failedConnects} failed connect attempt(s)`);
      failedConnects = 0;
      retryAt = 0;
      return tolerantClient(client, options.log);
    },
    end: () => pool.end(),
  };
}

function tolerantClient(client: pg.PoolClient, log: (message: string) => void): PostgresPoolClient {
  // pg-pool listens for errors only while a client is idle; a checked-out one needs its own
  // listener. The failing query (if any) rejects by itself; this only keeps the process alive.
  const onError = (error: Error) => log(`PostgreSQL: a connection in use was lost (${error.message})`);
  client.on('error', onError);
  return {
    query: ((text: unknown, parameters?: ReadonlyArray<unknown>) => {
      // Cursors (streaming) pass through untouched; Hearken pages instead of streaming.
      if (typeof text !== 'string') return client.query(text as never);
      return client.query(text, parameters as unknown[]).catch((error: unknown) => {
        throw isConnectionLoss(error) ? new StoreUnavailableError(1000, error) : error;
      });
    }) as unknown as PostgresPoolClient['query'],
    release() {
      client.off('error', onError);
      // pg-pool discards a client whose connection failed (it is no longer queryable).
      client.release();
    },
  };
}

// SQLSTATE class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now).
const LOST_SQLSTATE = /^(08...|57P0[123])$/;
const LOST_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const LOST_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection ended unexpectedly/i;

/** The connection is gone (not: the statement was wrong). */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_SQLSTATE.test(code) || LOST_NODE_CODES.has(code))) return true;
  return LOST_MESSAGES.test(error.message);
}
