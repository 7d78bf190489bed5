// `hearken lint` as a process, the way CI and agents call it:
// (1) start-up on one draft with a warm compile cache, cold, and bare `node`
//     as the floor (target ≤ 300 ms wall with the cache);
// (2) `--jsonl` throughput, JSON in and out and process start included,
//     against alex's text() on the same English drafts in this process
//     (target ≥ 300×). Rounds alternate the two so a busy machine slows both,
//     and CPU time is reported beside wall time: on a loaded machine a long
//     call (alex) is preempted more often than a short one, which skews wall
//     ratios; CPU time is what a quiet machine's wall time would be.
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

/** Preloaded into the child: reports its own CPU time on fd 3 as it exits (Node cannot read a child's rusage). */
const CPU_REPORTER = "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(3, String(u.user + u.system)); });\n";

/** Wall and CPU milliseconds of one run of `node [-r preload] args…`. */
function timeRun(args: string[], env: NodeJS.ProcessEnv, preload: string): { ms: number; cpuMs: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', preload, ...args], { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return { ms, cpuMs: Number(String(r.output[3])) / 1000 };
}

/** Streams `input` through `hearken lint --jsonl`; wall ms, child CPU ms and the number of result lines. */
function jsonlRun(input: string, env: NodeJS.ProcessEnv, preload: string): Promise<{ ms: number; cpuMs: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', preload, cli, 'lint', '--jsonl'], { env, stdio: ['pipe', 'pipe', 'inherit', 'pipe'] });
    let lines = 0;
    let cpu = '';
    // indexOf, not a loop over bytes: this process shares the machine with the one it measures.
    child.stdout!.on('data', (chunk: Buffer) => { for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) lines++; });
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => { cpu += chunk.toString(); });
    child.on('error', reject);
    child.on('close', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: Number(cpu) / 1000, lines }));
    child.stdin!.end(input);
  });
}

export async function run(): Promise<void> {
  const load = loadavg()[0]!;
  console.log(`machine: ${cpus().length} cores, load average ${load.toFixed(1)}${load > cpus().length ? ' (busy: absolute times are inflated; ratios are measured side by side)' : ''}`);
  const work = mkdtempSync(join(tmpdir(), 'hearken-bench-lint-'));
  const env = { ...process.env, HEARKEN_CACHE_DIR: join(work, 'cache'), NO_COLOR: '1' };
  try {
    const preload = join(work, 'cpu-reporter.cjs');
    writeFileSync(preload, CPU_REPORTER);
    const draftFile = join(work, 'draft.txt');
    writeFileSync(draftFile, draftOf(EN_SENTENCES, ' '));

    // (1) Start-up.
    const times = (n: number, args: string[]) => {
      const runs = Array.from({ length: n }, () => timeRun(args, env, preload));
      return { wall: runs.map((r) => r.ms).sort((a, b) => a - b), cpu: runs.map((r) => r.cpuMs).sort((a, b) => a - b) };
    };
    const cold = times(3, [cli, 'lint', '--no-cache', draftFile]);
    timeRun([cli, 'lint', draftFile], env, preload); // fills the cache
    const warm = times(15, [cli, 'lint', draftFile]);
    const bare = times(15, ['-e', '0']);
    row('hearken lint one draft, cached guard (median of 15)', median(warm.wall), 'ms', `target ≤ 300 ms; min ${warm.wall[0]!.toFixed(0)} ms; CPU ${median(warm.cpu).toFixed(0)} ms`);
    row('hearken lint one draft, --no-cache (median of 3)', median(cold.wall), 'ms', `compiles without self-tests; CPU ${median(cold.cpu).toFixed(0)} ms`);
    row('    bare `node -e 0` (median of 15), the floor', median(bare.wall), 'ms', `CPU ${median(bare.cpu).toFixed(0)} ms; lint adds ${(median(warm.wall) - median(bare.wall)).toFixed(0)} ms wall`);

    // (2) --jsonl throughput against alex on the same drafts. 50,000 drafts, so the figure is
    // throughput: with 5,000 (before session 5) process start (~0.3 s CPU) and V8's warm-up
    // (JIT and regex compilation over the first ~1,000 drafts, ~0.5 s) were more than half of
    // the run and the "per draft" figure was mostly start-up; start-up has its own rows above.
    const count = 50_000;
    const drafts = Array.from({ length: count }, (_, i) => `${draftOf(EN_SENTENCES, ' ', i % EN_SENTENCES.length).slice(0, 990)} Ref ${i}.`);
    const input = `${drafts.map((text, i) => JSON.stringify({ id: i, text })).join('\n')}\n`;
    const { text: alexText } = await import('alex');
    for (let i = 0; i < 3; i++) alexText(drafts[i]!);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const wall = { cli: [] as number[], alex: [] as number[], ratio: [] as number[] };
    const cpu = { cli: [] as number[], alex: [] as number[], ratio: [] as number[] };
    for (let round = 0; round < 3; round++) {
      const sample = 30;
      const start = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      for (let i = 0; i < sample; i++) alexText(drafts[(round * sample + i) % count]!);
      const alexCpu = process.cpuUsage(cpuStart);
      const alexUs = Number(process.hrtime.bigint() - start) / 1e3 / sample;
      const alexCpuUs = (alexCpu.user + alexCpu.system) / sample;
      const { ms, cpuMs, lines } = await jsonlRun(input, env, preload);
      if (lines !== count) throw new Error(`hearken lint --jsonl wrote ${lines} lines for ${count} drafts`);
      const cliUs = (ms * 1000) / count;
      const cliCpuUs = (cpuMs * 1000) / count;
      wall.alex.push(alexUs); wall.cli.push(cliUs); wall.ratio.push(alexUs / cliUs);
      cpu.alex.push(alexCpuUs); cpu.cli.push(cliCpuUs); cpu.ratio.push(alexCpuUs / cliCpuUs);
    }
    const rounds = (xs: number[]) => xs.map((r) => r.toFixed(0)).join(', ');
    row(`hearken lint --jsonl, ${count} en drafts of 1,000 chars (per draft)`, median(sorted(wall.cli)), 'µs', `wall, whole process: start, JSON in and out; CPU ${median(sorted(cpu.cli)).toFixed(0)} µs`);
    row('(b) alex text(), same drafts (per draft, mean of 30)', median(sorted(wall.alex)), 'µs', `wall; CPU ${median(sorted(cpu.alex)).toFixed(0)} µs`);
    row('    hearken lint --jsonl vs alex text(), wall', median(sorted(wall.ratio)), '×', `faster (target ≥ 300×; rounds ${rounds(wall.ratio)})`);
    row('    hearken lint --jsonl vs alex text(), CPU time', median(sorted(cpu.ratio)), '×', `faster (rounds ${rounds(cpu.ratio)})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
