// Phrasing guard: lint time per 1,000-character draft (en, zh-Hans, zh-Hant)
// with the shipped lexicons and a generated 10,000-phrase lexicon, compile
// time and heap, against two baselines measured here in the same run:
// (a) one case-insensitive alternation regex over the same phrases and
// (b) alex's text() on the English draft.
import { cpus, loadavg } from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as OpenCC from 'opencc-js';
import { parse as parseYaml } from 'yaml';
import { compileGuard, expandBraces, type Guard, type LexiconFile } from '../src/guard/index.js';
import { readLexiconDir, defaultGuardLexiconDir } from '../src/lexicon-files/index.js';
import { draftOf, EN_SENTENCES, ZH_SENTENCES } from './drafts.js';
import { median, percentile, row, sampleMicros } from './measure.js';

export const title = 'Phrasing guard (lint per 1,000-char draft, compile, heap)';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A deterministic pseudo-random generator, so every run benches the same lexicon. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const WORDS = ('account address answer basket billing button cancel card charge check cheque claim code collect contract courier credit customer damage ' +
  'delay delivery deposit discount dispatch driver email error exchange fee form gift invoice item label limit login manager member message ' +
  'model network notice offer online order package parcel password payment phone plan points policy postage price promise receipt record ' +
  'refund repair reply report return route sample screen seller service shipment signal size stock store subscription support system ' +
  'ticket total tracking transfer upgrade voucher warehouse warranty website').split(' ');
const HAN = '的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感';

function generatedLexicon(count: number): { files: LexiconFile[]; phrases: string[] } {
  const random = seeded(2024);
  const phrases = new Set<string>();
  while (phrases.size < count) {
    if (random() < 0.5) {
      const n = 2 + Math.floor(random() * 3);
      phrases.add(Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' '));
    } else {
      const n = 3 + Math.floor(random() * 4);
      phrases.add(Array.from({ length: n }, () => HAN[Math.floor(random() * HAN.length)]).join(''));
    }
  }
  const list = [...phrases];
  const perRule = 100;
  const rules: string[] = [];
  for (let r = 0; r * perRule < list.length; r++) {
    const chunk = list.slice(r * perRule, (r + 1) * perRule);
    rules.push(`  - id: gen.rule-${r}
    severity: warning
    category: generated
    message: {en: generated, zh: 生成}
    forbidden: [${chunk.map((p) => JSON.stringify(p)).join(', ')}]
    suggest: {en: ["Let me help you with that."]}
    tests: {flag: [${JSON.stringify(`x ${chunk[0]} x`)}], pass: ["ok"]}`);
  }
  return {
    phrases: list,
    files: [
      { path: 'gen/categories.yaml', text: 'categories:\n  generated: generated phrases\n' },
      { path: 'gen/rules.yaml', text: `rules:\n${rules.join('\n')}\n` },
    ],
  };
}

function compileOrThrow(files: LexiconFile[]): Guard {
  const result = compileGuard(files);
  if (!result.ok) throw new Error(result.errors.slice(0, 5).map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).join('\n'));
  return result.guard;
}

