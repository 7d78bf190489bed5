// Seed 000's 28 forbidden phrases as families (English, Simplified, Traditional
// with Taiwan usage, Cantonese) and the round-2 probes. These are tuning sets:
// the test holds what the lexicons reach on them and prints every miss, so a
// change that loses a family shows up. Their first measurements (before tuning)
// are in the files' headers and docs/guard.md.
import { readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';

const guard = loadGuardFromDir();
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

interface Draft { expect: 'F' | 'P'; text: string; section: string; line: number }

function readDrafts(file: string): Draft[] {
  const drafts: Draft[] = [];
  let section = '';
  readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8').split('\n').forEach((raw, i) => {
    if (raw.startsWith('## ')) section = raw.slice(3).trim();
    else if (/^[FP] /.test(raw)) drafts.push({ expect: raw[0] as 'F' | 'P', text: raw.slice(2), section, line: i + 1 });
    else if (raw.trim() !== '' && !raw.startsWith('#')) throw new Error(`${file}:${i + 1}: expected "F text", "P text", "# comment" or "## section", got: ${raw}`);
  });
  return drafts;
}

/** The draft as written and in the other Chinese script (opencc, not the guard's own tables). */
function variantsOf(text: string): string[] {
  if (!/\p{Script=Han}/u.test(text)) return [text];
  const other = /[這個們說還會對沒喺係嘅咗]/.test(text) ? toSimplified(text) : toTraditional(text);
  return other === text ? [text] : [text, other];
}

const language = (text: string) => (!/\p{Script=Han}/u.test(text) ? 'en' : /[這個們說還會對沒喺係嘅咗啲冇唔]/.test(text) ? 'zh-Hant' : 'zh-Hans');

const SETS = [
  { file: 'seed-000-families.txt', minBlocked: 1, maxFlaggedGood: 0 },
  { file: 'round2-probes.txt', minBlocked: 0.95, maxFlaggedGood: 0 },
];

describe.each(SETS)('$file', ({ file, minBlocked, maxFlaggedGood }) => {
  const drafts = readDrafts(file);

  it('blocks the forbidden drafts and lets the good replies through, per language, in both scripts', () => {
    const byLanguage = new Map<string, { f: number; blocked: number; p: number; flagged: number }>();
    const misses: string[] = [];
    const flaggedGood: string[] = [];
    for (const d of drafts) {
      for (const text of variantsOf(d.text)) {
        const findings = guard.lint(text).findings;
        const stats = byLanguage.get(language(text)) ?? { f: 0, blocked: 0, p: 0, flagged: 0 };
        if (d.expect === 'F') {
          stats.f++;
          if (findings.some((f) => f.severity === 'error')) stats.blocked++;
          else misses.push(`  ${d.line} [${d.section}] ${text}  (${findings.map((f) => `${f.ruleId}/${f.severity}`).join(', ') || 'nothing'})`);
        } else {
          stats.p++;
          const bad = findings.filter((f) => f.severity !== 'suggestion');
          if (bad.length > 0) { stats.flagged++; flaggedGood.push(`  ${d.line} ${text}  <- ${bad.map((f) => `${f.ruleId} "${f.actual}"`).join(', ')}`); }
        }
        byLanguage.set(language(text), stats);
      }
    }
    console.log([
      `${file}:`,
      ...[...byLanguage].map(([lang, s]) => `  ${lang.padEnd(8)} blocked ${s.blocked}/${s.f} (${(100 * s.blocked / s.f).toFixed(1)}%), good replies flagged ${s.flagged}/${s.p}`),
      `misses (${misses.length}):`, ...misses, `good replies flagged (${flaggedGood.length}):`, ...flaggedGood,
    ].join('\n'));
    for (const [lang, s] of byLanguage) {
      expect(s.blocked / s.f, `${lang} block rate`).toBeGreaterThanOrEqual(minBlocked);
      expect(s.flagged / s.p, `${lang} good replies flagged`).toBeLessThanOrEqual(maxFlaggedGood);
    }
  });
});

describe('seed 000 families', () => {
  const seed = JSON.parse(readFileSync(new URL('./fixtures/seed-000-service-standard.json', import.meta.url), 'utf8')) as { forbidden: string[] };
  const sections = new Set(readDrafts('seed-000-families.txt').map((d) => d.section));

  it('has a section of paraphrases for each of the 28 forbidden phrases, in English and Chinese, with good replies', () => {
    expect(seed.forbidden).toHaveLength(28);
    const drafts = readDrafts('seed-000-families.txt');
    for (let item = 1; item <= 28; item++) {
      const number = String(item).padStart(2, '0');
      const section = [...sections].find((s) => s.startsWith(`${number} `));
      expect(section, `section for seed item ${item}`).toBeDefined();
      const inSection = drafts.filter((d) => d.section === section);
      expect(inSection.some((d) => d.expect === 'F' && language(d.text) === 'en'), `item ${item}: an English paraphrase`).toBe(true);
      expect(inSection.some((d) => d.expect === 'F' && language(d.text) !== 'en'), `item ${item}: a Chinese paraphrase`).toBe(true);
      expect(inSection.some((d) => d.expect === 'P'), `item ${item}: a good reply reusing the words`).toBe(true);
    }
  });
});
