// Measures the shipped triage on the development sets with the same figures as
// test/triage/blind/measure.mjs (so the two can be compared), plus, with --misses, each
// message a head got wrong. Unlike the blind set, dev may be read while tuning; it is
// never trained on. Rounds 3–12 were folded into the training corpus in round 5, so the
// sets measured by default are the ones still held out: round13, round14, round15 (the
// second writer's, measured once before tuning: FIRST-RUN-ROUND15.txt), and
// lexicons/triage/dev.yaml and blind2.yaml (no kind field: all complaints).
// Usage: node test/triage/dev/measure.mjs [--misses] [--set round13|dev|blind2|path.yaml]... [checkout root]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const LEXICONS = join(HERE, '../../../lexicons/triage');
const HELD_OUT = ['round13', 'round14', 'round15', 'dev', 'blind2'];
/** A set name: a dev round beside this script, dev / blind2 in lexicons/triage, or a path. */
const fileOf = (name) => (name.endsWith('.yaml') ? resolve(name)
  : name === 'dev' || name === 'blind2' ? join(LEXICONS, `${name}.yaml`) : join(HERE, `${name}.yaml`));

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const sets = args.flatMap((a, i) => (args[i - 1] === '--set' ? [a] : []));
const root = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--set') ?? '.');
const { loadTriage } = await import(pathToFileURL(join(root, 'dist/src/lexicon-files/triage-files.js')).href);
const triage = loadTriage();
const macroF1 = (pairs) => {
  const labels = [...new Set(pairs.map(([g]) => g))];
  const f1s = labels.map((l) => {
    const tp = pairs.filter(([g, p]) => g === l && p === l).length;
    const fp = pairs.filter(([g, p]) => g !== l && p === l).length;
    const fn = pairs.filter(([g, p]) => g === l && p !== l).length;
    const prec = tp + fp ? tp / (tp + fp) : 0; const rec = tp + fn ? tp / (tp + fn) : 0;
    return prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  });
  return f1s.reduce((a, b) => a + b, 0) / Math.max(1, f1s.length);
};
const pct = (x) => (100 * x).toFixed(1).padStart(5);
const EMOTIONS = ['anger', 'frustration', 'anxiety', 'neutral'];
const CATEGORIES = ['product_quality', 'service_attitude', 'delivery', 'billing', 'broken_promise', 'repair_warranty', 'wait_time', 'other'];
const misses = [];
for (const set of sets.length > 0 ? sets : HELD_OUT.filter((s) => existsSync(fileOf(s)))) {
  const { examples } = parse(readFileSync(fileOf(set), 'utf8'));
  console.log(`## ${set}`);
  for (const lang of ['en', 'zh-Hans', 'zh-Hant']) {
    const rows = examples.filter((e) => e.lang === lang).map((e) => ({ e: { kind: 'complaint', escalate: [], ...e }, r: triage(e.text) }));
    if (rows.length === 0) continue;
    const esc = rows.map(({ e, r }) => [e.escalate.length > 0, r.escalate.reasons.length > 0]);
    const tp = esc.filter(([g, p]) => g && p).length;
    const recall = tp / Math.max(1, esc.filter(([g]) => g).length);
    const precision = tp / Math.max(1, esc.filter(([, p]) => p).length);
    const reasonRecall = rows.flatMap(({ e, r }) => e.escalate.map((x) => r.escalate.reasons.includes(x))).filter(Boolean).length
      / Math.max(1, rows.flatMap(({ e }) => e.escalate).length);
    const safety = rows.filter(({ e }) => e.escalate.includes('safety'));
    const safetyRecall = safety.filter(({ r }) => r.escalate.reasons.includes('safety')).length / Math.max(1, safety.length);
    const emotion = rows.filter(({ e, r }) => e.emotion === r.emotion.label).length / rows.length;
    const kind = rows.filter(({ e, r }) => r.kind.label === e.kind).length / rows.length;
    const withMotive = rows.filter(({ e }) => e.motive);
    console.log(`${lang.padEnd(8)} n=${rows.length} escalation recall ${pct(recall)} precision ${pct(precision)} (reasons recall ${pct(reasonRecall)}, safety recall ${pct(safetyRecall)})  intent F1 ${pct(macroF1(rows.map(({ e, r }) => [e.intent, r.intent.label])))}  category F1 ${pct(macroF1(rows.map(({ e, r }) => [e.category, r.category.label])))}  emotion ${pct(emotion)}  kind ${pct(kind)}  motive F1 ${pct(macroF1(withMotive.map(({ e, r }) => [e.motive, r.motive.label])))}`);
    const confusion = (labels, gold, got) => labels.map((g) => labels.map((p) => rows.filter((x) => gold(x) === g && got(x) === p).length).join(' ')).join(' | ');
    console.log(`         emotion confusion (rows gold: ${EMOTIONS.join(' ')}; columns predicted): ${confusion(EMOTIONS, ({ e }) => e.emotion, ({ r }) => r.emotion.label)}`);
    if (showMisses) console.log(`         category confusion (rows gold, columns predicted: ${CATEGORIES.join(' ')}): ${confusion(CATEGORIES, ({ e }) => e.category, ({ r }) => r.category.label)}`);
    for (const { e, r } of rows) {
      const wrong = [];
      const gold = [...e.escalate].sort().join(); const got = [...r.escalate.reasons].sort().join();
      if (gold !== got) wrong.push(`escalate [${gold}] got [${got}]`);
      if (e.kind !== r.kind.label) wrong.push(`kind ${e.kind} got ${r.kind.label} ${r.kind.confidence}`);
      if (e.intent !== r.intent.label) wrong.push(`intent ${e.intent} got ${r.intent.label} ${r.intent.confidence}`);
      if (e.category !== r.category.label) wrong.push(`category ${e.category} got ${r.category.label} ${r.category.confidence}`);
      if (e.emotion !== r.emotion.label) wrong.push(`emotion ${e.emotion} got ${r.emotion.label}`);
      if (e.motive && e.motive !== r.motive.label) wrong.push(`motive ${e.motive} got ${r.motive.label} ${r.motive.confidence}`);
      if (wrong.length > 0) misses.push(`${set} ${lang} ${e.text}\n    ${wrong.join('; ')}`);
    }
  }
}
if (showMisses) console.log(`\n${misses.join('\n')}`);
