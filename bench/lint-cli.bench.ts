// `hearken lint` as a process, the way CI and agents call it:
// (1) start-up on one draft with a warm compile cache, cold, and bare `node`
//     as the floor (target ≤ 300 ms wall with the cache);
// (2) `--jsonl` throughput, JSON in and out and process start included,
//     against alex's text() on the same English drafts in this process
//     (target ≥ 300×). Rounds alternate the two so a busy machine slows both.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { draftOf, EN_SENTENCES } from './drafts.js';
import { median, row } from './measure.js';

export const title = 'hearken lint process: start-up and --jsonl throughput vs alex';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'src', 'cli', 'main.js');

/** Wall milliseconds of one run of `node args…`, stdin from `input`. */
function wallMs(args: string[], env: NodeJS.ProcessEnv, input?: string): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, input, stdio: ['pipe', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

/** Streams `input` through `hearken lint --jsonl`; wall ms and the number of result lines. */
function jsonlRun(input: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, 'lint', '--jsonl'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (chunk: Buffer) => { for (const byte of chunk) if (byte === 0x0a) lines++; });
    child.on('error', reject);
    child.on('close', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, lines }));
    child.stdin.end(input);
  });
}

export async function run(): Promise<void> {
  const load = loadavg()[0]!;
  console.log(`machine: ${cpus().length} cores, load average ${load.toFixed(1)}${load > cpus().length ? ' (busy: absolute times are inflated; ratios are measured side by side)' : ''}`);
  const work = mkdtempSync(join(tmpdir(), 'hearken-bench-lint-'));
  const env = { ...process.env, HEARKEN_CACHE_DIR: join(work, 'cache'), NO_COLOR: '1' };
  try {
    const draftFile = join(work, 'draft.txt');
    writeFileSync(draftFile, draftOf(EN_SENTENCES, ' '));

    // (1) Start-up.
    const cold = [0, 1, 2].map(() => wallMs([cli, 'lint', '--no-cache', draftFile], env)).sort((a, b) => a - b);
    wallMs([cli, 'lint', draftFile], env); // fills the cache
    const warm = Array.from({ length: 15 }, () => wallMs([cli, 'lint', draftFile], env)).sort((a, b) => a - b);
    const bare = Array.from({ length: 15 }, () => wallMs(['-e', '0'], env)).sort((a, b) => a - b);
    row('hearken lint one draft, cached guard (median of 15)', median(warm), 'ms', `target ≤ 300 ms; min ${warm[0]!.toFixed(0)} ms`);
    row('hearken lint one draft, --no-cache (median of 3)', median(cold), 'ms', `compiles the lexicons without self-tests; ${(median(cold) / median(warm)).toFixed(1)}× the cached start`);
    row('    bare `node -e 0` (median of 15), the floor', median(bare), 'ms', `lint adds ${(median(warm) - median(bare)).toFixed(0)} ms`);

    // (2) --jsonl throughput against alex on the same drafts.
    const count = 5000;
    const drafts = Array.from({ length: count }, (_, i) => `${draftOf(EN_SENTENCES, ' ', i % EN_SENTENCES.length).slice(0, 990)} Ref ${i}.`);
    const input = `${drafts.map((text, i) => JSON.stringify({ id: i, text })).join('\n')}\n`;
    const { text: alexText } = await import('alex');
    for (let i = 0; i < 3; i++) alexText(drafts[i]!);
    const ratios: number[] = [];
    const cliPerDraft: number[] = [];
    const alexPerDraft: number[] = [];
    for (let round = 0; round < 3; round++) {
      const sample = 30;
      const start = process.hrtime.bigint();
      for (let i = 0; i < sample; i++) alexText(drafts[(round * sample + i) % count]!);
      const alexUs = Number(process.hrtime.bigint() - start) / 1e3 / sample;
      const { ms, lines } = await jsonlRun(input, env);
      if (lines !== count) throw new Error(`hearken lint --jsonl wrote ${lines} lines for ${count} drafts`);
      const cliUs = (ms * 1000) / count;
      alexPerDraft.push(alexUs);
      cliPerDraft.push(cliUs);
      ratios.push(alexUs / cliUs);
    }
    ratios.sort((a, b) => a - b);
    row(`hearken lint --jsonl, ${count} en drafts of 1,000 chars (per draft)`, median(cliPerDraft.sort((a, b) => a - b)), 'µs', 'whole process: start, JSON in and out');
    row('(b) alex text(), same drafts (per draft, mean of 30)', median(alexPerDraft.sort((a, b) => a - b)), 'µs');
    row('    hearken lint --jsonl vs alex text()', median(ratios), '×', `faster (target ≥ 300×; rounds ${ratios.map((r) => r.toFixed(0)).join(', ')})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
