// `hearken lexicon check` and `hearken lexicon train` as a supervisor uses them, on copies of the
// shipped lexicon folder: the go-live gate names the bot's wording key or the polite-corpus line and
// the rule; a renamed rule leaves lint blocking and the learned layer off with a warning until
// `lexicon train` retrains it; HEARKEN_LEXICONS (the CLI context) picks the folder.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PLAIN_CONTEXT, type CliContext } from '../../../src/cli/command.js';
import { run as lexiconRun } from '../../../src/cli/commands/lexicon.js';
import { run as lintRun } from '../../../src/cli/commands/lint.js';
import { shippedLexiconsDir } from '../../../src/lexicon-files/index.js';
import { openSqliteStore } from '../../../src/store/index.js';

// Each test compiles the full lexicons (and lints, trains or starts a server) several times: minutes on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const work = mkdtempSync(join(tmpdir(), 'hearken-lexicon-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let copies = 0;
/** A copy of the shipped lexicon folder (guard/, triage/, polite-corpus/), as a supervisor starts. */
function copyLexicons(): string {
  const root = join(work, `copy-${++copies}`, 'lexicons');
  cpSync(shippedLexiconsDir(), root, { recursive: true });
  return root;
}

async function capture(argv: string[], cli: CliContext = PLAIN_CONTEXT, run = lexiconRun, input?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk).replace(/\n$/, '')); return true; });
  const read = input === undefined ? undefined : vi.spyOn(process.stdin, Symbol.asyncIterator).mockImplementation(async function* () { yield Buffer.from(input); });
  try {
    const code = await run(argv, cli);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore(); error.mockRestore(); write.mockRestore(); read?.mockRestore();
  }
}

/** Adds a rule at the top of a rule file, the way the acceptance check and a supervisor would. */
function addRule(root: string, file: string, id: string, phrase: string, flag: string): number {
  const path = join(root, 'guard', file);
  const text = readFileSync(path, 'utf8');
  const rule = [
    `  - id: ${id}`, '    severity: error', '    category: dismissal',
    '    message: {en: A phrase added by a supervisor., zh: 主管添加的短语。}',
    `    forbidden: ["${phrase}"]`,
    '    suggest: {en: ["Here is what I can do for you."], zh: [我来为您处理]}',
    `    tests: {flag: ["${flag}"], pass: ["Your refund is on its way."]}`, '',
  ].join('\n');
  writeFileSync(path, text.replace(/^rules:[ \t]*\n/m, (head) => head + rule));
  // The line of the forbidden entry: 1 (rules:) + 4 lines before it.
  return text.slice(0, text.search(/^rules:/m)).split('\n').length + 5;
}

