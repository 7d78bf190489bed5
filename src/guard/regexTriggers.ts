// Regex entries are the guard's slow path: each one scans the whole draft.
// But every regex needs some literal text to match: "policy" in
// "(?:it|that) is (?:our|the) (?:policy|rules?)", 找 in "找(?<=…)…". The
// compiler reads one such set of literals (the most selective one) off each
// regex and feeds it into the phrase automaton, which scans the draft anyway;
// the guard then runs only the regexes whose trigger occurred.

/** Escapes that stand for themselves: `\.` is a dot, `\d` is not a literal. */
const LITERAL_ESCAPE = /[.\\/\-?*+()[\]{}|^$ ,:;!'"<>=&#%@~`]/;
const MAX_CLASS = 8;

/** Index of the parenthesis closing the group opened at `open`, or -1. */
function closingParen(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits a pattern at its top-level `|`. */
function branchesOf(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) { parts.push(body.slice(from, i)); from = i + 1; }
  }
  parts.push(body.slice(from));
  return parts;
}

/** End (exclusive) of the quantifier starting at `i` (none: `i`), lazy `?` included. */
function quantifierEnd(source: string, i: number): number {
  const c = source[i];
  let end = i;
  if (c === '?' || c === '*' || c === '+') end = i + 1;
  else if (c === '{') {
    const close = source.indexOf('}', i);
    if (close > i && /^\{\d+(?:,\d*)?\}$/.test(source.slice(i, close + 1))) end = close + 1;
  }
  if (end > i && source[end] === '?') end++;
  return end;
}

/** May the element whose quantifier starts at `i` be absent (?, * or {0…})? */
function optionalAt(source: string, i: number): boolean {
  const c = source[i];
  return c === '?' || c === '*' || (c === '{' && /^\{0[,}]/.test(source.slice(i, i + 3)));
}

/** End (exclusive) of the character class opened at `open`, or -1. */
function classEnd(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') { i++; continue; }
    if (source[i] === ']' && i > open + 1) return i + 1;
  }
  return -1;
}

/** End (exclusive) of the escape sequence whose backslash is at `i`. */
function escapeEnd(source: string, i: number): number {
  const c = source[i + 1];
  const braced = (c === 'p' || c === 'P' || c === 'u') && source[i + 2] === '{';
  const named = c === 'k' && source[i + 2] === '<';
  if (braced || named) {
    const close = source.indexOf(named ? '>' : '}', i + 2);
    return close < 0 ? source.length : close + 1;
  }
  return i + 2;
}

/** The commonest Han characters of everyday writing: poor triggers on their own. */
const COMMON_HAN = new Set('的一是不了人我在有他这中大来上个们到说为和你地出道也时要就以可会过没对生能而子那得于着下自之年后作里用去还多然小心看天好当起想成些都很如事所方把再吗呢吧啊您从给让被跟比等');

/** How selective a trigger is: Han characters are rarer than letters, spaces and punctuation weigh least. */
function weight(trigger: string): number {
  let w = 0;
  for (const ch of trigger) {
    const u = ch.codePointAt(0)!;
    w += u >= 0x2e80 ? (COMMON_HAN.has(ch) ? 1.2 : 2.5) : /[a-z0-9]/.test(ch) ? 1 : 0.5;
  }
  return w;
}

const score = (set: readonly string[]) => Math.min(...set.map(weight)) - set.length / 1000;

/** A trigger set and whether every match starts with one of its literals. */
export interface TriggerInfo { readonly triggers: string[]; readonly prefix: boolean }

/**
 * Literal triggers for a regex source (as compiled: `i` flag, lower-cased
 * drafts): every match contains at least one of them. Returns null when no
 * such set can be read off the source; that regex then always runs.
 */
export function regexTriggers(source: string): string[] | null {
  return regexTriggerInfo(source)?.triggers ?? null;
}

/**
 * Like regexTriggers, and says whether the triggers are a prefix of every
 * match: then the regex need only be tried where a trigger starts.
 */
