// Traditional → Simplified folding through opencc's phrase converters, for
// features and rule matching only (the reply keeps the customer's script).
// Unlike foldTraditional it rewrites Taiwan phrases, so lengths may change.
import * as OpenCC from 'opencc-js/t2cn';

export type Folder = (text: string) => string;

export interface PhraseFolder extends Folder {
  /**
   * Character-for-character folding (variants → Simplified, no phrase rewrites),
   * for matching where offsets must survive; null if the length would change.
   */
  chars: (text: string) => string | null;
}

/**
 * Taiwan phrases first (螢幕→屏幕, 網路→网络), then Hong Kong variants (衞→卫),
 * then the caller's extra pairs that OpenCC leaves apart (帐/账). The result
 * may differ in length from the input, so never use it for offsets.
 */
export function createPhraseFolder(extra: Readonly<Record<string, string>>): PhraseFolder {
  const taiwan = OpenCC.Converter({ from: 'twp', to: 'cn' });
  const hongKong = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const pairs = Object.entries(extra);
  const extraPattern = pairs.length > 0 ? new RegExp(`[${pairs.map(([from]) => from).join('')}]`, 'gu') : null;
  const fold: Folder = (text) => {
    if (!/\p{Script=Han}/u.test(text)) return text;
    const folded = hongKong(taiwan(text));
    return extraPattern ? folded.replace(extraPattern, (ch: string) => extra[ch] ?? ch) : folded;
  };
  const chars = (text: string) => {
    if (!/\p{Script=Han}/u.test(text)) return text;
    const folded = hongKong(text);
    return folded.length === text.length ? folded : null;
  };
  return Object.assign(fold, { chars });
}
