// Supervisors' tools as processes, the way a supervisor or CI runs them, on a SQLite data folder:
// (1) `hearken lexicon impact` over 100,000 audited drafts (target ≤ 5 s on 2 cores), against a
//     plain `hearken lint --jsonl` over the same drafts, measured side by side;
// (2) `hearken report --html` over 100,000 complaints.
// The drafts are distinct (no two alike, so nothing is saved by judging a text once), and were
// audited by the shipped lexicons, as the server would have written them. The edit adds one rule,
// the common case: drafts it cannot match keep their audited verdict for both sides (the edit's
// scope, src/desk/lexicon-edit-scope.ts); `--full` (every draft judged afresh by both lexicons) is
// measured beside it, for what the scope saves and what an edit of approved.yaml would cost.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withEmpathyPolicy } from '../src/desk/draft-check.js';
import { draftLocale } from '../src/desk/draft-language.js';
import { defaultGuardLexiconDir, loadGuardWithSummary } from '../src/lexicon-files/index.js';
import { openSqliteStore, type GuardAuditInput } from '../src/store/index.js';
import { EN_SENTENCES, ZH_SENTENCES } from './drafts.js';
import { bulkLoadComplaints } from './complaint-load.js';
import { row } from './measure.js';

export const title = 'Supervisors: lexicon impact over 100,000 audited drafts, report over 100,000 complaints';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'src', 'cli', 'main.js');
const DRAFTS = 100_000;
const COMPLAINTS = 100_000;

/** Varied drafts of one to four sentences, English and Chinese, each made distinct by its number. */
function draftText(i: number): string {
  const sentences = i % 2 === 0 ? EN_SENTENCES : ZH_SENTENCES;
  const n = 1 + (i % 4);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) parts.push(sentences[(i * 7 + k * 3) % sentences.length]!);
  return `${parts.join(i % 2 === 0 ? ' ' : '')} #${i}`;
}

/** Preloaded into the child: reports its CPU time (every thread) on fd 3 as it exits. */
const CPU_REPORTER = "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(3, String(u.user + u.system)); });\n";

/** Wall and CPU milliseconds of one CLI run; stdout is drained and dropped, stdin may be a file. */
function runCli(args: string[], env: NodeJS.ProcessEnv, preload: string, stdinFile?: string): Promise<{ ms: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', preload, cli, ...args], { env, stdio: [stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'] });
    let err = '';
    let cpu = '';
    child.stdout!.resume();
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => { cpu += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`hearken ${args.join(' ')} exited ${code}: ${err.slice(0, 500)}`));
      else resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: Number(cpu) / 1000 });
    });
    if (stdinFile) child.stdin!.end(readFileSync(stdinFile));
  });
}

