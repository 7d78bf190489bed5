/**
 * PostgreSQL going away under a running store, through a loopback TCP proxy that
 * the test stops (cutting every connection) and starts again: nothing throws
 * outside a call, calls fail with StoreUnavailableError while it is away, and the
 * store reconnects by itself when it is back.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, StoreUnavailableError, type Store } from '../../src/store/index.js';
import { defaultConfig } from '../complaints/fixtures.js';
import { DATABASE_URL } from './backends.js';
import { TcpProxy } from './tcp-proxy.js';

const draft = (subject: string) => ({
  channel: 'phone' as const, locale: 'en' as const, customer: {}, subject, description: `${subject} went wrong`, category: 'billing' as const,
});
const actor = { actor: 'agent:x', channel: 'phone' as const };

async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe.skipIf(!DATABASE_URL)('PostgreSQL store when the database drops and comes back', () => {
  const schema = `hk_outage_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let proxy: TcpProxy;
  let store: Store;
  const logged: string[] = [];
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    const through = TcpProxy.forDatabaseUrl(DATABASE_URL!);
    proxy = through.proxy;
    const port = await proxy.start();
    store = await openPostgresStore({ databaseUrl: through.url(port), schema, config: defaultConfig, log: (m) => logged.push(m) });
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await store?.close();
    await proxy?.stop();
    if (!DATABASE_URL) return;
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try { await client.query(`drop schema if exists ${schema} cascade`); } finally { await client.end(); }
  });

  it('survives the drop, answers StoreUnavailableError while away and reconnects when back', async () => {
    // Several pooled connections, idle when the drop comes.
    const before = await Promise.all(['one', 'two', 'three'].map((s) => store.complaints.create(draft(s), actor)));
    await store.botStorage.write({ 'state/a': { step: 1, eTag: '*' } });

    await proxy.stop();
    // Let the idle connections see their sockets close.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(uncaught, 'a lost connection must not become an uncaught exception').toEqual([]);

    const refused = await store.complaints.create(draft('during'), actor).then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect((refused as StoreUnavailableError).retryAfterMs).toBeGreaterThan(0);
    expect((refused as StoreUnavailableError).retryAfterMs).toBeLessThanOrEqual(4000);
    expect((refused as Error).message).toMatch(/database is unavailable .*try again in \d+ s/);
    // Within the backoff no connection is tried: the answer is the same typed error.
    await expect(store.botStorage.read(['state/a'])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.complaints.list()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(logged.join('\n')).toMatch(/PostgreSQL is unreachable/);

    await proxy.start();
    const after = await eventually(() => store.complaints.create(draft('after'), actor));
    expect(after.id).not.toBe(before[2]!.id);
    // Everything acknowledged before the drop is there, and nothing of the refused call.
    const subjects = (await store.complaints.list()).map((c) => c.subject).sort();
    expect(subjects).toEqual(['after', 'one', 'three', 'two']);
    expect((await store.botStorage.read(['state/a']))['state/a']).toMatchObject({ step: 1 });
    expect(logged.join('\n')).toMatch(/PostgreSQL is reachable again/);
    expect(uncaught).toEqual([]);
  });

  it('turns a connection cut in the middle of a query into StoreUnavailableError, and the next call works', async () => {
    expect(await eventually(() => store.complaints.count())).toBe(4);
    proxy.cutOnNextQuery();
    const cut = await store.complaints.count().then(() => undefined, (error: unknown) => error);
    expect(cut).toBeInstanceOf(StoreUnavailableError);
    expect((cut as Error).message).toMatch(/Connection terminated unexpectedly/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uncaught, 'a connection lost while checked out must not become an uncaught exception').toEqual([]);
    // The proxy still listens: the next call opens a fresh connection at once.
    expect(await store.complaints.count()).toBe(4);
  });
});
