// Input hygiene: every later step may assume a well-formed, bounded string.

/** Messages longer than this are cut; a customer message that long is a pasted document. */
export const MAX_MESSAGE_CHARS = 4000;

// A bad converter leaves pinyin after Han characters: 服務(wù). It breaks both
// substring matches and n-grams, so a parenthesised run of Latin letters with
// tone marks right after a Han character goes.
const PINYIN_ANNOTATION = /(?<=\p{Script=Han})[(（]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü:\s]{1,12}[)）]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Replaces unpaired surrogates (which break NFKC and JSON) with U+FFFD, one for one. */
const wellFormed = (s: string) => s.replace(LONE_SURROGATE, '\uFFFD');
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\uFEFF\u200B-\u200D]/g;

/**
 * Caps the length (without splitting a surrogate pair), replaces lone surrogates,
 * drops control characters, applies NFKC (full-width letters and digits become
 * ASCII) and strips pinyin annotations.
 */
export function normaliseMessage(input: string, maxChars = MAX_MESSAGE_CHARS): string {
  const text = typeof input === 'string' ? input : String(input ?? '');
  let capped = text.length > maxChars ? text.slice(0, maxChars) : text;
  capped = wellFormed(capped);
  return capped.replace(CONTROL, ' ').normalize('NFKC').replace(PINYIN_ANNOTATION, '');
}

/**
 * The same clean-up but keeping every UTF-16 offset: only one-to-one character
 * replacements (full-width ASCII to ASCII, ideographic space to space, lone
 * surrogates to U+FFFD). Entity offsets are computed on this text and so point
 * into the caller's original string.
 */
export function normaliseKeepingOffsets(input: string, maxChars = MAX_MESSAGE_CHARS): string {
  const text = typeof input === 'string' ? input : String(input ?? '');
  const capped = (text.length > maxChars ? text.slice(0, maxChars) : text);
  return wellFormed(capped).replace(/[\uFF01-\uFF5E\u3000]/g, (ch: string) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}
