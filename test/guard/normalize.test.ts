import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhraseAutomaton } from '../../src/guard/automaton.js';
import { detectLanguage } from '../../src/script/detect-language.js';
import { scriptCharactersOf } from '../../src/script/script-tables.js';
import { buildScriptTables, expandBraces, expandEnglishVariants, foldTraditional, normalizeForMatching } from '../../src/guard/index.js';
import { findQuotedSpans } from '../../src/guard/quotedSpeech.js';

const tables = buildScriptTables();
const norm = (s: string) => normalizeForMatching(s, tables).text;

/** The original text behind normalised units [from, to). */
function originalOf(original: string, from: number, to: number): string {
  const n = normalizeForMatching(original, tables);
  return original.slice(n.start[from], n.end[to - 1]);
}

describe('normalizeForMatching', () => {
  it('applies NFKC: full-width letters, digits and ideographic space', () => {
    expect(norm('ＣＡＬＭ　ＤＯＷＮ１２')).toBe('calm down12');
    expect(norm('ﬁne')).toBe('fine');
  });

  it('folds case, including non-ASCII letters', () => {
    expect(norm('NOT My JOB')).toBe('not my job');
    expect(norm('ÉCOLE')).toBe('école');
  });

  it('straightens curly quotes and apostrophes', () => {
    expect(norm('“hi” ‘x’')).toBe('"hi" \'x\'');
    expect(norm('that isn’t mine')).toBe('that is not mine');
  });

  it('collapses whitespace runs of any kind to one space', () => {
    expect(norm('not \t\n my\u00a0\u2003job')).toBe('not my job');
  });

  it('drops invisible characters that would split a phrase', () => {
    expect(norm('不关\u200b我的\ufeff事')).toBe('不关我的事');
    expect(norm('calm\u200d down')).toBe('calm down');
  });

  it('folds Traditional to Simplified one character for one, including regional variants', () => {
    expect(norm('這事我管不了，你去找我們領導')).toBe('这事我管不了你去找我们领导');
    expect(norm('裡面')).toBe(norm('裏面'));
    expect(norm('裡面')).toBe(norm('里面'));
    expect(foldTraditional('說話', tables)).toBe('说话');
    // idempotent: folding a folded string changes nothing
    expect(norm(norm('為什麼著急'))).toBe(norm('為什麼著急'));
  });

  it('removes pinyin annotations left by converters, in either parenthesis width', () => {
    expect(norm('服務(wù)員')).toBe('服务员');
    expect(norm('發(fā)現(xiàn)問題')).toBe('发现问题');
    expect(norm('不关（guān）我的事')).toBe('不关我的事');
    // only right after a Han character, and only letters
    expect(norm('see (below)')).toBe('see (below)');
    expect(norm('退款(2)')).toBe('退款(2)');
  });

  it('ignores spaces and punctuation between Chinese characters only', () => {
    expect(norm('你问我，我问谁')).toBe('你问我我问谁');
    expect(norm('你 问 我 我 问 谁')).toBe('你问我我问谁');
    expect(norm('你问我?! 我问谁')).toBe('你问我我问谁');
    expect(norm('不行。Calm down, please')).toBe('不行。calm down, please');
    expect(norm('calm, down')).toBe('calm, down');
  });

  it('expands English contractions', () => {
    expect(norm("isn't")).toBe('is not');
    expect(norm("wasn't my job")).toBe('was not my job');
    expect(norm("I won't, I can't, I cannot")).toBe('i will not, i can not, i can not');
    expect(norm("it's, that's, let's, the customer's")).toBe("it is, that is, let us, the customer's");
    expect(norm("you're, we've, I'll, I'm, I'd")).toBe('you are, we have, i will, i am, i would');
    expect(norm("should've")).toBe('should have');
  });

  it('expands contractions typed without the apostrophe in chat, but not real words', () => {
    expect(norm('thats not my problem tbh')).toBe('that is not my problem tbh');
    expect(norm('u should have checked, i cant help, pls wait')).toBe('you should have checked, i can not help, please wait');
    expect(norm('Im sure, Ive seen it, youre right, DONT')).toBe('i am sure, i have seen it, you are right, do not');
    expect(norm("its box, we were well, ur order, menu, you, u2, don't")).toBe("its box, we were well, ur order, menu, you, u2, do not");
    const original = 'OK, THATS it';
    const n = normalizeForMatching(original, tables);
    const at = n.text.indexOf('that is');
    expect(originalOf(original, at, at + 'that is'.length)).toBe('THATS');
  });

  it('maps every normalised unit back into the original text', () => {
    const original = '很 CALM  DOWN吧, it ISN’T 服務(wù)員';
    const n = normalizeForMatching(original, tables);
    const at = n.text.indexOf('calm down');
    expect(originalOf(original, at, at + 'calm down'.length)).toBe('CALM  DOWN');
    const isNot = n.text.indexOf('is not');
    expect(originalOf(original, isNot, isNot + 6)).toBe('ISN’T');
    const han = n.text.indexOf('服务员');
    expect(originalOf(original, han, han + 3)).toBe('服務(wù)員');
  });

  it('takes a plain-ASCII shortcut that agrees with the full fold, offsets included (property)', () => {
    // A leading non-ASCII letter forces the full per-unit fold; it neither joins
    // English words nor starts a contraction, so the rest must normalise alike.
    const plain = fc.stringMatching(/^[a-zA-Z0-9 .,'!?\n"()-]{0,80}$/).filter((s) => !/^[\n ]|[\n ]{2}/.test(s));
    fc.assert(fc.property(plain, (s) => {
      const fast = normalizeForMatching(s, tables);
      const slow = normalizeForMatching(`é${s}`, tables);
      expect(slow.text).toBe(`é${fast.text}`);
      expect([...slow.start.subarray(1)].map((x) => x - 1)).toEqual([...fast.start]);
      expect([...slow.end.subarray(1)].map((x) => x - 1)).toEqual([...fast.end]);
    }), { numRuns: 2000 });
    expect(norm("It's NOT my job,\nok")).toBe('it is not my job, ok');
  });

  it('keeps offsets ordered and inside the original for any input (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      const n = normalizeForMatching(s, tables);
      expect(n.start.length).toBe(n.text.length);
      for (let i = 0; i < n.text.length; i++) {
        expect(n.start[i]!).toBeGreaterThanOrEqual(0);
        expect(n.end[i]!).toBeLessThanOrEqual(s.length);
        expect(n.start[i]!).toBeLessThan(n.end[i]!);
        if (i > 0) expect(n.end[i]!).toBeGreaterThanOrEqual(n.end[i - 1]!);
      }
    }), { numRuns: 300 });
  });

  it('keeps every unit when early characters expand under NFKC', () => {
    // U+FDFA expands to 18 units; the rest of the draft must survive intact.
    const text = '\ufdfa'.repeat(3) + ' not my job '.repeat(20);
    expect(norm(text).split('not my job')).toHaveLength(21);
    expect(norm('㍿'.repeat(50) + 'calm down')).toMatch(/calm down$/);
  });

  it('turns lone surrogates into a boundary and keeps astral characters whole', () => {
    expect(norm('a\ud800b')).toBe('a b');
    expect(norm('x\udc00')).toBe('x ');
    const astral = normalizeForMatching('😀𠀀', tables);
    expect(astral.text).toBe('😀𠀀');
    expect([...astral.start]).toEqual([0, 0, 2, 2]);
  });
});

