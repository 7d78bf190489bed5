// `npm run train:guard`: trains the learned guard layer and writes
// lexicons/guard/learned-model.json (committed, so lint never trains).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDataProblem } from '../contracts/data-file.js';
import { buildScriptTables, compileGuard, LEARNED_MODEL_FILE, trainLearnedModel, type LearnedModel } from '../guard/index.js';
import { packageRoot, readLexiconDir } from './index.js';
import { readBotWordingTexts, readLearnedSources } from './learnedSources.js';
import { parse } from 'yaml';

/** One weight row per line: small diffs when the sources change. */
export function serialiseLearnedModel(model: LearnedModel): string {
  const { weights, families, ...rest } = model;
  const head = JSON.stringify(rest, null, 2);
  const familyRows = families.map((f) => `    ${JSON.stringify(f)}`);
  const rows: string[] = [];
  for (let i = 0; i < weights.length; i += 16) rows.push(`    ${weights.slice(i, i + 16).map((w) => JSON.stringify(w)).join(',')}`);
  return `${head.slice(0, -2)},\n  "families": [\n${familyRows.join(',\n')}\n  ],\n  "weights": [\n${rows.join(',\n')}\n  ]\n}\n`;
}

function main(): number {
  const started = performance.now();
  const root = packageRoot();
  const dir = join(root, 'lexicons', 'guard');
  const files = readLexiconDir(dir);
  const compiled = compileGuard(files, { learned: false });
  if (!compiled.ok) {
    console.error(`train:guard: the lexicons do not load, fix them first:\n${compiled.errors.map((e) => `  ${formatDataProblem(e)}`).join('\n')}`);
    return 2;
  }
  const categoryOf = new Map<string, string>();
  for (const f of files) {
    const data = parse(f.text) as { rules?: { id: string; category: string }[] } | null;
    for (const r of data?.rules ?? []) categoryOf.set(r.id, r.category);
  }
  const sources = readLearnedSources(root);
  const guardrail = readBotWordingTexts(root);
  const { model, report } = trainLearnedModel({ ...sources, guardrail, guard: compiled.guard, categoryOf, tables: buildScriptTables() });
  const out = join(dir, LEARNED_MODEL_FILE);
  writeFileSync(out, serialiseLearnedModel(model));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`train:guard: ${JSON.stringify(report)}; ${model.weights.length} buckets, ${model.families.length} rule families; wrote ${out} in ${seconds} s`);
  return 0;
}

process.exitCode = main();
