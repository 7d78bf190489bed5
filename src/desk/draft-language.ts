// Which language a draft is written in, so answers about it (verdict, labels, openers) use the same one.
import type { Locale } from '../contracts/complaint.js';
import { detectLanguage } from '../script/detect-language.js';
import { buildScriptTables, scriptCharactersOf, type ScriptTables } from '../script/script-tables.js';

let tables: ScriptTables | undefined;

/**
 * `zh-Hans` / `zh-Hant` when Chinese characters carry the draft (an English reply quoting
 * a Chinese product name stays English), otherwise `en` (detectLanguage, src/script).
 */
export function draftLocale(draft: string): Locale {
  tables ??= buildScriptTables();
  return detectLanguage(draft, scriptCharactersOf(tables)).language ?? 'en';
}
