// A supervisor edits the lexicon folder the server watches (HEARKEN_LEXICONS), with the whole server
// running and a customer on the real Direct Line client: an over-broad phrase that would block the
// bot's own greeting is refused by the go-live gate and the old guard stays live (the greeting still
// arrives); a good edit goes live, is recorded as a lexicon version, and the audit names it; a learned
// model that no longer fits (a renamed rule) neither stops the start nor repeats its warning.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from 'botframework-directlinejs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shippedLexiconsDir } from '../../src/lexicon-files/index.js';
import { startHearkenServer, type RunningHearken } from '../../src/server/hearken-server.js';
import { wordingFor } from './complaint-customer.js';
import { connectDirectLine, type ClientSession } from './directline-client.js';

// Each test compiles the full lexicons (and lints, trains or starts a server) several times: minutes on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function serverOnCopiedLexicons(edit?: (root: string) => void): Promise<{ hearken: RunningHearken; root: string; logs: string[] }> {
  const work = mkdtempSync(join(tmpdir(), 'hearken-go-live-'));
  const root = join(work, 'lexicons');
  cpSync(shippedLexiconsDir(), root, { recursive: true });
  edit?.(root);
  const logs: string[] = [];
  const hearken = await startHearkenServer({
    port: 0, dataDir: join(work, 'data'), secret: randomBytes(48), lexiconsDir: root,
    outboxIntervalMs: 3_600_000, watchIntervalMs: 3_600_000, log: (message) => logs.push(message),
  });
  cleanups.push(async () => {
    await hearken.close();
    rmSync(work, { recursive: true, force: true });
  });
  return { hearken, root, logs };
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A new customer on botframework-directlinejs; resolves with the bot's greeting question when it arrives. */
async function greetingOf(hearken: RunningHearken): Promise<string> {
  const res = await fetch(`${hearken.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'en' }) });
  const { token } = (await res.json()) as { token: string };
  const session: ClientSession = connectDirectLine(hearken.url, token, 'websocket');
  cleanups.push(() => session.end());
  const choose = wordingFor('en').greeting.choose;
  const greeting = await session.waitFor((a) => (a as Message).text === choose, 60_000);
  return (greeting as Message).text!;
}

/** A rule added at the top of en.yaml, as a supervisor would write it. */
function addRule(root: string, id: string, phrase: string): void {
  const file = join(root, 'guard', 'en.yaml');
  const text = readFileSync(file, 'utf8');
  const rule = [
    `  - id: ${id}`, '    severity: error', '    category: dismissal',
    '    message: {en: A phrase added by a supervisor., zh: 主管添加的短语。}',
    `    forbidden: ["${phrase}"]`,
    '    suggest: {en: ["Here is what I can do for you."], zh: [我来为您处理]}',
    `    tests: {flag: ["Well, ${phrase} now."], pass: ["Your refund is on its way."]}`, '',
  ].join('\n');
  writeFileSync(file, text.replace(/^rules:[ \t]*\n/m, (head) => head + rule));
}

const check = (hearken: RunningHearken, draft: string) => hearken.bot.draftCheck.checkDraft({ draft, by: 'agent:test', channel: 'cli' });

describe('a lexicon edit in the watched folder goes live only through the go-live gate', () => {
  it('refuses a phrase that blocks the greeting, keeps the old guard, and the greeting still reaches a Direct Line customer', async () => {
    const { hearken, root, logs } = await serverOnCopiedLexicons();
    const before = await check(hearken, 'So, what would you like to do about the refund?');
    expect(before.result.verdict).toBe('pass');
    expect(await greetingOf(hearken)).toBe('What would you like to do?');
    const live = await until('the first version in the log', async () => (await hearken.store.lexiconVersions.list())[0]);
    expect(live).toMatchObject({ version: before.lexiconVersion, ruleCount: expect.any(Number), learnedLayer: true });
    expect(live.contentHash.startsWith(live.version)).toBe(true);

    addRule(root, 'check.over-broad-en', 'what would you like to do');
    const refused = await until('the refusal', () => logs.find((l) => /reload failed/.test(l)));
    expect(refused).toMatch(/keeping the last good lexicons/);
    expect(refused).toContain('greeting.choose');
    expect(refused).toContain('check.over-broad-en');

    const after = await check(hearken, 'So, what would you like to do about the refund?');
    expect(after.result.verdict).toBe('pass');
    expect(after.lexiconVersion).toBe(before.lexiconVersion);
    expect(await greetingOf(hearken)).toBe('What would you like to do?');
    expect((await hearken.store.lexiconVersions.list()).map((v) => v.version)).toEqual([before.lexiconVersion]);
  });

  it('puts a good edit live, records its version, and the audit row of the next check names it', async () => {
    const { hearken, root, logs } = await serverOnCopiedLexicons();
    const draft = 'Frankly, you are being a nuisance.';
    const before = await check(hearken, draft);
    expect(before.result.findings.map((f) => f.ruleId)).not.toContain('dismissal.nuisance-en');

    expect(logs.filter((l) => /trained on other lexicons than these; it is still used/.test(l))).toEqual([]);
    addRule(root, 'dismissal.nuisance-en', 'you are being a nuisance');
    await until('the reload', () => logs.find((l) => /phrasing guard reloaded: \d+ rules, version \w+; none of \d+ bot messages/.test(l)));
    // The edit leaves the learned model trained on other lexicons: still used, said once.
    expect(logs.filter((l) => /learned-model\.json was trained on other lexicons than these; it is still used/.test(l))).toHaveLength(1);
    const after = await check(hearken, draft);
    expect(after.result.verdict).toBe('block');
    expect(after.result.findings.map((f) => f.ruleId)).toContain('dismissal.nuisance-en');
    expect(after.lexiconVersion).not.toBe(before.lexiconVersion);

    const versions = await until('both versions in the log', async () => {
      const list = await hearken.store.lexiconVersions.list();
      return list.length === 2 ? list : undefined;
    });
    expect(versions.map((v) => v.version)).toEqual([before.lexiconVersion, after.lexiconVersion]);
    expect(versions[1]!.ruleCount).toBe(versions[0]!.ruleCount + 1);
    expect((await hearken.store.guardAudit.get(after.auditId))!.lexiconVersion).toBe(after.lexiconVersion);
    expect(await greetingOf(hearken)).toBe('What would you like to do?');
  });
});

describe('a server started on lexicons that would block its own greeting', () => {
  it('does not start, and says which message and which rule', async () => {
    const work = mkdtempSync(join(tmpdir(), 'hearken-go-live-start-'));
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));
    const root = join(work, 'lexicons');
    cpSync(shippedLexiconsDir(), root, { recursive: true });
    addRule(root, 'check.over-broad-en', 'what would you like to do');
    const start = startHearkenServer({ port: 0, dataDir: join(work, 'data'), secret: randomBytes(48), lexiconsDir: root, log: () => {} });
    await expect(start).rejects.toThrow(/too broad to go live[\s\S]*\[check\.over-broad-en\] would block the bot's own message greeting\.choose/);
  });
});

describe('a learned model that no longer fits the lexicons', () => {
  it('does not stop the start: the rules judge, the layer is off, and the warning is said once', async () => {
    const { hearken, root, logs } = await serverOnCopiedLexicons((dir) => {
      const file = join(dir, 'guard', 'en.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/- id: deflect\.not-my-job-en$/m, '- id: deflect.not-my-job-en-renamed'));
    });
    const warnings = () => logs.filter((l) => /learned layer is off until it is retrained/.test(l));
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('deflect.not-my-job-en');
    const rude = await check(hearken, "That's not my problem, you should have read the manual.");
    expect(rude.result.verdict).toBe('block');
    expect(rude.result.findings.map((f) => f.ruleId)).toContain('deflect.not-my-job-en-renamed');
    expect(await greetingOf(hearken)).toBe('What would you like to do?');
    await until('the first version in the log', async () => (await hearken.store.lexiconVersions.list())[0]);
    expect((await hearken.store.lexiconVersions.list())[0]!.learnedLayer).toBe(false);

    // A later edit that leaves the model unfit goes live without saying it again.
    addRule(root, 'dismissal.nuisance-en', 'you are being a nuisance');
    await until('the reload', () => logs.find((l) => /phrasing guard reloaded/.test(l)));
    expect(warnings()).toHaveLength(1);
  });
});
