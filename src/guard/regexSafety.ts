// A lexicon regex runs on every draft, so one written carelessly could make a
// draft take seconds: `(a+)+$` needs 2^n steps to fail on n letters. The
// compiler rejects the shapes that backtrack exponentially or polynomially
// before any draft meets them:
//   - a repeat inside a repeat (star height 2) whose inner characters can
//     also start the next outer round: `(a+)+`, `(\w+\s?)*`;
//   - alternatives under a repeat that can split the same text two ways:
//     `(a|aa)+`, `(\w|\d)*`;
//   - two unbounded repeats in a row over shared characters with nothing
//     between them that the first cannot eat: `.*.*x`, `[a-z ]*x[a-z ]*y`.
// The analysis is conservative (it may reject a safe regex; reword it), and
// the guard still bounds the text each regex sees (see regexWindows.ts).

/** A parsed regex node; `at` is the offset in the source, for messages. */
type Node =
  | { readonly type: 'char'; readonly source: string; readonly at: number }
  | { readonly type: 'assert' }
  | { readonly type: 'backref'; readonly at: number }
  | { readonly type: 'seq'; readonly items: readonly Node[] }
  | { readonly type: 'alt'; readonly options: readonly Node[] }
  | { readonly type: 'group'; readonly body: Node; readonly look: boolean }
  | { readonly type: 'repeat'; readonly body: Node; readonly min: number; readonly max: number; readonly at: number; readonly end: number };

/** Repeats bounded above this many rounds count as unbounded for the polynomial check. */
const LONG_REPEAT = 100;

class Parser {
  pos = 0;
  constructor(readonly source: string) {}

  parseAlternation(): Node {
    const options: Node[] = [this.parseSequence()];
    while (this.source[this.pos] === '|') { this.pos++; options.push(this.parseSequence()); }
    return options.length === 1 ? options[0]! : { type: 'alt', options };
  }

  parseSequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.source.length && this.source[this.pos] !== '|' && this.source[this.pos] !== ')') {
      const start = this.pos;
      const atom = this.parseAtom();
      items.push(this.parseQuantifier(atom, start));
    }
    return items.length === 1 ? items[0]! : { type: 'seq', items };
  }

  parseQuantifier(atom: Node, start: number): Node {
    const s = this.source;
    let min: number;
    let max: number;
    const c = s[this.pos];
    if (c === '*') { min = 0; max = Infinity; this.pos++; }
    else if (c === '+') { min = 1; max = Infinity; this.pos++; }
    else if (c === '?') { min = 0; max = 1; this.pos++; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.pos));
      if (m === null) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length;
    } else return atom;
    if (s[this.pos] === '?') this.pos++;
    return { type: 'repeat', body: atom, min, max, at: start, end: this.pos };
  }

  parseAtom(): Node {
    const s = this.source;
    const start = this.pos;
    const c = s[this.pos]!;
    if (c === '(') {
      let look = false;
      if (s.startsWith('(?:', start)) this.pos += 3;
      else if (s.startsWith('(?=', start) || s.startsWith('(?!', start)) { this.pos += 3; look = true; }
      else if (s.startsWith('(?<=', start) || s.startsWith('(?<!', start)) { this.pos += 4; look = true; }
      else if (s.startsWith('(?<', start)) this.pos = s.indexOf('>', start) + 1;
      else this.pos++;
      const body = this.parseAlternation();
      this.pos++; // ')'
      return { type: 'group', body, look };
    }
    if (c === '[') {
      let i = start + 1;
      if (s[i] === '^') i++;
      if (s[i] === ']') i++;
      for (; i < s.length && s[i] !== ']'; i++) if (s[i] === '\\') i++;
      this.pos = i + 1;
      return { type: 'char', source: s.slice(start, this.pos), at: start };
    }
    if (c === '^' || c === '$') { this.pos++; return { type: 'assert' }; }
    if (c === '\\') {
      const next = s[start + 1]!;
      if (next === 'b' || next === 'B') { this.pos += 2; return { type: 'assert' }; }
      if (next === 'k') { this.pos = s.indexOf('>', start) + 1; return { type: 'backref', at: start }; }
      if (/[1-9]/.test(next)) { this.pos += 2; while (/\d/.test(s[this.pos] ?? '')) this.pos++; return { type: 'backref', at: start }; }
      if ((next === 'p' || next === 'P' || next === 'u') && s[start + 2] === '{') this.pos = s.indexOf('}', start) + 1;
      else if (next === 'u') this.pos += 6;
      else if (next === 'x') this.pos += 4;
      else if (next === 'c') this.pos += 3;
      else this.pos += 2;
      return { type: 'char', source: s.slice(start, this.pos), at: start };
    }
    const width = (s.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    this.pos += width;
    return { type: 'char', source: s.slice(start, this.pos), at: start };
  }
}

