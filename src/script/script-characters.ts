// Counting the characters that exist in only one Chinese script. Pure: the
// caller says which characters count (a table shipped with a model, or a live
// opencc classifier), so nothing here loads opencc.

/** Characters that exist only in one script, as strings (what a model file stores). */
export interface ScriptCharacters {
  simplifiedOnly: string;
  traditionalOnly: string;
}

export type OneScript = 'simplified' | 'traditional';

/** Answers, per character, which script it alone belongs to (null: both, or not Chinese). */
export interface ScriptCharacterTest {
  scriptOnly(ch: string): OneScript | null;
}

/** A set-backed test; a character listed on both sides counts as Traditional. */
export function compileScriptCharacters(tables: ScriptCharacters): ScriptCharacterTest {
  const simplified = new Set(tables.simplifiedOnly);
  const traditional = new Set(tables.traditionalOnly);
  return { scriptOnly: (ch) => (traditional.has(ch) ? 'traditional' : simplified.has(ch) ? 'simplified' : null) };
}