const renameRule = (root: string, from: string, to: string) => {
  const path = join(root, 'guard', 'en.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace(new RegExp(`- id: ${from.replace(/\./g, '\\.')}$`, 'm'), `- id: ${to}`));
};

describe('hearken lexicon check: the go-live gate', { timeout: 120_000 }, () => {
  it('passes the shipped folder and says what it linted', async () => {
    const root = copyLexicons();
    const r = await capture(['check', root, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; version: string; learned: string; goLive: { botMessages: number; politeReplies: number } };
    expect(report).toMatchObject({ ok: true, learned: 'current', version: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(report.goLive.botMessages).toBeGreaterThan(300);
    expect(report.goLive.politeReplies).toBeGreaterThanOrEqual(300);
  });

  it("fails on a phrase from the bot's own wording, naming the wording key, the rule and the lexicon line", async () => {
    const root = copyLexicons();
    const line = addRule(root, 'en.yaml', 'check.over-broad-en', 'what would you like to do', 'So, what would you like to do about it?');
    const r = await capture(['check', join(root, 'guard')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`guard/en.yaml:${line}:`);
    expect(r.stderr).toContain('[check.over-broad-en]');
    expect(r.stderr).toMatch(/the bot's own message greeting\.choose \(en, dialogs\/wording\/en\.yaml:\d+:\d+\)/);
    // greeting.choose and greeting.again both carry the phrase: the gate counts every message it would block.
    expect(r.stderr).toMatch(/would block 2 bot messages and 0 polite replies/);
    const json = JSON.parse((await capture(['check', root, '--json'])).stdout) as { ok: boolean; stage: string; errors: { ruleId: string; line: number }[] };
    expect(json).toMatchObject({ ok: false, stage: 'go-live' });
    expect(json.errors.map((e) => [e.ruleId, e.line])).toEqual([['check.over-broad-en', line], ['check.over-broad-en', line]]);
  });

  it('fails on a phrase that blocks polite replies of the breadth corpus, naming the corpus line and section', async () => {
    const root = copyLexicons();
    addRule(root, 'zh.yaml', 'check.over-broad-zh', '已经退', '钱已经退给你了，别再问了');
    const r = await capture(['check', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[check\.over-broad-zh\] would block a polite, approved reply of the breadth corpus \(zh-Hans, \S+, .*polite-corpus\/zh-Hans\.yaml:\d+:\d+\)/);
    expect(r.stderr).toMatch(/zh-Hant, \S+, .*polite-corpus\/zh-Hant\.yaml:\d+:\d+/);
    expect(r.stderr).toMatch(/would block 0 bot messages and \d+ polite replies/);
  });

  it('refuses a polite corpus it cannot trust: too small, or a bad file (file:line:col)', async () => {
    const small = copyLexicons();
    unlinkSync(join(small, 'polite-corpus', 'zh-Hans.yaml'));
    unlinkSync(join(small, 'polite-corpus', 'zh-Hant.yaml'));
    const r = await capture(['check', small]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/polite corpus holds 1\d\d replies; the breadth check needs at least 300/);

    const bad = copyLexicons();
    const file = join(bad, 'polite-corpus', 'en.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^lang: en$/m, 'lang: english'));
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('lang:')) + 1;
    const b = await capture(['check', bad]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`polite-corpus/en.yaml:${line}:7: lang:`);
  });

  it('reads the folder HEARKEN_LEXICONS names when no DIR is given', async () => {
    const root = copyLexicons();
    addRule(root, 'en.yaml', 'check.over-broad-en', 'what would you like to do', 'So, what would you like to do about it?');
    const r = await capture(['check'], { ...PLAIN_CONTEXT, lexiconsDir: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('greeting.choose');
  });
});

describe('a renamed rule with nothing retrained, then `hearken lexicon train`', { timeout: 120_000 }, () => {
  it('lint still blocks (exit 1) with one warning; check passes and says the layer is off; train brings it back', async () => {
    const root = copyLexicons();
    renameRule(root, 'deflect.not-my-job-en', 'deflect.not-my-job-en-renamed');
    const cli = { ...PLAIN_CONTEXT, lexiconsDir: root };
    const rude = "That's not my problem, you should have read the manual.";
    const lint = await capture(['-', '--json'], cli, lintRun, rude);
    expect(lint.code).toBe(1);
    expect(JSON.parse(lint.stdout)).toMatchObject({ verdict: 'block', findings: expect.arrayContaining([expect.objectContaining({ ruleId: 'deflect.not-my-job-en-renamed' })]) });
    expect(lint.stderr.split('\n').filter((l) => /learned layer is off/.test(l))).toHaveLength(1);
    expect(lint.stderr).toMatch(/learned-model\.json: the model was trained on other lexicons.*deflect\.not-my-job-en\b.*hearken lexicon train/);

    const check = await capture(['check', '--json'], cli);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, learned: 'off' });

    const train = await capture(['train'], cli);
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/learned layer trained on \d+ drafts/);
    expect(train.stdout).toContain(join(root, 'guard', 'learned-model.json'));
    const model = JSON.parse(readFileSync(join(root, 'guard', 'learned-model.json'), 'utf8')) as { families: { rule: string }[] };
    expect(model.families.map((f) => f.rule)).toContain('deflect.not-my-job-en-renamed');
    expect(model.families.map((f) => f.rule)).not.toContain('deflect.not-my-job-en');

    const after = await capture(['check', '--json'], cli);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, learned: 'current', warnings: [] });
    const lintAfter = await capture(['-', '--json'], cli, lintRun, rude);
    expect(lintAfter.code).toBe(1);
    expect(lintAfter.stderr).toBe('');
  });

  it('calls a model trained on other lexicons stale (still used), and refuses to train on lexicons that do not load', async () => {
    const root = copyLexicons();
    const path = join(root, 'guard', 'en.yaml');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n# a supervisor's note\n`);
    const check = await capture(['check', root]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/learned layer: trained on other lexicons or drafts than these .*hearken lexicon train/);

    writeFileSync(path, readFileSync(path, 'utf8').replace(/^rules:/m, 'rulez:'));
    const train = await capture(['train', root]);
    expect(train.code).toBe(1);
    expect(train.stderr).toMatch(/guard\/en\.yaml:\d+:\d+: .*rulez/);
    expect(train.stderr).toMatch(/nothing to train on; fix them first/);
    expect((await capture(['train', join(work, 'no-such-folder')])).code).toBe(2);
  });
});

describe('hearken lexicon versions', () => {
  it('lists the versions that went live, newest N, as text or JSON', async () => {
    const data = join(work, 'versions-data');
    const store = await openSqliteStore({ dataDir: data });
    try {
      expect((await capture(['versions', '--data-dir', data])).stdout).toMatch(/no lexicon version went live/);
      await store.lexiconVersions.record({ version: 'aaaaaaaaaaaa', contentHash: 'a'.repeat(64), ruleCount: 71, learnedLayer: true, folder: '/srv/lexicons/guard', by: 'server 7', at: new Date('2026-11-20T08:00:00Z') });
      await store.lexiconVersions.record({ version: 'bbbbbbbbbbbb', contentHash: 'b'.repeat(64), ruleCount: 72, learnedLayer: false, by: 'server 7', at: new Date('2026-11-21T08:00:00Z') });
    } finally {
      await store.close();
    }
    const text = await capture(['versions', '--data-dir', data]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')).toEqual([
      '2026-11-20T08:00:00.000Z  aaaaaaaaaaaa    71 rules  learned layer on   server 7  /srv/lexicons/guard',
      '2026-11-21T08:00:00.000Z  bbbbbbbbbbbb    72 rules  learned layer off  server 7',
    ]);
    const json = JSON.parse((await capture(['versions', '--data-dir', data, '--limit', '1', '--json'])).stdout) as { version: string }[];
    expect(json.map((v) => v.version)).toEqual(['bbbbbbbbbbbb']);
    expect((await capture(['versions', '--limit', '0', '--data-dir', data])).code).toBe(2);
    expect((await capture(['versions', 'somewhere', '--data-dir', data])).code).toBe(2);
  });
});

describe("the supervisor's guide (docs/lexicons.md)", () => {
  it('shows an example rule that loads, passes every check and blocks its own example, as written', async () => {
    const guide = readFileSync(join(process.cwd(), 'docs', 'lexicons.md'), 'utf8');
    const example = /```yaml\nrules:\n([\s\S]*?)```/.exec(guide)![1]!;
    const root = copyLexicons();
    const path = join(root, 'guard', 'en.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^rules:[ \t]*\n/m, (head) => `${head}${example}\n`));
    const check = await capture(['check', root]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const flag = /flag: \["([^"]+)"\]/.exec(example)![1]!;
    const lint = await capture(['-', '--json'], { ...PLAIN_CONTEXT, lexiconsDir: root }, lintRun, flag);
    expect(lint.code).toBe(1);
    expect(JSON.parse(lint.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain(/- id: ([\w.-]+)/.exec(example)![1]);
  });
});