export async function run(): Promise<void> {
  const load = loadavg()[0]!;
  console.log(`machine: ${cpus().length} cores, load average ${load.toFixed(1)}${load > cpus().length ? ' (busy: absolute times are inflated; the ratio is measured side by side)' : ''}`);
  const work = mkdtempSync(join(tmpdir(), 'hearken-bench-supervisors-'));
  const data = join(work, 'data');
  const env: NodeJS.ProcessEnv = { ...process.env, HEARKEN_DATA_DIR: data, HEARKEN_CACHE_DIR: join(work, 'cache'), NO_COLOR: '1' };
  delete env.DATABASE_URL;
  delete env.HEARKEN_LEXICONS;
  try {
    // The audit, as the server writes it: each draft judged by the shipped lexicons.
    const live = loadGuardWithSummary(defaultGuardLexiconDir());
    const store = await openSqliteStore({ dataDir: data });
    const now = Date.now();
    const jsonl: string[] = [];
    let batch: GuardAuditInput[] = [];
    for (let i = 0; i < DRAFTS; i++) {
      const draft = draftText(i);
      const locale = draftLocale(draft);
      const result = withEmpathyPolicy(live.guard.lint(draft), locale);
      batch.push({
        draft, verdict: result.verdict, ruleIds: [...new Set(result.findings.map((f) => f.ruleId))], suggestionApplied: false,
        by: `U${i % 40}`, channel: 'slack', locale, lexiconVersion: live.version, at: new Date(now - ((i * 25_000) % (28 * 86_400_000))),
      });
      jsonl.push(JSON.stringify({ id: i, text: draft }));
      if (batch.length === 10_000) { await store.guardAudit.appendMany(batch); batch = []; }
    }
    if (batch.length > 0) await store.guardAudit.appendMany(batch);
    await store.close();
    const jsonlFile = join(work, 'drafts.jsonl');
    writeFileSync(jsonlFile, `${jsonl.join('\n')}\n`);

    // The edit: the shipped lexicons with one over-broad English phrase added.
    const edited = join(work, 'edited');
    cpSync(defaultGuardLexiconDir(), join(edited, 'guard'), { recursive: true });
    const en = join(edited, 'guard', 'en.yaml');
    const text = readFileSync(en, 'utf8');
    const at = text.indexOf('rules:\n') + 'rules:\n'.length;
    const indent = /^([ \t]*)- /m.exec(text.slice(at))![1]!;
    const rule = ['- id: bench.over-broad-en', '  severity: error', '  category: dismissal', '  message:', '    en: Over-broad.', '    zh: 过宽。',
      '  forbidden: ["your order"]', '  suggest:', '    en: ["Here is what I can do for you."]', '    zh: [我来为您处理]',
      '  tests:', '    flag: ["About your order: no."]', '    pass: ["Thank you for waiting."]'].map((l) => `${indent}${l}\n`).join('');
    writeFileSync(en, text.slice(0, at) + rule + text.slice(at));

    const preload = join(work, 'cpu-reporter.cjs');
    writeFileSync(preload, CPU_REPORTER);
    const impactArgs = ['lexicon', 'impact', edited, '--since', '30d', '--json'];
    // Warm the compile cache for both lexicon sets (a supervisor's second run), then alternate the commands.
    await runCli(impactArgs, env, preload);
    await runCli(['lint', '--jsonl'], env, preload, jsonlFile);
    const runs = { impact: [] as number[], full: [] as number[], lint: [] as number[], impactCpu: [] as number[], fullCpu: [] as number[], lintCpu: [] as number[] };
    for (let round = 0; round < 3; round++) {
      const a = await runCli(impactArgs, env, preload);
      const b = await runCli([...impactArgs, '--full'], env, preload);
      const c = await runCli(['lint', '--jsonl'], env, preload, jsonlFile);
      runs.impact.push(a.ms); runs.impactCpu.push(a.cpuMs);
      runs.full.push(b.ms); runs.fullCpu.push(b.cpuMs);
      runs.lint.push(c.ms); runs.lintCpu.push(c.cpuMs);
    }
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const secs = (xs: number[]) => xs.map((ms) => (ms / 1000).toFixed(2)).join(', ');
    row(`hearken lexicon impact, ${DRAFTS.toLocaleString('en')} audited drafts (median of 3)`, mid(runs.impact) / 1000, 's', `target ≤ 5 s on 2 cores; worker threads only on an idle machine; CPU ${(mid(runs.impactCpu) / 1000).toFixed(2)} s; rounds ${secs(runs.impact)} s`);
    row('    the same, --full (every draft judged by both lexicons)', mid(runs.full) / 1000, 's', `CPU ${(mid(runs.fullCpu) / 1000).toFixed(2)} s; rounds ${secs(runs.full)} s`);
    row('(b) hearken lint --jsonl, the same drafts (median of 3)', mid(runs.lint) / 1000, 's', `CPU ${(mid(runs.lintCpu) / 1000).toFixed(2)} s; rounds ${secs(runs.lint)} s`);
    row('    impact vs lint --jsonl, wall', mid(runs.impact) / mid(runs.lint), '×', 'the time of impact as a multiple of the plain lint');
    row('    impact vs lint --jsonl, CPU time', mid(runs.impactCpu) / mid(runs.lintCpu), '×', 'CPU time: what a quiet machine\'s wall time would be, one core each');

    // (2) The report over 100,000 complaints.
    const reportData = join(work, 'report-data');
    const loaded = await bulkLoadComplaints(reportData, COMPLAINTS, new Date(now));
    const reportEnv = { ...env, HEARKEN_DATA_DIR: reportData };
    const html = join(work, 'report.html');
    const reports: { ms: number; cpuMs: number }[] = [];
    for (let round = 0; round < 3; round++) reports.push(await runCli(['report', '--since', '90d', '--html', html], reportEnv, preload));
    row(`hearken report --html, ${loaded.toLocaleString('en')} complaints (median of 3)`, mid(reports.map((r) => r.ms)) / 1000, 's',
      `CPU ${(mid(reports.map((r) => r.cpuMs)) / 1000).toFixed(2)} s; ${(statSync(html).size / 1024).toFixed(0)} KB of HTML; rounds ${secs(reports.map((r) => r.ms))} s`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
