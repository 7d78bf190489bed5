/**
 * Restart survival, the way it happens in production: `npm start`'s entry point
 * runs as a child process on a temp data dir, is SIGKILLed mid-complaint and
 * started again; the customer's next message continues the dialog because
 * dialog state and the Direct Line transcript live in the store.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { LINES, nextMove, wordingFor } from './complaint-customer.js';
import { HttpCustomer } from './http-customer.js';

// Compiled into test-results/ (gitignored) rather than dist/, so other suites that spawn
// dist/ binaries never see a half-written file while this one builds.
const BUILD_DIR = 'test-results/restart-build';
const MAIN = `${BUILD_DIR}/src/server/main.js`;
const secret = randomBytes(48).toString('base64');
// The store finds its default config relative to dist/; from this build folder it is named explicitly.
const CHILD_ENV = { HEARKEN_COMPLAINTS_CONFIG: resolve('src/complaints/defaults.yaml') };
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  // `npm start` runs the compiled server; build it the way `npm run build` does. tsc emits even
  // when another area has a type error, which the typecheck step reports separately.
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR], { stdio: 'pipe' });
  } catch {
    /* emitted anyway; checked below */
  }
  expect(existsSync(MAIN), `${MAIN} was not built`).toBe(true);
  dataDir = mkdtempSync(join(tmpdir(), 'hearken-restart-'));
}, 120_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...CHILD_ENV, PORT: '0', HEARKEN_DATA_DIR: dataDir, DATABASE_URL: '', HEARKEN_DIRECTLINE_SECRET: secret, HEARKEN_LISTEN_PAUSE_MS: '0', HEARKEN_TOKEN_TTL_SECONDS: '3600' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not print its URL within 90 s:\n${output}`)), 90_000);
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
  return { child, url, output: () => output };
}

describe('npm start configuration errors', () => {
  it('refuses a bad PORT, a bad chat limit, a short secret or token lifetime with exit code 2 and says what to fix', async () => {
    for (const [env, expected] of [
      [{ PORT: 'eighty' }, /PORT="eighty" is not a whole number between 0 and 65535/],
      [{ PORT: '0', HEARKEN_NEW_CHAT_BURST: '0' }, /HEARKEN_NEW_CHAT_BURST="0" is not a whole number between 1 and 1000000/],
      [{ PORT: '0', HEARKEN_DIRECTLINE_SECRET: 'short' }, /HEARKEN_DIRECTLINE_SECRET is shorter than 32 characters/],
      [{ PORT: '0', HEARKEN_TOKEN_TTL_SECONDS: '60' }, /HEARKEN_TOKEN_TTL_SECONDS="60" is not a whole number between 960 and 86400/],
    ] as const) {
      const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...CHILD_ENV, HEARKEN_DATA_DIR: dataDir, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(2);
      expect(output).toMatch(expected);
    }
    // Each child loads the whole server before it reads the environment: seconds apiece on a busy machine.
  }, 180_000);
});

describe('restart survival (npm start entry point as a child process)', () => {
  it('continues a complaint after SIGKILL, from the next message, and records every fact', async () => {
    const first = await startServer();
    expect(first.output()).not.toContain('HEARKEN_DIRECTLINE_SECRET is not set');
    // The entry point passes HEARKEN_TOKEN_TTL_SECONDS on to the chat tokens.
    const issued = await fetch(`${first.url}/v3/directline/tokens/generate`, { method: 'POST' });
    expect(((await issued.json()) as { expires_in: number }).expires_in).toBe(3600);
    const customer = new HttpCustomer(first.url, 'en');
    await customer.start();
    const w = wordingFor('en');
    const lines = LINES.en;

    expect(await customer.say(w.menu.lodge.label)).toEqual([w.listen.ask]);
    expect(await customer.say(lines.story[0])).toEqual([]);
    expect(await customer.say(lines.story[1])).toEqual([]);
    const afterStory = await customer.say(lines.done);
    const firstAsk = nextMove('en', afterStory);
    expect(firstAsk.kind).toBe('say');
    const afterFirstFact = await customer.say((firstAsk as { text: string }).text);
    const pending = nextMove('en', afterFirstFact);
    expect(pending.kind, `bot said ${JSON.stringify(afterFirstFact)}`).toBe('say');

    const watermarkBeforeKill = customer.watermark;
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startServer();
    customer.baseUrl = second.url;
    // The transcript survived: the whole history replays from the start.
    const history = await fetch(`${second.url}/v3/directline/conversations/${customer.conversationId}/activities?watermark=`, {
      headers: { authorization: `Bearer ${customer.token}` },
    });
    expect(history.status).toBe(200);
    expect(((await history.json()) as { watermark: string }).watermark).toBe(watermarkBeforeKill);

    // The next answer continues the dialog: the bot asks for the following item, it does not greet again.
    const afterRestart = await customer.say((pending as { text: string }).text);
    expect(afterRestart).not.toContain(w.greeting.intro);
    expect(afterRestart).not.toContain(w.errors.generic);
    expect(['say', 'tap']).toContain(nextMove('en', afterRestart).kind);

    const { complaintId } = await customer.playComplaint(30, afterRestart);
    expect(complaintId).toMatch(/^C-\d{8}-\d{4,}$/);

    second.child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    expect(code, second.output()).toBe(0);
    expect(second.output()).toContain('hearken: stopped');

    const store = await openStore({ dataDir, databaseUrl: '' });
    try {
      const complaint = await store.complaints.require(complaintId!);
      expect(complaint.channel).toBe('web_chat');
      expect(complaint.description).toContain(lines.story[0]);
      expect(complaint.description).toContain(lines.story[1]);
      expect(complaint.desiredResolution).toBe('refund');
      const facts = Object.fromEntries(complaint.facts.map((f) => [f.key, f.value]));
      expect(facts.affected).toBe(lines.facts.affected);
      expect(facts.when).toBe(lines.facts.when);
      expect(complaint.customer.email).toBe(lines.facts.contact);
    } finally {
      await store.close();
    }
  }, 180_000);
});
