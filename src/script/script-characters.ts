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

export interface ScriptCharacterCounts {
  /** Han characters in the text (code points, so astral ones count once). */
  han: number;
  simplified: number;
  traditional: number;
}

const HAN = /\p{Script=Han}/u;

/** A set-backed test; a character listed on both sides counts as Traditional. */
export function compileScriptCharacters(tables: ScriptCharacters): ScriptCharacterTest {
  const simplified = new Set(tables.simplifiedOnly);
  const traditional = new Set(tables.traditionalOnly);
  return { scriptOnly: (ch) => (traditional.has(ch) ? 'traditional' : simplified.has(ch) ? 'simplified' : null) };
}

/** Counts Han characters and those found only in Simplified or only in Traditional writing. */
export function countScriptCharacters(text: string, test: ScriptCharacterTest): ScriptCharacterCounts {
  let han = 0;
  let simplified = 0;
  let traditional = 0;
  for (const ch of text) {
    if (!HAN.test(ch)) continue;
    han++;
    const script = test.scriptOnly(ch);
    if (script === 'traditional') traditional++;
    else if (script === 'simplified') simplified++;
  }
  return { han, simplified, traditional };
}
