// Trains the learned guard layer of a guard folder and writes its learned-model.json: what
// `hearken lexicon train [DIR]` (and `npm run train:guard`, the same command on the shipped
// lexicons) runs. The labels come from the folder's own lexicons, so a supervisor's edit (a
// renamed rule, new phrases) is learned from without touching code or test fixtures.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DataProblem } from '../contracts/data-file.js';
import { buildScriptTables, compileGuard, LEARNED_MODEL_FILE, trainLearnedModel, type LearnedModel } from '../guard/index.js';
import { readLexiconDir } from './read-dir.js';
import { readBotWordingTexts, readLearnedSources } from './learnedSources.js';
import { readPoliteCorpus } from './go-live-texts.js';
import { layoutOfArgument } from './layout.js';

/** One weight row per line: small diffs when the sources change. */
export function serialiseLearnedModel(model: LearnedModel): string {
  const { weights, families, ...rest } = model;
  const head = JSON.stringify(rest, null, 2);
  const familyRows = families.map((f) => `    ${JSON.stringify(f)}`);
  const rows: string[] = [];
  for (let i = 0; i < weights.length; i += 16) rows.push(`    ${weights.slice(i, i + 16).map((w) => JSON.stringify(w)).join(',')}`);
  return `${head.slice(0, -2)},\n  "families": [\n${familyRows.join(',\n')}\n  ],\n  "weights": [\n${rows.join(',\n')}\n  ]\n}\n`;
}

export type TrainOutcome =
  | { ok: true; model: LearnedModel; report: Record<string, number>; path: string }
  | { ok: false; errors: DataProblem[] };

/**
 * Trains on `guardDir`'s lexicons and training drafts (its training/ folder, else the shipped one)
 * and writes `guardDir`/learned-model.json in one rename, so a watching server never reads half a
 * file. Lexicons that do not load are not trained on: their errors come back instead.
 */
export function trainLearnedLayer(guardDir: string, options: { onProgress?: (done: number, total: number) => void } = {}): TrainOutcome {
  const files = readLexiconDir(guardDir);
  const compiled = compileGuard(files, { learned: false, selfTest: false });
  if (!compiled.ok) return { ok: false, errors: compiled.errors };
  const categoryOf = new Map<string, string>();
  for (const f of files.filter((file) => /\.ya?ml$/i.test(file.path))) {
    const data = parse(f.text) as { rules?: { id: string; category: string }[] } | null;
    for (const r of data?.rules ?? []) categoryOf.set(r.id, r.category);
  }
  const sources = readLearnedSources(guardDir);
  const { model, report } = trainLearnedModel({
    ...sources, guardrail: readBotWordingTexts(), blockGuardrail: readPoliteCorpus(layoutOfArgument(guardDir).politeCorpus).map((r) => r.text), guard: compiled.guard, categoryOf, tables: buildScriptTables(),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const path = join(guardDir, LEARNED_MODEL_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, serialiseLearnedModel(model));
  renameSync(tmp, path);
  return { ok: true, model, report, path };
}

export type LearnedModelStatus =
  | { state: 'current' }
  /** Trained on other lexicons or drafts, but every rule family it names is still there: used, and worth retraining. */
  | { state: 'stale' }
  | { state: 'absent' };

/** Whether `guardDir`'s learned model was trained on exactly its present sources (the compiler says whether it fits at all). */
export function learnedModelStatus(guardDir: string): LearnedModelStatus {
  let text: string;
  try { text = readFileSync(join(guardDir, LEARNED_MODEL_FILE), 'utf8'); } catch { return { state: 'absent' }; }
  let hash: unknown;
  try { hash = (JSON.parse(text) as { sourceHash?: unknown }).sourceHash; } catch { return { state: 'stale' }; }
  return hash === readLearnedSources(guardDir).sourceHash ? { state: 'current' } : { state: 'stale' };
}
