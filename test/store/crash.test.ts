import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { defaultConfig } from '../complaints/fixtures.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const writerScript = join(here, 'complaint-writer.ts');
const register = join(here, 'ts-register.mjs');

const dirs: string[] = [];
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });
const tempDir = () => { const dir = mkdtempSync(join(tmpdir(), 'hearken-crash-')); dirs.push(dir); return dir; };

function startWriter(dataDir: string, count: string, label: string, now?: string): { child: ChildProcess; acks: { id: string; subject: string }[]; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', register, writerScript, dataDir, count, label, ...(now ? [now] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: { id: string; subject: string }[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const match = /^ACK (\S+) (\S+)$/.exec(line);
      if (match) acks.push({ id: match[1]!, subject: match[2]! });
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`writer ${label} exited ${code}: ${stderr}`);
    resolve(code);
  }));
  return { child, acks, done };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('SQLite durability and cross-process writers', () => {
  it('keeps every acknowledged complaint when the writer is killed with SIGKILL mid-stream', async () => {
    const dir = tempDir();
    const writer = startWriter(dir, 'forever', 'crash');
    // Let it get well into the stream, then kill it at an arbitrary point.
    await until(() => writer.acks.length >= 150, 60_000);
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20)));
    writer.child.kill('SIGKILL');
    expect(await writer.done).toBeNull();
    const acked = [...writer.acks];
    expect(acked.length).toBeGreaterThanOrEqual(150);

    // The database opens cleanly and passes SQLite's own integrity check.
    const raw = new BetterSqlite3(join(dir, 'hearken.db'));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const store = await openSqliteStore({ dataDir: dir, config: defaultConfig });
    try {
      for (const { id, subject } of acked) {
        const record = await store.complaints.get(id);
        expect(record, `acknowledged ${id} must survive`).toBeDefined();
        expect(record!.subject).toBe(subject);
        expect(record!.history).toHaveLength(1);
      }
      const stored = await store.complaints.count();
      // At most the one write in flight at the kill may be stored without an ACK.
      expect(stored - acked.length).toBeGreaterThanOrEqual(0);
      expect(stored - acked.length).toBeLessThanOrEqual(1);
      // And it keeps working: numbering continues after the last stored complaint.
      const next = await store.complaints.create({ channel: 'phone', locale: 'en', customer: {}, subject: 'after', description: 'after the crash', category: 'billing' }, { actor: 'agent:x', channel: 'phone' });
      expect(await store.complaints.count()).toBe(stored + 1);
      expect(Number(next.id.slice(-4))).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 90_000);

  it('two processes creating complaints on the same day get unique, gap-free numbers', async () => {
    const dir = tempDir();
    // Create the schema first so the two writers do not race on migrations' first run.
    await (await openSqliteStore({ dataDir: dir, config: defaultConfig })).close();
    const day = '2026-11-23T03:00:00.000Z';
    const a = startWriter(dir, '40', 'a', day);
    const b = startWriter(dir, '40', 'b', day);
    expect(await a.done).toBe(0);
    expect(await b.done).toBe(0);
    const ids = [...a.acks, ...b.acks].map((ack) => ack.id).sort();
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);
    expect(ids[0]).toBe('C-20261123-0001');
    expect(ids[79]).toBe('C-20261123-0080');
  }, 90_000);
});
