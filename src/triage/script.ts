// Which language and script a message is written in.
import type { Lang } from '../contracts/triage.js';

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** Characters that exist only in one script, derived from OpenCC at training time. */
export interface ScriptTables {
  simplifiedOnly: string;
  traditionalOnly: string;
}

export interface ScriptSets {
  simplified: Set<string>;
  traditional: Set<string>;
}

export const compileScriptSets = (tables: ScriptTables): ScriptSets => ({
  simplified: new Set(tables.simplifiedOnly),
  traditional: new Set(tables.traditionalOnly),
});

/**
 * Chinese when Han characters carry the message ("我的order还没到" is Chinese);
 * Traditional when it has more Traditional-only than Simplified-only characters.
 * A message with no distinguishing character (e.g. "我不要了") counts as Simplified.
 */
export function detectLang(text: string, sets: ScriptSets): Lang {
  let han = 0;
  let simplified = 0;
  let traditional = 0;
  for (const ch of text) {
    if (!HAN.test(ch)) continue;
    han++;
    if (sets.traditional.has(ch)) traditional++;
    else if (sets.simplified.has(ch)) simplified++;
  }
  if (han === 0) return 'en';
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  // One stray Han character in a long English message (a name, a quoted word) stays English.
  if (han === 1 && latinWords > 3) return 'en';
  if (han * 2 < latinWords && han < 4) return 'en';
  return traditional > simplified ? 'zh-Hant' : 'zh-Hans';
}
