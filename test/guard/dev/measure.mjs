// Measures the built guard on the round-3 development set. Unlike the blind sets, this one
// is for tuning, so it lists every miss and false block. Usage:
//   npm run build && node test/guard/dev/measure.mjs [--list] [dist root]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const list = args.includes('--list');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? '.');
const { loadGuardFromDir } = await import(pathToFileURL(join(root, 'dist/src/lexicon-files/index.js')).href);
const guard = loadGuardFromDir();
const setArg = args.find((a) => a.startsWith('--set='));
const { drafts } = parse(readFileSync(setArg ? setArg.slice(6) : new URL('./round3.yaml', import.meta.url), 'utf8'));
const rows = {};
const wrong = [];
for (const d of drafts) {
  const r = (rows[d.lang] ??= { block: 0, blocked: 0, flagged: 0, pass: 0, falseBlock: 0, falseFlag: 0 });
  const { verdict, findings } = guard.lint(d.text);
  const rules = findings.map((f) => `${f.ruleId}(${f.severity[0]}:${JSON.stringify(f.actual)})`).join(' ');
  if (d.expect === 'block') {
    r.block++;
    if (verdict === 'block') r.blocked++;
    else wrong.push(`MISS  ${d.lang} #${d.family} [${verdict}] ${JSON.stringify(d.text)} ${rules}`);
    if (verdict !== 'pass') r.flagged++;
  } else {
    r.pass++;
    if (verdict === 'block') { r.falseBlock++; wrong.push(`FALSE ${d.lang} #${d.family} ${JSON.stringify(d.text)} ${rules}`); }
    else if (verdict !== 'pass') wrong.push(`warn  ${d.lang} #${d.family} ${JSON.stringify(d.text)} ${rules}`);
    if (verdict !== 'pass') r.falseFlag++;
  }
}
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) + '%' : 'n/a');
if (list) for (const w of wrong) console.log(w);
for (const [lang, r] of Object.entries(rows)) {
  console.log(`${lang.padEnd(8)} block recall ${pct(r.blocked, r.block)} (flagged ${pct(r.flagged, r.block)}) of ${r.block}; false blocks ${pct(r.falseBlock, r.pass)} (flagged ${pct(r.falseFlag, r.pass)}) of ${r.pass}`);
}
