// The guard runs a lexicon regex only when one of its trigger literals occurs
// in the draft, so a trigger set must be contained in every possible match.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildScriptTables, normalizeForMatching } from '../../src/guard/index.js';
import { regexTriggerInfo, regexTriggers } from '../../src/guard/regexTriggers.js';
import { readLexiconDir, defaultGuardLexiconDir } from '../../src/lexicon-files/index.js';

describe('regexTriggers', () => {
  it('reads the most selective required literal off a regex', () => {
    expect(regexTriggers('take (?<!i will take )(?:it|this) up with')).toEqual([' up with']);
    expect(regexTriggers('(?:it|that) is (?:our|the) (?:policy|rules?)(?= ?[,.]|$)')).toEqual(['policy', 'rule']);
    expect(regexTriggers('(?:as i|like i) (?:said|told you)')).toEqual(['said', 'told you']);
    expect(regexTriggers('找(?<=(?:[你您]|去)找)(?:售后|厂家)吧')).toEqual(['售后', '厂家']);
    expect(regexTriggers('[你您]自己不(?:注意|小心)')).toEqual(['你自己不', '您自己不']);
    expect(regexTriggers('再(?<=过(?:几|两)天再)(?:来|问)')).toEqual(['几', '两']);
  });

  it('drops what a quantifier makes optional and unions top-level alternatives', () => {
    expect(regexTriggers('colou?r')).toEqual(['colo']);
    expect(regexTriggers('(?:very )?calm')).toEqual(['calm']);
    expect(regexTriggers('abc|de')).toEqual(['abc', 'de']);
    expect(regexTriggers('a\\.b')).toEqual(['a.b']);
  });

  it('gives up (the regex always runs) when no literal is required', () => {
    expect(regexTriggers('[a-z]+ed')).toEqual(['ed']);
    expect(regexTriggers('\\d+')).toBeNull();
    expect(regexTriggers('(?:abc)?\\d')).toBeNull();
    expect(regexTriggers('abc|\\d')).toBeNull();
    expect(regexTriggers('(?!no)\\p{Script=Han}+')).toBeNull();
  });

  it('says when every match starts with a trigger', () => {
    expect(regexTriggerInfo('calm (?<!to calm )(?:down|yourself)')).toEqual({ triggers: ['calm '], prefix: true });
    expect(regexTriggerInfo('take (?<!i will take )(?:it|this) up with')).toEqual({ triggers: [' up with'], prefix: false });
    expect(regexTriggerInfo('(?:get back|call you) (?:eventually|one day)')?.prefix).toBe(true);
    expect(regexTriggerInfo('[你您]自己不(?:注意|小心)')).toEqual({ triggers: ['你自己不', '您自己不'], prefix: true });
    expect(regexTriggerInfo('(?:very )?calm')).toEqual({ triggers: ['calm'], prefix: false });
    expect(regexTriggerInfo('(?:^|[.!?] )cancel then')?.prefix).toBe(false);
    expect(regexTriggerInfo('再(?<=过(?:几|两)天再)(?:来|问)')?.prefix).toBe(false);
  });

  it('is contained in every match of generated regexes (property)', () => {
    const literal = fc.stringMatching(/^[a-c]{1,3}$/);
    const piece = fc.oneof(literal, literal.map((l) => `(?:${l})?`), fc.tuple(literal, literal).map(([a, b]) => `(?:${a}|${b})`), fc.constant('[ab]'), fc.constant('\\w'), literal.map((l) => `(?<=${l})`));
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.stringMatching(/^[abc ]{0,40}$/), (pieces, text) => {
      const source = pieces.join('');
      let regex: RegExp;
      try { regex = new RegExp(source, 'giu'); } catch { return; }
      const info = regexTriggerInfo(source);
      if (info === null) return;
      for (const m of text.matchAll(regex)) {
        if (m[0] === '') continue;
        expect(info.triggers.some((t) => text.includes(t)), `/${source}/ matched "${m[0]}" in "${text}" without any of ${JSON.stringify(info.triggers)}`).toBe(true);
        if (info.prefix) expect(info.triggers.some((t) => text.startsWith(t, m.index)), `/${source}/ matched "${m[0]}" at ${m.index}, not at a trigger`).toBe(true);
      }
    }), { numRuns: 3000 });
  });

  it('is sound for every shipped regex on every fixture draft', () => {
    const tables = buildScriptTables();
    const regexes: { regex: RegExp; triggers: string[] | null; prefix: boolean; source: string }[] = [];
    for (const file of readLexiconDir(defaultGuardLexiconDir())) {
      const doc = parse(file.text) as { rules?: { forbidden: unknown[] }[] } | null;
      for (const rule of doc?.rules ?? []) {
        for (const entry of rule.forbidden) {
          if (typeof entry === 'string') continue;
          // Fold Han characters as the compiler does.
          const folded = [...(entry as { regex: string }).regex].map((ch) => { const f = tables.foldBmp[ch.charCodeAt(0)] ?? 0; return ch.length === 1 && f !== 0 ? String.fromCharCode(f) : ch; }).join('');
          const info = regexTriggerInfo(folded);
          regexes.push({ regex: new RegExp(folded, 'giu'), triggers: info?.triggers ?? null, prefix: info?.prefix ?? false, source: folded });
        }
      }
    }
    expect(regexes.length).toBeGreaterThan(50);
    expect(regexes.filter((r) => r.triggers === null).length).toBeLessThan(regexes.length / 10);
    const drafts = ['agent-drafts.txt', 'heldout-drafts.txt', 'heldout-drafts-2.txt', 'heldout-drafts-3.txt']
      .flatMap((f) => readFileSync(new URL(`../../lexicons/guard/training/${f}`, import.meta.url), 'utf8').split('\n').filter((l) => /^[FP] /.test(l)).map((l) => l.slice(2)));
    let matched = 0;
    for (const draft of drafts) {
      const normal = normalizeForMatching(draft, tables).text;
      for (const { regex, triggers, prefix, source } of regexes) {
        if (triggers === null) continue;
        regex.lastIndex = 0;
        for (const m of normal.matchAll(regex)) {
          matched++;
          expect(triggers.some((t) => normal.includes(t)), `/${source}/ matched "${normal}" without a trigger`).toBe(true);
          if (prefix) expect(triggers.some((t) => normal.startsWith(t, m.index)), `/${source}/ matched "${m[0]}" in "${normal}", not at a trigger`).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
  }, 180_000);
});
