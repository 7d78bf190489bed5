// `npm run train:triage`: trains on lexicons/triage/examples.*.yaml and writes
// lexicons/triage/model.json (committed, so a fresh clone starts without training).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TriageModel } from '../triage/model.js';
import { deriveScriptCharacters } from '../script/opencc-script-classifier.js';
import { TRIAGE_SCRIPT_REGIONS } from '../triage/script.js';
import { featureHash } from '../triage/sources.js';
import { DEFAULT_TRAINER_CONFIG, trainTriageModel } from '../triage/train.js';
import { defaultTriageDir, readTriageSourcesFor } from './triage-files.js';

/** One weight row per line: small diffs when the corpus changes. */
export function serialiseModel(model: TriageModel): string {
  const { weights, ...rest } = model;
  const rows = Object.keys(weights).sort().map((f) => `    ${JSON.stringify(f)}: ${JSON.stringify(weights[f])}`);
  const head = JSON.stringify(rest, null, 2);
  return `${head.slice(0, -2)},\n  "weights": {\n${rows.join(',\n')}\n  }\n}\n`;
}

function main(): number {
  const dir = process.argv[2] ?? defaultTriageDir();
  const started = performance.now();
  const sources = readTriageSourcesFor('train:triage', dir);
  if (!sources) return 2;
  const scripts = deriveScriptCharacters(TRIAGE_SCRIPT_REGIONS);
  const model = trainTriageModel({ ...sources, scripts }, DEFAULT_TRAINER_CONFIG);
  model.featureHash = featureHash(sources, scripts, model.analyzer);
  writeFileSync(join(dir, 'model.json'), serialiseModel(model));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`train:triage: ${sources.examples.length} complaints, ${sources.chitchat.length} other messages, ${Object.keys(model.weights).length} features, temperatures ` +
    `intent ${model.heads.intent.temperature} / category ${model.heads.category.temperature} / emotion ${model.heads.emotion.temperature} / ` +
    `motive ${model.heads.motive.temperature} / kind ${model.heads.kind.temperature} / escalation ${model.heads.escalation.temperature}; ` +
    `learned escalation thresholds ${JSON.stringify(model.thresholds.escalation)}; wrote ${join(dir, 'model.json')} in ${seconds} s`);
  return 0;
}

process.exitCode = main();
