// Measures the shipped triage on the blind round-3 set (aggregate figures only, so nobody
// tunes against single messages). Usage: node test/triage/blind/measure.mjs [checkout root]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = resolve(process.argv[2] ?? '.');
const { loadTriage } = await import(pathToFileURL(join(root, 'dist/src/lexicon-files/triage-files.js')).href);
const triage = loadTriage();
const { examples } = parse(readFileSync(new URL('./round3.yaml', import.meta.url), 'utf8'));
const macroF1 = (pairs) => {
  const labels = [...new Set(pairs.flatMap(([g]) => [g]))];
  const f1s = labels.map((l) => {
    const tp = pairs.filter(([g, p]) => g === l && p === l).length;
    const fp = pairs.filter(([g, p]) => g !== l && p === l).length;
    const fn = pairs.filter(([g, p]) => g === l && p !== l).length;
    const prec = tp + fp ? tp / (tp + fp) : 0; const rec = tp + fn ? tp / (tp + fn) : 0;
    return prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  });
  return f1s.reduce((a, b) => a + b, 0) / Math.max(1, f1s.length);
};
const pct = (x) => (x === undefined ? '  n/a' : (100 * x).toFixed(1).padStart(5));
for (const lang of ['en', 'zh-Hans', 'zh-Hant']) {
  const rows = examples.filter((e) => e.lang === lang).map((e) => ({ e, r: triage(e.text) }));
  const esc = rows.map(({ e, r }) => [e.escalate.length > 0, r.escalate.reasons.length > 0]);
  const tp = esc.filter(([g, p]) => g && p).length;
  const recall = tp / Math.max(1, esc.filter(([g]) => g).length);
  const precision = tp / Math.max(1, esc.filter(([, p]) => p).length);
  const reasonRecall = rows.flatMap(({ e, r }) => e.escalate.map((x) => r.escalate.reasons.includes(x))).filter(Boolean).length
    / Math.max(1, rows.flatMap(({ e }) => e.escalate).length);
  const safety = rows.filter(({ e }) => e.escalate.includes('safety'));
  const safetyRecall = safety.filter(({ r }) => r.escalate.reasons.includes('safety')).length / Math.max(1, safety.length);
  const emotion = rows.filter(({ e, r }) => e.emotion === r.emotion.label).length / rows.length;
  const kind = rows[0].r.kind ? rows.filter(({ e, r }) => r.kind?.label === e.kind).length / rows.length : undefined;
  const motive = rows[0].r.motive ? macroF1(rows.map(({ e, r }) => [e.motive, r.motive?.label])) : undefined;
  console.log(`${lang.padEnd(8)} n=${rows.length} escalation recall ${pct(recall)} precision ${pct(precision)} (reasons recall ${pct(reasonRecall)}, safety recall ${pct(safetyRecall)})  intent F1 ${pct(macroF1(rows.map(({ e, r }) => [e.intent, r.intent.label])))}  category F1 ${pct(macroF1(rows.map(({ e, r }) => [e.category, r.category.label])))}  emotion ${pct(emotion)}  kind ${pct(kind)}  motive F1 ${pct(motive)}`);
}
