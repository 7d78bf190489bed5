/**
 * The database drops under a running server, the way it happens in production:
 * `npm start`'s entry point runs as a child process with DATABASE_URL pointing at
 * a loopback TCP proxy in front of PostgreSQL. The test stops the proxy (every
 * connection is cut, new ones are refused) and starts it again. The process
 * must live through it, answer 503 with Retry-After while the database is away,
 * carry on when it is back, and have stored every message it answered 200.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type Store } from '../../src/store/index.js';
import { ChatLog } from '../../src/store/chat-log.js';
import { TcpProxy } from '../store/tcp-proxy.js';
import { LINES, nextMove, wordingFor } from './complaint-customer.js';
import { HttpCustomer } from './http-customer.js';

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.warn('test/web/database-outage.test.ts: SKIPPED because DATABASE_URL is not set (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)');

const schema = `hk_outage_web_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const secret = randomBytes(48).toString('base64');

describe.skipIf(!DATABASE_URL)('the server when PostgreSQL drops and comes back', () => {
  let proxy: TcpProxy;
  let child: ChildProcess;
  let output = '';
  let exited: number | null | undefined;
  let url: string;

  beforeAll(async () => {
    const through = TcpProxy.forDatabaseUrl(DATABASE_URL!);
    proxy = through.proxy;
    const port = await proxy.start();
    // The TypeScript sources run directly (as the crash test's writer does), so no build is needed;
    // every module then passes the loader hooks, which makes start-up slow on a busy machine.
    child = spawn(process.execPath, ['--import', './test/store/ts-register.mjs', 'src/server/main.ts'], {
      env: {
        ...process.env, PORT: '0', DATABASE_URL: through.url(port), HEARKEN_DB_SCHEMA: schema,
        HEARKEN_DIRECTLINE_SECRET: secret, HEARKEN_LISTEN_PAUSE_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (exited = code));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not print its URL within 120 s:\n${output}`)), 120_000);
      const check = () => {
        const match = /Hearken web chat: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
    });
  }, 150_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await proxy?.stop();
    if (!DATABASE_URL) return;
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try { await client.query(`drop schema if exists ${schema} cascade`); } finally { await client.end(); }
  });

  it('lives through the drop, answers 503 with Retry-After while away, and loses nothing it answered 200', async () => {
    const customer = new HttpCustomer(url, 'en');
    await customer.start();
    const w = wordingFor('en');
    const lines = LINES.en;
    const acknowledged: string[] = [];
    const say = async (text: string) => {
      const replies = await customer.say(text); // throws unless 200
      acknowledged.push(text);
      return replies;
    };
    expect(await say(w.menu.lodge.label)).toEqual([w.listen.ask]);
    expect(await say(lines.story[0])).toEqual([]);

    await proxy.stop();
    // Give the server's idle database connections time to see their sockets die.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(exited, `the server died when the database dropped:\n${output}`).toBeUndefined();

    const post = (text: string) => fetch(`${url}/v3/directline/conversations/${customer.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text, locale: 'en' }),
    });
    for (const attempt of [1, 2, 3]) {
      const refused = await post(lines.story[1]);
      expect(refused.status, `attempt ${attempt}: ${await refused.clone().text()}`).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ServiceUnavailable');
    }
    // A new chat cannot be stored either: 503, not a conversation that is lost on restart.
    const newChat = await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' });
    expect(newChat.status).toBe(503);
    expect(newChat.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(exited).toBeUndefined();
    expect(output).toMatch(/PostgreSQL is unreachable/);

    await proxy.start();
    // The customer sends again, as Web Chat does after a failed send, until the server is back.
    const deadline = Date.now() + 20_000;
    let afterStory: string[] | undefined;
    while (!afterStory) {
      try {
        afterStory = await say(lines.story[1]);
      } catch (error) {
        if (!/answered 503/.test((error as Error).message) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    // Listening: no reply of its own. The one turn that met the drop (before the server knew the
    // database was away) apologised and asked to send again; later attempts were refused up front.
    const apologies = afterStory.filter((text) => /^Sorry, something went wrong on our side/.test(text));
    expect(apologies.length).toBeLessThanOrEqual(1);
    expect(afterStory.filter((text) => !apologies.includes(text))).toEqual([]);
    const afterDone = await say(lines.done);
    expect(afterDone).not.toContain(w.errors.generic);
    expect(nextMove('en', afterDone).kind).toBe('say');
    const { complaintId } = await customer.playComplaint(30, afterDone);
    expect(complaintId).toMatch(/^C-\d{8}-\d{4,}$/);
    expect(exited).toBeUndefined();

    // What the server answered 200 is stored: the transcript holds every acknowledged message, in order.
    const store: Store = await openPostgresStore({ databaseUrl: DATABASE_URL!, schema, log: () => {} });
    try {
      const stored = await new ChatLog(store.botStorage).loadConversation(customer.conversationId);
      const said = (stored?.activities ?? []).filter((a) => a.from?.role === 'user' && a.type === 'message').map((a) => a.text);
      let from = 0;
      for (const text of acknowledged) {
        const at = said.indexOf(text, from);
        expect(at, `acknowledged "${text}" is not stored after position ${from}: ${JSON.stringify(said)}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
      const complaint = await store.complaints.require(complaintId!);
      expect(complaint.description).toContain(lines.story[0]);
      expect(complaint.description).toContain(lines.story[1]);
    } finally {
      await store.close();
    }

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => (exited !== undefined ? resolve(exited) : child.once('exit', resolve)));
    expect(code, output).toBe(0);
  }, 90_000);
});
