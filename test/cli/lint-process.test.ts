// The built CLI as CI and agents run it: several files, formats, pipes that
// close early, colour from the environment, the compile cache on disk.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { colourWanted } from '../../src/cli/colour.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'hearken-lintproc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const cacheDir = join(work, 'cache');
// A clean environment: no colour settings inherited from the developer's shell.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NO_COLOR', 'FORCE_COLOR', 'HEARKEN_CACHE_DIR'].includes(k)));
const hearken = (args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}) => spawnSync(process.execPath, [cli, ...args], {
  input: options.input, encoding: 'utf8', cwd: options.cwd ?? work, maxBuffer: 1 << 26,
  env: { ...baseEnv, HEARKEN_CACHE_DIR: cacheDir, ...options.env },
});

const replies = join(work, 'replies');
mkdirSync(join(replies, 'billing'), { recursive: true });
writeFileSync(join(replies, 'a.txt'), "Thanks for writing in.\nThat's not my problem, you should have read the manual.\n");
writeFileSync(join(replies, 'billing', 'b.md'), '# Canned reply\n\n这不归我管，你问我我问谁。\n');
writeFileSync(join(replies, 'ok.md'), '<!-- hearken-disable-next-line deflect.not-my-job-en -->\nThat is not my problem.\n');

describe('colourWanted', () => {
  it('colours a terminal, honours NO_COLOR, and lets FORCE_COLOR win', () => {
    expect(colourWanted({ isTTY: true })).toBe(true);
    expect(colourWanted({ isTTY: false })).toBe(false);
    expect(colourWanted({ isTTY: true, noColor: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true, noColor: '' })).toBe(true);
    expect(colourWanted({ isTTY: true, term: 'dumb' })).toBe(false);
    expect(colourWanted({ isTTY: false, forceColor: '1' })).toBe(true);
    expect(colourWanted({ isTTY: false, forceColor: '', noColor: '1' })).toBe(true);
    expect(colourWanted({ isTTY: true, forceColor: '0' })).toBe(false);
    expect(colourWanted({ isTTY: true, forceColor: 'false' })).toBe(false);
  });
});