/**
 * Characters that stand for the alphabet when comparing character sets:
 * ASCII, Latin-1, a few Han characters and CJK punctuation, an emoji, and every
 * character the regex itself names. Two sets overlap if a sample lies in both.
 */
function sampleAlphabet(source: string): string[] {
  const chars = new Set<string>();
  for (let u = 0x09; u <= 0x0d; u++) chars.add(String.fromCharCode(u));
  for (let u = 0x20; u <= 0x7e; u++) chars.add(String.fromCharCode(u));
  for (let u = 0xa0; u <= 0xff; u++) chars.add(String.fromCharCode(u));
  for (const ch of '\u0000\u0001\u00ad\u200b\u3000一中的你您我了吗。，！？、；：“”「」（）ａ１é😀\ufffd') chars.add(ch);
  for (const ch of source) chars.add(ch);
  return [...chars];
}

type CharSet = Uint8Array;

export interface RegexHazard {
  /** Offset in the regex source of the repeat or alternation at fault. */
  readonly at: number;
  readonly message: string;
}

/**
 * Checks a regex source (as compiled with the `iu` flags) for shapes that
 * backtrack catastrophically. Returns the first hazard found, or null.
 * The source must already compile.
 */
export function regexHazard(source: string): RegexHazard | null {
  const root = new Parser(source).parseAlternation();
  const alphabet = sampleAlphabet(source);
  const setCache = new Map<string, CharSet>();
  const setOf = (node: Node & { type: 'char' }): CharSet => {
    let set = setCache.get(node.source);
    if (set === undefined) {
      const re = new RegExp(`^(?:${node.source})$`, 'iu');
      set = Uint8Array.from(alphabet, (ch) => (re.test(ch) ? 1 : 0)) as CharSet;
      setCache.set(node.source, set);
    }
    return set;
  };
  const all: CharSet = new Uint8Array(alphabet.length).fill(1);
  const none = (): CharSet => new Uint8Array(alphabet.length);
  const union = (a: CharSet, b: CharSet): CharSet => { const out = none(); for (let i = 0; i < out.length; i++) out[i] = a[i]! | b[i]!; return out; };
  const overlaps = (a: CharSet, b: CharSet) => a.some((v, i) => v === 1 && b[i] === 1);
  const text = (node: Node): string => {
    switch (node.type) {
      case 'char': return node.source;
      case 'repeat': return source.slice(node.at, node.end);
      default: return '…';
    }
  };

  const nullable = (node: Node): boolean => {
    switch (node.type) {
      case 'char': case 'backref': return false;
      case 'assert': return true;
      case 'seq': return node.items.every(nullable);
      case 'alt': return node.options.some(nullable);
      case 'group': return node.look || nullable(node.body);
      case 'repeat': return node.min === 0 || nullable(node.body);
    }
  };
  /** Every character the node can consume (lookarounds consume none). */
  const charsOf = (node: Node): CharSet => {
    switch (node.type) {
      case 'char': return setOf(node);
      case 'backref': return all;
      case 'assert': return none();
      case 'seq': return node.items.reduce((acc, n) => union(acc, charsOf(n)), none());
      case 'alt': return node.options.reduce((acc, n) => union(acc, charsOf(n)), none());
      case 'group': return node.look ? none() : charsOf(node.body);
      case 'repeat': return node.max === 0 ? none() : charsOf(node.body);
    }
  };
  /** Characters a non-empty match of the node can start with. */
  const firstOf = (node: Node): CharSet => {
    switch (node.type) {
      case 'char': return setOf(node);
      case 'backref': return all;
      case 'assert': return none();
      case 'seq': {
        let acc = none();
        for (const item of node.items) { acc = union(acc, firstOf(item)); if (!nullable(item)) break; }
        return acc;
      }
      case 'alt': return node.options.reduce((acc, n) => union(acc, firstOf(n)), none());
      case 'group': return node.look ? none() : firstOf(node.body);
      case 'repeat': return node.max === 0 ? none() : firstOf(node.body);
    }
  };
  /** The exact lower-case text a node matches, if it is a plain literal. */
  const literalOf = (node: Node): string | null => {
    if (node.type === 'char') {
      const s = node.source;
      if ([...s].length === 1 && !'.[]'.includes(s)) return s.toLowerCase();
      if (s.length === 2 && s[0] === '\\' && /[^\w]/.test(s[1]!)) return s[1]!;
      return null;
    }
    if (node.type === 'seq') {
      let out = '';
      for (const item of node.items) { const l = literalOf(item); if (l === null) return null; out += l; }
      return out;
    }
    if (node.type === 'group' && !node.look) return literalOf(node.body);
    return null;
  };
  /** Top-level alternatives of a repeat's body, looking through plain groups. */
  const optionsOf = (node: Node): readonly Node[] => {
    if (node.type === 'group' && !node.look) return optionsOf(node.body);
    if (node.type === 'alt') return node.options.flatMap(optionsOf);
    return [node];
  };
  /** Items of one alternative read as a sequence, looking through plain groups. */
  const itemsOf = (node: Node): readonly Node[] => {
    if (node.type === 'group' && !node.look) return itemsOf(node.body);
    if (node.type === 'seq') return node.items.flatMap((item) => (item.type === 'group' && !item.look && item.body.type !== 'alt' ? itemsOf(item) : [item]));
    return [node];
  };
  const contains = (node: Node, target: Node): boolean => {
    if (node === target) return true;
    switch (node.type) {
      case 'seq': return node.items.some((n) => contains(n, target));
      case 'alt': return node.options.some((n) => contains(n, target));
      case 'group': return !node.look && contains(node.body, target);
      case 'repeat': return contains(node.body, target);
      default: return false;
    }
  };
  /** Repeats that give the engine a choice (min < max), inside a node but not in lookarounds. */
  const innerRepeats = (node: Node, out: (Node & { type: 'repeat' })[] = []): (Node & { type: 'repeat' })[] => {
    switch (node.type) {
      case 'seq': node.items.forEach((n) => innerRepeats(n, out)); break;
      case 'alt': node.options.forEach((n) => innerRepeats(n, out)); break;
      case 'group': if (!node.look) innerRepeats(node.body, out); break;
      case 'repeat':
        if (node.min < node.max && !nullableOnly(node.body)) out.push(node);
        innerRepeats(node.body, out);
        break;
      default: break;
    }
    return out;
  };
  const nullableOnly = (node: Node) => !charsOf(node).some((v) => v === 1);

  /** A mandatory single-character item in `items` that `chars` cannot match: it separates rounds. */
  const delimited = (items: readonly Node[], chars: CharSet): boolean => items.some((item) => {
    const one = item.type === 'repeat' && item.min >= 1 ? item.body : item;
    return one.type === 'char' && !overlaps(setOf(one), chars);
  });

  /** Sardinas–Patterson: can a sequence of these words be read two ways? */
  const ambiguousWords = (words: readonly string[]): boolean => {
    const code = new Set(words);
    if (code.size < words.length) return true;
    const danglings = (a: Iterable<string>, b: Iterable<string>): Set<string> => {
      const out = new Set<string>();
      for (const x of a) for (const y of b) if (y.length > x.length && y.startsWith(x)) out.add(y.slice(x.length));
      return out;
    };
    let current = danglings(code, code);
    const seen = new Set<string>();
    while (current.size > 0) {
      for (const s of current) if (code.has(s)) return true;
      const next = new Set([...danglings(current, code), ...danglings(code, current)]);
      for (const s of [...next]) { if (seen.has(s)) next.delete(s); else seen.add(s); }
      current = next;
    }
    return false;
  };

  let hazard: RegexHazard | null = null;
  const report = (at: number, message: string) => { hazard ??= { at, message }; };

  const checkRepeat = (r: Node & { type: 'repeat' }) => {
    if (r.max <= 1 || nullableOnly(r.body)) return;
    const options = optionsOf(r.body);
    // Nested repeats: each inner repeat needs a separator its characters cannot eat.
    for (const q of innerRepeats(r.body)) {
      if (q === r) continue;
      const chars = charsOf(q);
      for (const option of options) {
        if (!contains(option, q)) continue;
        if (!delimited(itemsOf(option), chars)) {
          report(r.at, `nested repeat: \`${text(r)}\` repeats \`${text(q)}\`, and nothing in each round separates them, so the same text splits into rounds in exponentially many ways (like (a+)+). Put a required character the inner repeat cannot match between rounds, e.g. (?:[a-z]+ )+, or drop the outer repeat`);
          return;
        }
      }
    }
    // Alternatives under a repeat must not read the same text two ways.
    if (options.length > 1) {
      const words = options.map(literalOf);
      if (words.every((w): w is string => w !== null && w.length > 0)) {
        if (ambiguousWords(words)) report(r.at, `ambiguous alternatives under a repeat: \`${text(r)}\` can read the same text as different sequences of its alternatives (like (a|aa)+), which backtracks exponentially; make the alternatives distinct or drop the repeat`);
        return;
      }
      for (let i = 0; i < options.length; i++) {
        for (let j = i + 1; j < options.length; j++) {
          if (overlaps(firstOf(options[i]!), firstOf(options[j]!))) {
            report(r.at, `overlapping alternatives under a repeat: in \`${text(r)}\` two alternatives can start with the same character (like (\\w|\\d)+), which backtracks exponentially; make them start differently or drop the repeat`);
            return;
          }
        }
      }
    }
  };

  const checkSequence = (items: readonly Node[]) => {
    for (let i = 0; i < items.length; i++) {
      const first = items[i]!;
      if (first.type !== 'repeat' || first.max <= LONG_REPEAT) continue;
      const chars = charsOf(first);
      for (let j = i + 1; j < items.length; j++) {
        const item = items[j]!;
        if (item.type === 'repeat' && item.max > LONG_REPEAT && overlaps(charsOf(item), chars)) {
          report(first.at, `two unbounded repeats in a row over the same characters: \`${text(first)}\` … \`${text(item)}\` try every split of the text (like .*.*x), which is slow on long drafts; bound one ({0,40}) or put a character between them that the first cannot match`);
          return;
        }
        if (!nullable(item) && !overlaps(firstOf(item), chars)) break;
      }
    }
  };

  const walk = (node: Node): void => {
    switch (node.type) {
      case 'seq': checkSequence(node.items); node.items.forEach(walk); break;
      case 'alt': node.options.forEach(walk); break;
      case 'group': walk(node.body); break;
      case 'repeat': checkRepeat(node); walk(node.body); break;
      default: break;
    }
  };
  walk(root);
  return hazard;
}
