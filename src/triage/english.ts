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

export const stem = (token: string): string => (/^\d+$/.test(token) ? '#num' : PorterStemmer.stem(token));