const scriptOf = (text: string, t: typeof tables) => detectLanguage(text, scriptCharactersOf(t)).script;

describe('the script detectLanguage reads with the guard\'s tables', () => {
  it('tells Traditional from Simplified drafts', () => {
    expect(scriptOf('這事我也做不了主', tables)).toBe('zh-Hant');
    expect(scriptOf('这事我也做不了主', tables)).toBe('zh-Hans');
    expect(scriptOf('hello', tables)).toBeNull();
  });
});

describe('variants', () => {
  it('expands braces and verb macros', () => {
    expect(expandBraces('calm{,s,ed,ing} down')).toEqual(['calm down', 'calms down', 'calmed down', 'calming down']);
    expect(expandBraces('it {be} fine')).toContain('it was fine');
    expect(() => expandBraces('a {b')).toThrow(/unclosed/);
    expect(() => expandBraces('a {b{c}}')).toThrow(/nest/);
    expect(() => expandBraces('a {nope} b')).toThrow(/neither a list/);
  });

  it('adds auxiliary and -ise/-ize variants to English phrases only', () => {
    const forms = expandEnglishVariants('is not my job');
    expect(forms).toEqual(expect.arrayContaining(['is not my job', 'was not my job', 'are not my job']));
    expect(expandEnglishVariants('not authorised')).toEqual(['not authorised', 'not authorized']);
    expect(expandEnglishVariants('不关我的事')).toEqual(['不关我的事']);
  });
});

describe('PhraseAutomaton', () => {
  it('finds exactly the occurrences a naive search finds (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', '我', '你');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 12 }), fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (patterns, text) => {
      const automaton = new PhraseAutomaton(patterns);
      const found: string[] = [];
      automaton.findAll(text, (p, s, e) => found.push(`${p}:${s}:${e}`));
      const expected: string[] = [];
      patterns.forEach((p, id) => {
        for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) expected.push(`${id}:${i}:${i + p.length}`);
      });
      expect(found.sort()).toEqual(expected.sort());
    }), { numRuns: 300 });
  });

  it('reports a duplicated pattern under its first id only, and longer matches first at one end', () => {
    // The trie is built in sorted order ('ab' < 'b' < 'c'), not in id order.
    const automaton = new PhraseAutomaton(['c', 'b', 'ab', 'b', 'ab']);
    const found: string[] = [];
    automaton.findAll('xabc', (p, s, e) => found.push(`${p}:${s}:${e}`));
    expect(found).toEqual(['2:1:3', '1:2:3', '0:3:4']);
  });

  it('gives the same answers call after call, also when its lazy DFA is flushed (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', ' ', '我', '你');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
    const text = fc.array(alphabet, { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 12 }), fc.array(text, { minLength: 1, maxLength: 5 }), fc.constantFrom(2, 3, 5, 16384), (patterns, texts, lazyRowLimit) => {
      const automaton = new PhraseAutomaton(patterns, { lazyRowLimit });
      for (const t of texts) {
        const found: string[] = [];
        automaton.findAll(t, (p, s, e) => found.push(`${p}:${s}:${e}`));
        const expected: string[] = [];
        patterns.forEach((p, id) => {
          for (let i = t.indexOf(p); i >= 0; i = t.indexOf(p, i + 1)) expected.push(`${id}:${i}:${i + p.length}`);
        });
        expect(found.sort()).toEqual(expected.sort());
      }
    }), { numRuns: 300 });
  });
});

describe('findQuotedSpans', () => {
  it('finds closed quotes of each kind and ignores unclosed or multi-line ones', () => {
    const text = '他说“不关我的事”，又说「管不着」和『少管』，"not my job" and "open';
    const quoted = findQuotedSpans(text).map((s) => text.slice(s.start, s.end));
    expect(quoted).toEqual(['不关我的事', '管不着', '少管', 'not my job']);
    expect(findQuotedSpans('“line one\nline two”')).toEqual([]);
  });
});
