// Which language and script a message is written in.
import type { Lang } from '../contracts/triage.js';
import { countScriptCharacters, type ScriptCharacterTest } from '../script/script-characters.js';
import type { ChineseRegion } from '../script/opencc-script-classifier.js';

/**
 * The regions whose variants the trainer's character tables consider (see
 * deriveScriptCharacters): with Hong Kong forms as well, 說/説-style variants
 * count for neither script, and lexicons/triage/cues.yaml adds the hints.
 */
export const TRIAGE_SCRIPT_REGIONS: readonly ChineseRegion[] = ['hk', 'tw'];

const LATIN_WORD = /[A-Za-z]{2,}/g;

/**
 * Chinese when Han characters carry the message ("我的order还没到" is Chinese);
 * Traditional when it has more Traditional-only than Simplified-only characters.
 * A message with no distinguishing character (e.g. "我不要了") counts as Simplified.
 */
export function detectLang(text: string, scripts: ScriptCharacterTest): Lang {
  const { han, simplified, traditional } = countScriptCharacters(text, scripts);
  if (han === 0) return 'en';
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  // One stray Han character in a long English message (a name, a quoted word) stays English.
  if (han === 1 && latinWords > 3) return 'en';
  if (han * 2 < latinWords && han < 4) return 'en';
  return traditional > simplified ? 'zh-Hant' : 'zh-Hans';
}