if (!existsSync(cli)) console.warn(`skipping the spawned lint tests: ${cli} is missing; run \`npm run build\` first`);
describe.skipIf(!existsSync(cli))('hearken lint, spawned', () => {
  it('lints a quoted glob and a file in one SARIF log, naming each file and line', () => {
    const r = hearken(['lint', '--format', 'sarif', 'replies/**/*.md', 'replies/a.txt']);
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    const where = log.runs[0]!.results.map((x) => `${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine}`);
    expect(where).toContain('replies/a.txt:2');
    expect(where).toContain('replies/billing/b.md:3');
    // ok.md's directive silenced its only finding.
    expect(where.some((w) => w.startsWith('replies/ok.md'))).toBe(false);
  });

  it('prints checkstyle, compact and JSON Lines for the same files', () => {
    const xml = hearken(['lint', '-f', 'checkstyle', 'replies']);
    expect(xml.stdout.match(/<file name=/g)).toHaveLength(3);
    const compact = hearken(['lint', '-f', 'compact', 'replies']);
    expect(compact.stdout).toMatch(/^replies\/a\.txt:2:\d+: error: /m);
    const lines = hearken(['lint', '-f', 'jsonl', 'replies']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; verdict: string });
    expect(lines.map((l) => [l.file, l.verdict])).toEqual([['replies/a.txt', 'block'], ['replies/billing/b.md', 'block'], ['replies/ok.md', 'pass']]);
  });

  it('--fix-dry-run prints the text and leaves the file alone; the report goes to stderr', () => {
    const before = readFileSync(join(replies, 'a.txt'), 'utf8');
    const r = hearken(['lint', '--fix-dry-run', 'replies/a.txt']);
    // The shipped rule for "not my problem" carries a span fix: the dry run prints the fixed text.
    expect(before).toContain('not my problem');
    expect(r.stdout).toBe(before.replace('not my problem', 'something I will sort out for you'));
    expect(r.stderr).toMatch(/verdict: block/);
    expect(readFileSync(join(replies, 'a.txt'), 'utf8')).toBe(before);
    const json = JSON.parse(hearken(['lint', '--fix-dry-run', '--json', 'replies/a.txt']).stdout) as { output: string };
    expect(json.output).toBe(r.stdout);
  });

  it('colours only on FORCE_COLOR (stdout is a pipe here), and never with NO_COLOR alone', () => {
    expect(hearken(['lint', 'replies/a.txt']).stdout).not.toMatch(/\x1b\[/);
    expect(hearken(['lint', 'replies/a.txt'], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\x1b\[31m/);
    expect(hearken(['lint', 'replies/a.txt'], { env: { NO_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
    expect(hearken(['lint', '--json', 'replies/a.txt'], { env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
  });

  it('--jsonl takes a customer per line and names the real file in errors', () => {
    const batch = join(work, 'batch.jsonl');
    writeFileSync(batch, [
      JSON.stringify({ id: 1, text: 'Your order arrives on Tuesday.', customer: 'I am FURIOUS, third time I write!' }),
      JSON.stringify({ id: 2, text: 'Your order arrives on Tuesday.' }),
      JSON.stringify({ id: 3, text: 'Your order arrives on Tuesday.', customerEmotion: { label: 'anger', intensity: 0.9 } }),
      JSON.stringify({ id: 4, text: 'x', customerEmotion: { label: 'rage', intensity: 2 } }),
    ].join('\n'));
    const r = hearken(['lint', '--jsonl', batch]);
    expect(r.status).toBe(2);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; findings?: { ruleId: string }[]; error?: string });
    expect(out.map((o) => o.findings?.map((f) => f.ruleId) ?? o.error)).toEqual([
      ['context.acknowledge-feelings'], [], ['context.acknowledge-feelings'], expect.stringContaining(`${batch}:4: "customerEmotion" must be`),
    ]);
    expect(r.stderr).toContain(`${batch}:4:`);
    expect(r.stderr).not.toContain('stdin');
  });

  it('leaves quietly, without EPIPE or a stack trace, when the reader closes the pipe early', async () => {
    const input = `${Array.from({ length: 20000 }, (_, i) => JSON.stringify({ id: i, text: "That's not my problem, calm down." })).join('\n')}\n`;
    const child = spawn(process.execPath, [cli, 'lint', '--jsonl'], { env: { ...baseEnv, HEARKEN_CACHE_DIR: cacheDir }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    let firstLine = '';
    child.stdout.setEncoding('utf8').once('data', (d: string) => {
      firstLine = d.split('\n')[0]!;
      child.stdout.destroy();
    });
    child.stdin.on('error', () => { /* the child may leave before reading everything */ });
    child.stdin.end(input);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(JSON.parse(firstLine)).toMatchObject({ id: 0, verdict: 'block' });
    expect(stderr).not.toMatch(/EPIPE|Error|at .*\(node:/);
    expect(code).toBe(0);
  });

  it('recompiles when the cache file is corrupt and gives the same answer', { timeout: 120_000 }, () => {
    const dir = join(work, 'cache-corrupt');
    const env = { HEARKEN_CACHE_DIR: dir };
    const first = hearken(['lint', '--json', 'replies/a.txt'], { env });
    const [name] = readdirSync(dir);
    const path = join(dir, name!);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100]! ^= 0x55;
    writeFileSync(path, bytes);
    const second = hearken(['lint', '--json', 'replies/a.txt'], { env });
    expect(second.status).toBe(first.status);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(path).equals(bytes)).toBe(false);
  });

  it('keeps exit codes: 0 pass, 1 block, 2 for usage and unreadable input', () => {
    expect(hearken(['lint', '-'], { input: 'Thank you for your patience.' }).status).toBe(0);
    expect(hearken(['lint', 'replies/a.txt']).status).toBe(1);
    expect(hearken(['lint', '--format', 'xml', 'replies/a.txt']).status).toBe(2);
    expect(hearken(['lint', 'replies/**/*.rst']).stderr).toMatch(/no files match/);
    expect(hearken(['lint', '--fix', '-'], { input: 'x' }).status).toBe(2);
    const missing = hearken(['lint', 'replies/a.txt', 'replies/missing.txt']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toMatch(/replies\/a\.txt/);
  });
});