export function regexTriggerInfo(source: string): TriggerInfo | null {
  const branches = branchesOf(source);
  if (branches.length > 1) {
    const all: string[] = [];
    let prefix = true;
    for (const branch of branches) {
      const t = sequenceTriggers(branch);
      if (t === null) return null;
      all.push(...t.triggers);
      prefix &&= t.prefix;
    }
    return { triggers: [...new Set(all)], prefix };
  }
  return sequenceTriggers(source);
}

/** The best trigger set among the required elements of a sequence without top-level `|`. */
function sequenceTriggers(source: string): TriggerInfo | null {
  const candidates: TriggerInfo[] = [];
  // consumed: some element before this point may have matched text, so a
  // later literal is not where the match starts.
  let consumed = false;
  let run = '';
  let runIsPrefix = true;
  const endRun = () => {
    if (run !== '') { candidates.push({ triggers: [run.toLowerCase()], prefix: runIsPrefix }); consumed = true; }
    run = '';
  };
  const addToRun = (text: string) => { if (run === '') runIsPrefix = !consumed; run += text; };
  let pos = 0;
  while (pos < source.length) {
    const c = source[pos]!;
    if (c === '(') {
      endRun();
      const close = closingParen(source, pos);
      if (close < 0) return null;
      const negative = source.startsWith('(?!', pos) || source.startsWith('(?<!', pos);
      const positive = source.startsWith('(?=', pos) || source.startsWith('(?<=', pos);
      if (negative) { pos = close + 1; continue; }
      if (positive) {
        // Text a positive lookaround requires is in the draft too, if not in the match.
        const inner = regexTriggerInfo(source.slice(source[pos + 2] === '<' ? pos + 4 : pos + 3, close));
        if (inner !== null) candidates.push({ triggers: inner.triggers, prefix: false });
        pos = close + 1;
        continue;
      }
      if (!optionalAt(source, close + 1)) {
        const bodyStart = source[pos + 1] !== '?' ? pos + 1 : source.startsWith('(?<', pos) ? source.indexOf('>', pos) + 1 : pos + 3;
        const inner = regexTriggerInfo(source.slice(bodyStart, close));
        if (inner !== null) candidates.push({ triggers: inner.triggers, prefix: inner.prefix && !consumed });
      }
      consumed = true;
      pos = quantifierEnd(source, close + 1);
      continue;
    }
    if (c === '[') {
      endRun();
      const end = classEnd(source, pos);
      if (end < 0) return null;
      const body = source.slice(pos + 1, end - 1);
      const after = quantifierEnd(source, end);
      if (after === end && body.length <= MAX_CLASS && /^[^\\\-^\]]+$/.test(body)) {
        // A small class of plain characters ([你您]) joined to the literal that follows it.
        let follow = '';
        let k = end;
        while (k < source.length && !'\\^$.|?*+()[]{}'.includes(source[k]!) && quantifierEnd(source, k + 1) === k + 1) follow += source[k++]!;
        candidates.push({ triggers: [...new Set([...body].map((ch) => (ch + follow).toLowerCase()))], prefix: !consumed });
      }
      consumed = true;
      pos = after;
      continue;
    }
    if (c === '\\') {
      const next = source[pos + 1];
      const end = escapeEnd(source, pos);
      const after = quantifierEnd(source, end);
      if (next !== undefined && LITERAL_ESCAPE.test(next) && end === pos + 2 && after === end) { addToRun(next); pos = end; continue; }
      endRun();
      consumed = true;
      pos = after;
      continue;
    }
    if (c === '^' || c === '$') { endRun(); pos++; continue; }
    if ('.|)'.includes(c) || c === '?' || c === '*' || c === '+' || c === '{' || c === '}' || c === ']') {
      endRun();
      consumed = true;
      pos = quantifierEnd(source, pos + 1);
      continue;
    }
    // A plain character, possibly a surrogate pair; a quantifier makes it not (reliably) literal.
    const width = c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdbff ? 2 : 1;
    const after = quantifierEnd(source, pos + width);
    if (after !== pos + width) { endRun(); consumed = true; pos = after; continue; }
    addToRun(source.slice(pos, pos + width));
    pos += width;
  }
  endRun();
  if (candidates.length === 0) return null;
  let best = candidates[0]!;
  for (const candidate of candidates) if (score(candidate.triggers) > score(best.triggers)) best = candidate;
  return best;
}