function timeCompile(files: LexiconFile[], runs: number): { ms: number; heapMb: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    compileOrThrow(files);
    samples.push(performance.now() - started);
  }
  // Retained heap per compiled guard: keep three alive and divide, after full collections.
  gc(); gc();
  const before = process.memoryUsage();
  const kept = [compileOrThrow(files), compileOrThrow(files), compileOrThrow(files)];
  gc(); gc();
  const after = process.memoryUsage();
  const heapMb = (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / 3 / 1024 / 1024;
  if (kept.length !== 3) throw new Error('unreachable');
  return { ms: median(samples.sort((a, b) => a - b)), heapMb };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Forbidden strings of the shipped lexicon, braces expanded: the regex baseline's phrase list. */
/** Every plain (non-regex) forbidden phrase of the shipped rule files, braces expanded. */
function shippedPhrases(files: LexiconFile[]): string[] {
  const phrases: string[] = [];
  for (const f of files) {
    const doc = parseYaml(f.text) as { rules?: { forbidden?: unknown[] }[] } | null;
    for (const rule of doc?.rules ?? []) {
      for (const entry of rule.forbidden ?? []) if (typeof entry === 'string') phrases.push(...expandBraces(entry));
    }
  }
  return phrases;
}

export async function run(): Promise<void> {
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const drafts = {
    en: draftOf(EN_SENTENCES, ' '),
    'zh-Hans': draftOf(ZH_SENTENCES, ''),
    'zh-Hant': toTraditional(draftOf(ZH_SENTENCES, '')).slice(0, 1000),
  };

  const load = loadavg()[0]!;
  console.log(`machine: ${cpus().length} cores, load average ${load.toFixed(1)}${load > cpus().length ? ' (busy: absolute times are inflated; the ratios are measured side by side)' : ''}`);
  const shippedFiles = readLexiconDir(defaultGuardLexiconDir());
  const generated = generatedLexicon(10_000);
  const shipped = compileGuard(shippedFiles);
  if (!shipped.ok) throw new Error('shipped lexicons failed to load');
  const big = compileGuard(generated.files);
  if (!big.ok) throw new Error(big.errors.slice(0, 3).map((e) => e.message).join('\n'));
  console.log(`shipped lexicon: ${shipped.summary.ruleCount} rules, ${shipped.summary.patternCount} surface forms; generated: ${big.summary.ruleCount} rules, ${big.summary.patternCount} surface forms`);

  const shippedCompile = timeCompile(shippedFiles, 7);
  const bigCompile = timeCompile(generated.files, 5);
  row('compile shipped lexicon (median of 7)', shippedCompile.ms, 'ms', `target ≤ 200 ms; retained heap ${shippedCompile.heapMb.toFixed(1)} MB per guard`);
  row('compile 10,000-phrase lexicon (median of 5)', bigCompile.ms, 'ms', `target ≤ 200 ms; retained heap ${bigCompile.heapMb.toFixed(1)} MB per guard`);

  const iterations = 3000;
  const guardMedians: Record<string, number> = {};
  for (const [name, guard] of [['shipped', shipped.guard], ['10k', big.guard]] as const) {
    for (const [lang, draft] of Object.entries(drafts)) {
      const samples = sampleMicros(() => guard.lint(draft), iterations, 200);
      guardMedians[`${name}/${lang}`] = median(samples);
      row(`guard ${name} lexicon, ${lang} draft (median)`, median(samples), 'µs', `p95 ${percentile(samples, 95).toFixed(1)} µs${name === '10k' ? '; target ≤ 50 µs' : ''}`);
    }
  }

  // The learned sentence layer (learned-model.json) rides on the shipped guard;
  // its cost per draft is the difference against the same lexicon without it.
  // Its cost does not depend on the lexicon's size (it scores sentences, not phrases).
  const plain = compileGuard(shippedFiles, { learned: false });
  if (!plain.ok) throw new Error('shipped lexicons failed to load without the learned layer');
  for (const [lang, draft] of Object.entries(drafts)) {
    const off = median(sampleMicros(() => plain.guard.lint(draft), iterations, 200));
    const on = median(sampleMicros(() => shipped.guard.lint(draft), iterations, 200));
    row(`    learned layer cost, shipped, ${lang} draft (on − off)`, on - off, 'µs', `off ${off.toFixed(1)} µs, on ${on.toFixed(1)} µs`);
  }

  // (a) one case-insensitive alternation regex over the same phrases
  const shippedList = shippedPhrases(shippedFiles);
  for (const [name, phrases] of [['shipped', shippedList], ['10k', generated.phrases]] as const) {
    const alternation = new RegExp(phrases.map(escapeRegex).sort((a, b) => b.length - a.length).join('|'), 'gi');
    for (const [lang, draft] of Object.entries(drafts)) {
      const samples = sampleMicros(() => draft.match(alternation)?.length ?? 0, lang === 'en' ? 200 : 400, 20);
      const ratio = median(samples) / guardMedians[`${name}/${lang}`]!;
      row(`(a) alternation regex /…/gi, ${name} (${phrases.length}), ${lang}`, median(samples), 'µs', `guard is ${ratio.toFixed(1)}× faster`);
    }
  }

  // (b) alex text() on the English draft
  const { text: alexText } = await import('alex');
  const alexSamples = sampleMicros(() => alexText(drafts.en), 60, 5);
  row('(b) alex text(), en draft', median(alexSamples), 'µs');
  for (const name of ['shipped', '10k']) {
    const ratio = median(alexSamples) / guardMedians[`${name}/en`]!;
    row(`    guard ${name} vs alex on the en draft`, ratio, '×', `faster (target ≥ 300×)`);
  }
}
