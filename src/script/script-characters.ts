// Counting the characters that exist in only one Chinese script. Pure: the
// caller says which characters count (a table shipped with a model, or a live
// opencc classifier), so nothing here loads opencc.

/** Characters that exist only in one script, as strings (what a model file stores). */
export interface ScriptCharacters {
  simplifiedOnly: string;
  traditionalOnly: string;
}

export type OneScript = 'simplified' | 'traditional';

/** Answers, per character (by code point, so counting needs no string per character), which script it alone belongs to (null: both, or not Chinese). */
export interface ScriptCharacterTest {
  scriptOnly(codePoint: number): OneScript | null;
}

/** A set-backed test; a character listed on both sides counts as Traditional. */
export function compileScriptCharacters(tables: ScriptCharacters): ScriptCharacterTest {
  const codes = (text: string) => new Set(Array.from(text, (ch) => ch.codePointAt(0)!));
  const simplified = codes(tables.simplifiedOnly);
  const traditional = codes(tables.traditionalOnly);
  return { scriptOnly: (code) => (traditional.has(code) ? 'traditional' : simplified.has(code) ? 'simplified' : null) };
}
