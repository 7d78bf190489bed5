// Prints a digest of everything the built guard says about a fixed set of drafts: the dev set
// (round3.yaml), the shipped training drafts, the bench's drafts, long drafts (regex windows)
// and each with an upset customer (the context check). Run it on two builds (each reads the
// lexicons beside its dist, so copy the same lexicons/ to both); equal digests mean a speed
// change left matching unchanged. Usage:
//   npm run build && node test/guard/dev/equivalence.mjs [root holding dist/] [--lexicons DIR] [--dump FILE]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const valueOf = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const here = new URL('.', import.meta.url);
const repo = resolve(new URL('../../..', import.meta.url).pathname);
const root = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? repo);
const lexicons = resolve(valueOf('--lexicons') ?? join(root, 'lexicons/guard'));
const { loadGuardFromDir } = await import(pathToFileURL(join(root, 'dist/src/lexicon-files/index.js')).href);
const { draftOf, EN_SENTENCES, ZH_SENTENCES } = await import(pathToFileURL(join(root, 'dist/bench/drafts.js')).href);
const guard = loadGuardFromDir(lexicons, { selfTest: false });

const texts = parse(readFileSync(new URL('./round3.yaml', here), 'utf8')).drafts.map((d) => d.text);
for (const line of readFileSync(join(repo, 'lexicons/guard/training/agent-drafts.txt'), 'utf8').split('\n')) {
  if (/^[FP] /.test(line)) texts.push(line.slice(2));
}
for (let i = 0; i < 9; i++) texts.push(draftOf(EN_SENTENCES, ' ', i), draftOf(ZH_SENTENCES, '', i), `${draftOf(EN_SENTENCES, ' ', i).slice(0, 990)} Ref ${i}.`);
// Long drafts: regexes read them in windows.
for (let i = 0; i + 12 <= texts.length && i < 600; i += 12) texts.push(texts.slice(i, i + 12).join(i % 24 === 0 ? '\n' : ' '));

const hash = createHash('sha256');
const lines = [];
for (const text of texts) {
  for (const context of [undefined, { customerText: 'This is the third time I am writing, I am furious!' }]) {
    const line = JSON.stringify(guard.lint(text, context));
    hash.update(line).update('\n');
    lines.push(line);
  }
}
const dump = valueOf('--dump');
if (dump) writeFileSync(dump, `${lines.join('\n')}\n`);
console.log(`${texts.length} drafts, ${lines.length} lint calls: ${hash.digest('hex')}`);
