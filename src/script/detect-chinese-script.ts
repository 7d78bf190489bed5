import type { ScriptTables } from './script-tables.js';

export type ChineseScript = 'traditional' | 'simplified' | 'none';

/** Decides which Chinese script a draft is written in, by counting script-specific characters. */
export function detectChineseScript(text: string, tables: ScriptTables): ChineseScript {
  let score = 0;
  let han = false;
  const scores = tables.scriptScore;
  // A few hundred characters decide a draft's script; stop there on long texts.
  let seen = 0;
  for (let i = 0; i < text.length && seen < 400; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400) continue;
    han = true;
    seen++;
    score += scores[c]!;
  }
  if (!han) return 'none';
  return score > 0 ? 'traditional' : 'simplified';
}
