// Prints a digest of every triage result (and every feature list) over the shipped examples,
// chitchat, off-topic and dev messages (lexicons/triage/dev.yaml, test/triage/dev/round*.yaml),
// with and without compromise's date tagger. Run it on two builds (each reads lexicons/triage
// beside its dist, so copy the same folder to both): equal digests mean a speed change left
// triage's answers unchanged.
// Usage: npm run build && node test/triage/dev/equivalence.mjs [root holding dist/] [--dump FILE]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const root = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? new URL('../../..', import.meta.url).pathname);
const load = (path) => import(pathToFileURL(join(root, 'dist/src', path)).href);
const files = await load('lexicon-files/triage-files.js');
const { createTriage } = await load('triage/index.js');
const { createAnalyzer } = await load('triage/analyze.js');
const dir = join(root, 'lexicons/triage');
const model = files.readTriageModel(dir);
const sources = files.readTriageSources(dir);
const texts = [...sources.examples, ...sources.dev].map((e) => e.text)
  .concat(sources.chitchat.map((c) => c.text), sources.offTopic);
const here = new URL('.', import.meta.url);
for (const name of readdirSync(here).filter((n) => /^round\d+\.yaml$/.test(n)).sort()) {
  for (const e of parse(readFileSync(new URL(name, here), 'utf8')).examples) texts.push(e.text);
}
const withDates = files.loadTriage(dir);
const plain = createTriage(model);
const analyzer = createAnalyzer(model.cues, model.scripts, model.analyzer);
const hash = createHash('sha256');
const lines = [];
for (const text of texts) {
  const line = JSON.stringify([withDates(text), plain(text), analyzer.analyze(text)]);
  hash.update(line).update('\n');
  lines.push(line);
}
const dumpAt = args.indexOf('--dump');
if (dumpAt >= 0) writeFileSync(args[dumpAt + 1], `${lines.join('\n')}\n`);
console.log(`${texts.length} messages: ${hash.digest('hex')}`);
