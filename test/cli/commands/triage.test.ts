import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/commands/triage.js';
import { TriageResultSchema } from '../../../src/contracts/triage.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-triage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, text: string) => { const path = join(work, name); writeFileSync(path, text); return path; };

async function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
  try {
    const code = await run(argv);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore(); error.mockRestore();
  }
}

describe('hearken triage (in process)', () => {
  it('prints a readable summary for a file', async () => {
    const { code, stdout } = await capture([file('m.txt', '再不退款我就去消协投诉，订单号 20261123998\n')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/language +zh-Hans/);
    expect(stdout).toMatch(/intent +refund/);
    expect(stdout).toMatch(/escalate +yes: consumer_association/);
    expect(stdout).toMatch(/order_number "20261123998"/);
    expect(stdout).toMatch(/kind +complaint \(\d\.\d\d\)/);
    expect(stdout).toMatch(/motive +(?:respect|vent|compensation|suggestion|recognition) \(\d\.\d\d\)/);
  });

  it('prints the exact contract with --json', async () => {
    const { code, stdout } = await capture([file('j.txt', 'I have been on hold for two hours!!'), '--json']);
    expect(code).toBe(0);
    const result = TriageResultSchema.strict().parse(JSON.parse(stdout));
    expect(result.category.label).toBe('wait_time');
  });

  it('shows help and rejects bad usage with exit code 2', async () => {
    const help = await capture(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--jsonl');
    expect((await capture(['--frobnicate'])).code).toBe(2);
    expect((await capture(['a.txt', 'b.txt'])).code).toBe(2);
    const missing = await capture([join(work, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.txt');
  });
});

const built = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
if (!existsSync(built)) console.warn(`skipping the spawned triage CLI tests: ${built} is missing; run \`npm run build\` first`);
describe.skipIf(!existsSync(built))('built CLI: hearken triage', () => {
  it('reads one message from stdin with -', () => {
    const r = spawnSync(process.execPath, [built, 'triage', '-', '--json'], { input: '我嘅訂單仲未到，唔該退錢', encoding: 'utf8', cwd: tmpdir() });
    expect(r.status).toBe(0);
    const result = TriageResultSchema.parse(JSON.parse(r.stdout));
    expect(result.lang).toBe('zh-Hant');
    expect(result.intent.label).toBe('refund');
  });

  it('--jsonl echoes ids, keeps going past bad lines and exits 2 when one was bad', () => {
    const input = [
      JSON.stringify({ id: 'a1', text: "I'm a lawyer and work from home; my wifi keeps dropping." }),
      JSON.stringify({ id: 7, text: '再不解决我就曝光' }),
      'not json',
      JSON.stringify({ id: 'no-text' }),
      '',
      JSON.stringify({ id: 'last', text: 'hello' }),
    ].join('\n');
    const r = spawnSync(process.execPath, [built, 'triage', '--jsonl'], { input, encoding: 'utf8', cwd: tmpdir() });
    expect(r.status).toBe(2);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a1', 7, null, 'no-text', 'last']);
    const { id: _a, ...first } = lines[0]!;
    expect(TriageResultSchema.strict().parse(first).escalate.value).toBe(false);
    const { id: _b, ...second } = lines[1]!;
    expect(TriageResultSchema.parse(second).escalate.reasons).toEqual(['media']);
    // Round 3 adds kind and motive as {label, confidence}; the older fields keep their shape.
    for (const line of [first, second]) {
      const parsed = TriageResultSchema.strict().parse(line);
      expect(parsed.kind).toEqual({ label: expect.any(String), confidence: expect.any(Number) });
      expect(parsed.motive).toEqual({ label: expect.any(String), confidence: expect.any(Number) });
      expect(Object.keys(line).sort()).toEqual(['category', 'emotion', 'entities', 'escalate', 'intent', 'kind', 'lang', 'motive']);
    }
    expect(TriageResultSchema.parse(second).kind?.label).toBe('complaint');
    expect(lines[2]!.error).toMatch(/line 3/);
    expect(lines[3]!.error).toMatch(/text/);
    expect(r.stderr).toMatch(/stdin:3: not JSON/);
  });
});
