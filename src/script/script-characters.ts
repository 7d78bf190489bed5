// Counting the characters that exist in only one Chinese script. Pure: the
// caller says which characters count (a table shipped with a model, or a live
// opencc classifier), so nothing here loads opencc.

/** Characters that exist only in one script, as strings (what a model file stores). */
export interface ScriptCharacters {
  simplifiedOnly: string;
  traditionalOnly: string;
}

/** Answers, per character, whether it belongs to only one script. */
export interface ScriptCharacterTest {
  isTraditionalOnly(ch: string): boolean;
  isSimplifiedOnly(ch: string): boolean;
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
  return { isTraditionalOnly: (ch) => traditional.has(ch), isSimplifiedOnly: (ch) => simplified.has(ch) };
}

/**
 * Counts Han characters and those found only in Simplified or only in
 * Traditional writing. Each character counts for one script at most, and
 * Traditional is asked first.
 */
export function countScriptCharacters(text: string, test: ScriptCharacterTest): ScriptCharacterCounts {
  let han = 0;
  let simplified = 0;
  let traditional = 0;
  for (const ch of text) {
    if (!HAN.test(ch)) continue;
    han++;
    if (test.isTraditionalOnly(ch)) traditional++;
    else if (test.isSimplifiedOnly(ch)) simplified++;
  }
  return { han, simplified, traditional };
}
