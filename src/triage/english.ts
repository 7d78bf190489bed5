// English text mechanics: contractions, clauses, tokens and stems.
import { WordTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

// compromise's contractions().expand() does this too, but costs ~0.5 ms per
// message (measured in bench/triage.bench.ts); the closed set of English
// contractions is small enough to expand with one pass.
const IRREGULAR: Record<string, string> = {
  "won't": 'will not', "can't": 'can not', "shan't": 'shall not', "ain't": 'am not',
  'wont': 'will not', 'cant': 'can not', 'dont': 'do not', 'didnt': 'did not', 'doesnt': 'does not',
  'isnt': 'is not', 'wasnt': 'was not', 'arent': 'are not', 'werent': 'were not', 'havent': 'have not',
  'hasnt': 'has not', 'hadnt': 'had not', 'wouldnt': 'would not', 'shouldnt': 'should not',
  'couldnt': 'could not', 'im': 'i am', 'ive': 'i have', 'youre': 'you are',
  'theyre': 'they are', 'thats': 'that is', 'whats': 'what is', "y'all": 'you all', "let's": 'let us',
};
const SUFFIXES: Record<string, string> = { "n't": ' not', "'m": ' am', "'re": ' are', "'ve": ' have', "'ll": ' will', "'d": ' would' };

/** Lower-cases and expands contractions ("I don't" → "i do not", typed "dont" too). */
export function expandContractions(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02BC`´]/g, "'")
    .replace(/\b[a-z]+(?:'[a-z]+)?\b/g, (word) => {
      const irregular = IRREGULAR[word];
      if (irregular) return irregular;
      const apostrophe = word.indexOf("'");
      if (apostrophe < 0) return word;
      if (word.endsWith("n't")) return word.slice(0, -3) + ' not';
      const suffix = SUFFIXES[word.slice(apostrophe)];
      // "it's" stays ambiguous (is/has); drop the suffix rather than guess.
      return suffix ? word.slice(0, apostrophe) + suffix : word.slice(0, apostrophe);
    });
}

/** Clause boundaries: punctuation in either script and line breaks. */
export const CLAUSE_SPLIT = /[,.;:!?，。；：！？、\n…~～()（）[\]【】"“”]+|\s[-–—]+\s/u;

const tokenizer = new WordTokenizer();

/** Latin-script word tokens of one clause (Han characters are separators here). */
export function wordTokens(clause: string): string[] {
  return tokenizer.tokenize(clause).filter((t) => t.length > 0);
}

/**
 * Stems by token, remembered: Porter's rules cost about a microsecond a word and
 * a message has dozens, while customers' vocabulary repeats. The stemmer is a pure
 * function, so a remembered stem is the stem; the map is emptied when it grows
 * past STEM_MEMO_LIMIT, so arbitrary input cannot grow it without bound.
 */
const STEM_MEMO_LIMIT = 50_000;
const stemMemo = new Map<string, string>();

export function stem(token: string): string {
  let stemmed = stemMemo.get(token);
  if (stemmed === undefined) {
    stemmed = /^\d+$/.test(token) ? '#num' : PorterStemmer.stem(token);
    if (stemMemo.size >= STEM_MEMO_LIMIT) stemMemo.clear();
    stemMemo.set(token, stemmed);
  }
  return stemmed;
}
