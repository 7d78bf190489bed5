// Which language and Chinese script a text is written in: the one detector the
// bot (the customer's locale), triage (the message's lang), the desk (a draft's
// locale) and the guard (the script of a finding's message) share.
import type { Lang } from '../contracts/triage.js';
import type { ScriptCharacterTest } from './script-characters.js';

export type ChineseScriptTag = 'zh-Hans' | 'zh-Hant';

export interface DetectedLanguage {
  /**
   * The text's language; null when nothing in it tells: digits, an id, an e-mail
   * address, emoji, or, after Chinese, Latin words that are no everyday English
   * (a Chinese customer typing "iPhone 15" is still writing Chinese).
   */
  language: Lang | null;
  /** The script of its Chinese characters whatever the language (an English draft quoting 這事); null without any. */
  script: ChineseScriptTag | null;
}

/** A few hundred Chinese characters decide the script; long texts stop counting there. */
const MAX_HAN = 400;
const HAN = /\p{Script=Han}/u;
/** Words: letters and apostrophes ("don't"); e-mail addresses are removed first. */
const WORD = /[\p{L}'’]+/gu;
const EMAIL = /\S+@\S+/g;
const LATIN_WORD = /^\p{Script=Latin}{2,}/u;
const ONE_LETTER_WORD = /^(?:i|a)$/i;

const ENGLISH_EVERYDAY = new Set((
  'i a an the my me you your we our it its is was are were be been am do does did not no yes ok okay please thanks thank ' +
  'to of in on at for with from and or but this that there here what when where why how who which can could would will ' +
  "hi hello hey help cancel stop done all that's it's i'm don't didn't can't won't never nothing just still again " +
  'order parcel delivery refund broken late wrong money bill charged want need have has had'
).split(' '));

/** Latin words of the text, up to `enough` of them (the rules below never need more). */
function latinWords(text: string, enough: number): string[] {
  const words: string[] = [];
  for (const match of text.replace(EMAIL, ' ').matchAll(WORD)) {
    const word = match[0];
    if (LATIN_WORD.test(word) || ONE_LETTER_WORD.test(word)) words.push(word);
    if (words.length >= enough) break;
  }
  return words;
}

/**
 * Han in the Basic Multilingual Plane (\p{Script=Han}) without a regex per character: the
 * ideograph blocks, the radicals, and the few Han signs among CJK symbols (々 〇 〡–〩 〸–〻).
 * Chinese punctuation (，。「」) is not Han.
 */
function isHanUnit(u: number): boolean {
  return (u >= 0x4e00 && u <= 0x9fff) || (u >= 0x3400 && u <= 0x4dbf) || (u >= 0xf900 && u <= 0xfaff) || (u >= 0x2e80 && u <= 0x2fdf)
    || u === 0x3005 || u === 0x3007 || (u >= 0x3021 && u <= 0x3029) || (u >= 0x3038 && u <= 0x303b);
}

function hasEverydayEnglish(text: string): boolean {
  for (const match of text.replace(EMAIL, ' ').matchAll(WORD)) {
    if (ENGLISH_EVERYDAY.has(match[0].toLowerCase().replace(/’/g, "'"))) return true;
  }
  return false;
}

/**
 * Chinese when Han characters carry the text ("我的order还没到" is Chinese; one stray
 * Han character in a long English message, a name or a quoted word, stays English).
 * The script is Traditional when the text has more Traditional-only than
 * Simplified-only characters (`scripts` says which characters are which); a text of
 * shared characters only (人工, 取消) keeps the previous Chinese script, else Simplified.
 * `previous` is what the same writer wrote before, when known.
 */
export function detectLanguage(text: string, scripts: ScriptCharacterTest, previous: Lang | null = null): DetectedLanguage {
  let han = 0;
  let simplified = 0;
  let traditional = 0;
  for (let i = 0; i < text.length && han < MAX_HAN; i++) {
    const unit = text.charCodeAt(i);
    // Nothing below the CJK radicals block is Han: the common case costs one comparison.
    if (unit < 0x2e80) continue;
    let code: number;
    if (isHanUnit(unit)) code = unit;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      // An astral character: Han in the supplementary ideographic planes (Ext B onwards), else ask the regex.
      code = text.codePointAt(i)!;
      i++;
      if (!((code >= 0x20000 && code <= 0x3ffff) || HAN.test(String.fromCodePoint(code)))) continue;
    } else continue;
    han++;
    const only = scripts.scriptOnly(code);
    if (only === 'traditional') traditional++;
    else if (only === 'simplified') simplified++;
  }
  const script: ChineseScriptTag | null = han === 0 ? null
    : traditional > simplified ? 'zh-Hant'
      : simplified > traditional ? 'zh-Hans'
        : previous === 'zh-Hant' ? 'zh-Hant' : 'zh-Hans';
  if (han >= 4) return { language: script, script };
  if (han > 0) {
    const latin = latinWords(text, 8).length;
    const stray = (han === 1 && latin > 3) || han * 2 < latin;
    if (!stray) return { language: script, script };
  }
  if (previous === 'zh-Hans' || previous === 'zh-Hant') {
    return { language: hasEverydayEnglish(text) ? 'en' : null, script };
  }
  return { language: latinWords(text, 1).length > 0 ? 'en' : null, script };
}
