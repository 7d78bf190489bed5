// Classifies single characters as Simplified-only or Traditional-only by asking
// opencc's converters whether they would change them. Loading the cn→t
// converter costs ~130 ms, so the triage core never imports this file: the
// trainer derives the tables once and ships them in model.json.
import * as ToSimplified from 'opencc-js/t2cn';
import * as ToTraditional from 'opencc-js/cn2t';
import type { ScriptCharacters, ScriptCharacterTest } from './script-characters.js';

/** Regional standards whose variants count: 'tw' (裡, 說) and/or 'hk' (裏, 説). */
export type ChineseRegion = 'tw' | 'hk';

/**
 * A character is Traditional-only when some region's Traditional→Simplified
 * conversion changes it and no Simplified→Traditional conversion does, and the
 * reverse for Simplified-only. Which regions take part matters: 說 is
 * Traditional-only for Taiwan, but Hong Kong writes 説, so with 'hk' as well
 * 說 is a variant that belongs to neither side.
 */
export function createScriptClassifier(regions: readonly ChineseRegion[]): ScriptCharacterTest {
  if (regions.length === 0) throw new Error('createScriptClassifier: give at least one region (tw, hk)');
  const toSimplified = regions.map((from) => ToSimplified.Converter({ from, to: 'cn' }));
  const toTraditional = regions.map((to) => ToTraditional.Converter({ from: 'cn', to }));
  const changedBy = (converters: ((text: string) => string)[], ch: string) => converters.some((convert) => convert(ch) !== ch);
  return {
    scriptOnly(code) {
      const ch = String.fromCodePoint(code);
      const simplifies = changedBy(toSimplified, ch);
      if (simplifies === changedBy(toTraditional, ch)) return null;
      return simplifies ? 'traditional' : 'simplified';
    },
  };
}

/** Lists the one-script characters of a code point range (default: the CJK Unified Ideographs block). */
export function deriveScriptCharacters(regions: readonly ChineseRegion[], range: { from: number; to: number } = { from: 0x4e00, to: 0x9fff }): ScriptCharacters {
  const classifier = createScriptClassifier(regions);
  let simplifiedOnly = '';
  let traditionalOnly = '';
  for (let code = range.from; code <= range.to; code++) {
    const ch = String.fromCodePoint(code);
    const script = classifier.scriptOnly(code);
    if (script === 'traditional') traditionalOnly += ch;
    else if (script === 'simplified') simplifiedOnly += ch;
  }
  return { simplifiedOnly, traditionalOnly };
}
