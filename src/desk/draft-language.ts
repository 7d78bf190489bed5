// Which language a draft is written in, so answers about it (verdict, labels, openers) use the same one.
import type { Locale } from '../contracts/complaint.js';
import { detectChineseScript } from '../script/detect-chinese-script.js';
import { buildScriptTables, type ScriptTables } from '../script/script-tables.js';

let tables: ScriptTables | undefined;

/**
 * `zh-Hans` / `zh-Hant` when Chinese characters carry the draft (at least one per Latin word,
 * so an English reply quoting a Chinese product name stays English), otherwise `en`.
 */
export function draftLocale(draft: string): Locale {
  let han = 0;
  for (let i = 0; i < draft.length; i++) if (draft.charCodeAt(i) >= 0x3400 && draft.charCodeAt(i) <= 0x9fff) han++;
  if (han === 0) return 'en';
  const latinWords = draft.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (han < latinWords) return 'en';
  tables ??= buildScriptTables();
  return detectChineseScript(draft, tables) === 'traditional' ? 'zh-Hant' : 'zh-Hans';
}
