// One Aho–Corasick automaton over UTF-16 code units, built once per lexicon
// load. Transitions live in flat typed arrays: the root gets a dense table
// (most characters of a draft stop there), other states a short sorted run.

export interface AutomatonHit {
  readonly pattern: number;
  readonly start: number;
  readonly end: number;
}

export class PhraseAutomaton {
  private readonly rootNext: Int32Array;
  private readonly childOffset: Int32Array;
  private readonly childCount: Int32Array;
  private readonly childCodes: Uint16Array;
  private readonly childTargets: Int32Array;
  /** For states with many children: offset of a dense ASCII row in asciiRows, or -1. */
  private readonly asciiRow: Int32Array;
  private readonly asciiRows: Int32Array;
  private readonly fail: Int32Array;
  private readonly output: Int32Array;
  private readonly outputLink: Int32Array;
  readonly patternLengths: Int32Array;

  constructor(patterns: readonly string[]) {
    const children: Map<number, number>[] = [new Map()];
    const output: number[] = [-1];
    patterns.forEach((pattern, id) => {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        let next = children[state]!.get(code);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          output.push(-1);
          children[state]!.set(code, next);
        }
        state = next;
      }
      // Duplicates are rejected by the compiler; keep the first if any slip through.
      if (output[state] === -1) output[state] = id;
    });
    const count = children.length;
    this.patternLengths = Int32Array.from(patterns, (p) => p.length);
    this.output = Int32Array.from(output);
    this.rootNext = new Int32Array(0x10000);
    for (const [code, target] of children[0]!) this.rootNext[code] = target;
    this.childOffset = new Int32Array(count);
    this.childCount = new Int32Array(count);
    let total = 0;
    for (const map of children) total += map.size;
    this.childCodes = new Uint16Array(total);
    this.childTargets = new Int32Array(total);
    let offset = 0;
    for (let s = 0; s < count; s++) {
      const entries = [...children[s]!].sort((a, b) => a[0] - b[0]);
      this.childOffset[s] = offset;
      this.childCount[s] = entries.length;
      for (const [code, target] of entries) { this.childCodes[offset] = code; this.childTargets[offset] = target; offset++; }
    }
    // English text walks deep into states whose children are ASCII letters;
    // a dense row for busy states saves the search on the hot path.
    this.asciiRow = new Int32Array(count).fill(-1);
    const busy: number[] = [];
    for (let s = 1; s < count; s++) if (this.childCount[s]! >= 3) busy.push(s);
    this.asciiRows = new Int32Array(busy.length * 128).fill(-1);
    busy.forEach((s, row) => {
      this.asciiRow[s] = row * 128;
      const from = this.childOffset[s]!;
      for (let k = from; k < from + this.childCount[s]!; k++) {
        const code = this.childCodes[k]!;
        if (code < 128) this.asciiRows[row * 128 + code] = this.childTargets[k]!;
      }
    });
    this.fail = new Int32Array(count);
    this.outputLink = new Int32Array(count);
    const queue: number[] = [];
    for (const target of children[0]!.values()) queue.push(target);
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const link = this.fail[s]!;
      this.outputLink[s] = this.output[link]! >= 0 ? link : this.outputLink[link]!;
      for (const [code, target] of children[s]!) {
        let f = link;
        let next = this.step(f, code);
        while (next === -1 && f !== 0) { f = this.fail[f]!; next = this.step(f, code); }
        this.fail[target] = next === -1 || next === target ? 0 : next;
        queue.push(target);
      }
    }
  }

  get stateCount(): number { return this.fail.length; }

  /** The goto function; -1 when a non-root state has no edge for `code`. */
  private step(state: number, code: number): number {
    if (state === 0) return this.rootNext[code]!;
    const row = this.asciiRow[state]!;
    if (row >= 0 && code < 128) return this.asciiRows[row + code]!;
    const from = this.childOffset[state]!;
    const to = from + this.childCount[state]!;
    const codes = this.childCodes;
    if (to - from <= 8) {
      for (let k = from; k < to; k++) if (codes[k] === code) return this.childTargets[k]!;
      return -1;
    }
    let lo = from;
    let hi = to - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = codes[mid]!;
      if (c === code) return this.childTargets[mid]!;
      if (c < code) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  /** Reports every pattern occurrence (overlapping ones included) in `text`. */
  findAll(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    let state = 0;
    const rootNext = this.rootNext;
    const output = this.output;
    const outputLink = this.outputLink;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (state === 0) {
        state = rootNext[code]!;
        if (state === 0) continue;
      } else {
        let next = this.step(state, code);
        while (next === -1) {
          state = this.fail[state]!;
          next = state === 0 ? rootNext[code]! : this.step(state, code);
        }
        state = next;
        if (state === 0) continue;
      }
      let s = output[state]! >= 0 ? state : outputLink[state]!;
      while (s > 0) {
        const pattern = output[s]!;
        onHit(pattern, i + 1 - this.patternLengths[pattern]!, i + 1);
        s = outputLink[s]!;
      }
    }
  }
}
