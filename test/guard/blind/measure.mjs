// Measures the shipped guard on the blind round-2 set (aggregate figures only, so
// nobody tunes against single drafts). Usage: node test/guard/blind/measure.mjs [dist root]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = resolve(process.argv[2] ?? '.');
const { loadGuardFromDir } = await import(pathToFileURL(join(root, 'dist/src/lexicon-files/index.js')).href);
const guard = loadGuardFromDir();
const { drafts } = parse(readFileSync(new URL('./round2.yaml', import.meta.url), 'utf8'));
const rows = {};
for (const d of drafts) {
  const r = (rows[d.lang] ??= { block: 0, blocked: 0, flagged: 0, pass: 0, falseBlock: 0, falseFlag: 0 });
  const verdict = guard.lint(d.text).verdict;
  if (d.expect === 'block') { r.block++; if (verdict === 'block') r.blocked++; if (verdict !== 'pass') r.flagged++; }
  else { r.pass++; if (verdict === 'block') r.falseBlock++; if (verdict !== 'pass') r.falseFlag++; }
}
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) + '%' : 'n/a');
for (const [lang, r] of Object.entries(rows)) {
  console.log(`${lang.padEnd(8)} block recall ${pct(r.blocked, r.block)} (flagged ${pct(r.flagged, r.block)}) of ${r.block}; false blocks ${pct(r.falseBlock, r.pass)} (flagged ${pct(r.falseFlag, r.pass)}) of ${r.pass}`);
}
