import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScriptClassifier, deriveScriptCharacters } from '../../src/script/opencc-script-classifier.js';
import { TRIAGE_SCRIPT_REGIONS } from '../../src/triage/script.js';

describe('createScriptClassifier', () => {
  const taiwan = createScriptClassifier(['tw']);
  const both = createScriptClassifier(['hk', 'tw']);

  it('marks characters that exist only in one script', () => {
    expect(taiwan.scriptOnly('x'.codePointAt(0)!)).toBeNull();
    expect(taiwan.scriptOnly('说'.codePointAt(0)!)).toBe('simplified');
    expect(taiwan.scriptOnly('訂'.codePointAt(0)!)).toBe('traditional');
    expect(taiwan.scriptOnly('订'.codePointAt(0)!)).toBe('simplified');
  });

  it('leaves characters shared by both scripts unmarked', () => {
    for (const ch of '人工取消我的') {
      expect(taiwan.scriptOnly(ch.codePointAt(0)!)).toBeNull();
    }
  });

  it('depends on the regions: 說 is Taiwan-only Traditional, but Hong Kong writes 説', () => {
    expect(taiwan.scriptOnly('說'.codePointAt(0)!)).toBe('traditional');
    expect(both.scriptOnly('說'.codePointAt(0)!)).toBeNull();
  });

  it('needs at least one region', () => {
    expect(() => createScriptClassifier([])).toThrow(/at least one region/);
  });
});

describe('deriveScriptCharacters', () => {
  it('lists each character on one side at most, within the range asked', () => {
    const tables = deriveScriptCharacters(['tw'], { from: 0x8a00, to: 0x8aff });
    const simplified = new Set(tables.simplifiedOnly);
    expect([...tables.traditionalOnly].filter((ch) => simplified.has(ch))).toEqual([]);
    expect(tables.traditionalOnly).toContain('說');
    for (const ch of tables.simplifiedOnly + tables.traditionalOnly) {
      expect(ch.codePointAt(0)).toBeGreaterThanOrEqual(0x8a00);
      expect(ch.codePointAt(0)).toBeLessThanOrEqual(0x8aff);
    }
  });

  it('reproduces the tables shipped in lexicons/triage/model.json (else run `npm run train:triage`)', () => {
    const model = JSON.parse(readFileSync(new URL('../../lexicons/triage/model.json', import.meta.url), 'utf8')) as { scripts: { simplifiedOnly: string; traditionalOnly: string } };
    const derived = deriveScriptCharacters(TRIAGE_SCRIPT_REGIONS);
    expect(derived.simplifiedOnly).toBe(model.scripts.simplifiedOnly);
    expect(derived.traditionalOnly).toBe(model.scripts.traditionalOnly);
  });
});
