import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run as lexiconRun } from '../../../src/cli/commands/lexicon.js';
import { run as lintRun } from '../../../src/cli/commands/lint.js';
import { LintResultSchema } from '../../../src/contracts/finding.js';
import { APPROVED, CATEGORIES, CUES, RULES_TEXT } from '../../guard/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, text: string) => { const path = join(work, name); writeFileSync(path, text); return path; };

/** Runs a command module, capturing what it prints. */
async function capture(run: (argv: string[]) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk).replace(/\n$/, '')); return true; });
  try {
    const code = await run(argv);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore(); error.mockRestore(); write.mockRestore();
  }
}

describe('hearken lint', () => {
  it('prints file:line:col, rule id, message and suggestions, and exits 1 on block', async () => {
    const draft = file('draft.txt', '您好。\n这个不关我的事。');
    const { code, stdout } = await capture(lintRun, [draft]);
    expect(code).toBe(1);
    expect(stdout).toContain(draft);
    expect(stdout).toMatch(/2:3 +error +"不关我的事" .*deflect\.not-my-job/);
    expect(stdout).toMatch(/try: 这件事由我负责跟进/);
    expect(stdout).toMatch(/\(lexicons\/guard\/zh\.yaml:\d+\)/);
    expect(stdout).toMatch(/verdict: block/);
  });

  it('exits 0 on pass and on warn', async () => {
    expect((await capture(lintRun, [file('ok.txt', 'Thank you for your patience.')])).code).toBe(0);
    const warn = await capture(lintRun, [file('warn.txt', 'Please try again later.'), '--json']);
    expect(warn.code).toBe(0);
    expect(JSON.parse(warn.stdout).verdict).toBe('warn');
  });

  it('prints one result object with --json', async () => {
    const { code, stdout } = await capture(lintRun, [file('d.txt', "Calm down, it isn't my job."), '--json']);
    expect(code).toBe(1);
    const result = LintResultSchema.parse(JSON.parse(stdout));
    expect(result.findings.map((f) => f.actual)).toEqual(['Calm down', "isn't my job"]);
  });

  it('lints JSON Lines in batch and reports bad lines without losing the others', async () => {
    const input = file('batch.jsonl', [
      JSON.stringify({ id: 'a', text: '你問我，我問誰' }),
      '',
      JSON.stringify({ id: 'b', text: 'Happy to help!', lang: 'en' }),
      '{broken',
      JSON.stringify({ id: 'c', text: 42 }),
    ].join('\n'));
    const { code, stdout, stderr } = await capture(lintRun, [input, '--jsonl']);
    expect(code).toBe(2);
    const lines = stdout.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 'a', verdict: 'block' });
    expect(lines[1]).toMatchObject({ id: 'b', verdict: 'pass', findings: [] });
    expect(lines[2]).toMatchObject({ line: 4 });
    // Errors name the file they come from, not "stdin".
    expect(lines[3]!.error).toBe(`${input}:5: "text" must be a string`);
    expect(lines[3]).toMatchObject({ id: 'c', line: 5 });
    expect(stderr).toContain(`${input}:4: not valid JSON`);
  });

  it('uses --lexicons DIR and exits 2 with file:line:col on a broken lexicon', async () => {
    const dir = mkdtempSync(join(work, 'lex-'));
    writeFileSync(join(dir, 'categories.yaml'), CATEGORIES.text);
    writeFileSync(join(dir, 'approved.yaml'), APPROVED.text);
    writeFileSync(join(dir, 'customer-cues.yaml'), CUES.text);
    writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT);
    const draft = file('old.txt', '老头');
    const ok = await capture(lintRun, [draft, '--lexicons', dir, '--json']);
    expect(JSON.parse(ok.stdout).findings[0].ruleId).toBe('insult.old-man');
    writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT.replace("regex: '管不[了着]'", "regex: '[unclosed'"));
    const broken = await capture(lintRun, [draft, '--lexicons', dir]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/rules\.yaml:12:16: \[deflect\.not-my-job\] invalid regex/);
  });

  it('passes --customer to the context check', async () => {
    const { stdout } = await capture(lintRun, [file('c.txt', 'Your refund arrives Monday.'), '--json', '--customer', 'I am furious!!']);
    expect(JSON.parse(stdout).findings[0].ruleId).toBe('context.acknowledge-feelings');
  });

  it('answers usage errors with exit 2', async () => {
    expect((await capture(lintRun, ['--nope'])).code).toBe(2);
    expect((await capture(lintRun, ['a', 'b'])).code).toBe(2);
    expect((await capture(lintRun, ['x', '--json', '--jsonl'])).code).toBe(2);
    const missing = await capture(lintRun, [join(work, 'missing.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
    const help = await capture(lintRun, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: hearken lint/);
  });
});

describe('hearken lexicon check', () => {
  it('summarises the shipped lexicons per file', async () => {
    const { code, stdout } = await capture(lexiconRun, ['check']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/lexicons\/guard\/zh\.yaml +ok +\d+ rules/);
    expect(stdout).toMatch(/lexicons\/guard\/en\.yaml +ok/);
    expect(stdout).toMatch(/self-tests passed/);
  });

  it('prints JSON and fails with exit 1 listing errors', async () => {
    const dir = mkdtempSync(join(work, 'bad-'));
    writeFileSync(join(dir, 'categories.yaml'), CATEGORIES.text);
    writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT.replace('forbidden: [老头, 老头子]', 'forbidden: [老头, 老头子, not my job]'));
    const { code, stdout } = await capture(lexiconRun, ['check', dir, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { ok: boolean; errors: { file: string; line: number; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.errors[0]).toMatchObject({ line: 25 });
    expect(report.errors[0]!.message).toMatch(/is also in rule deflect\.not-my-job/);
  });

  it('exits 2 on usage errors and missing directories', async () => {
    expect((await capture(lexiconRun, [])).code).toBe(2);
    expect((await capture(lexiconRun, ['frobnicate'])).code).toBe(2);
    expect((await capture(lexiconRun, ['check', join(work, 'nope')])).code).toBe(2);
  });
});

// The built CLI, as a user runs it. `npm run build` (or `npm install`, via
// prepare) produces dist/; without it this block says why it is skipped.
const built = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
if (!existsSync(built)) console.warn(`skipping the spawned-CLI tests: ${built} is missing; run \`npm run build\` first`);
describe.skipIf(!existsSync(built))('built CLI (node dist/src/cli/main.js)', () => {
  // The compile cache goes to this test's temp dir, not the developer's ~/.cache.
  const env = { ...process.env, HEARKEN_CACHE_DIR: join(work, 'cache') };
  it('reads a draft from stdin with "-" and sets the exit code', () => {
    const block = spawnSync(process.execPath, [built, 'lint', '-', '--json'], { input: '這事我也做不了主，我回去把您的意見反映一下', encoding: 'utf8', env });
    expect(block.status).toBe(1);
    const result = LintResultSchema.parse(JSON.parse(block.stdout));
    expect(result.findings[0]!.suggestions[0]).toMatch(/負責/);
    const pass = spawnSync(process.execPath, [built, 'lint'], { input: '请稍等，我马上帮您查询。', encoding: 'utf8', env });
    expect(pass.status).toBe(0);
  });

  it('finds the shipped lexicons from any working directory', () => {
    const r = spawnSync(process.execPath, [built, 'lexicon', 'check'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/zh\.yaml +ok/);
  });
});
