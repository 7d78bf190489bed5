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
  /** State s's children are childCodes/childTargets[childOffset[s], childOffset[s + 1]), sorted by code. */
  private readonly childOffset: Int32Array;
  private readonly childCodes: Uint16Array;
  private readonly childTargets: Int32Array;
  private readonly fail: Int32Array;
  private readonly output: Int32Array;
  private readonly outputLink: Int32Array;
  readonly patternLengths: Int32Array;
  readonly maxPatternLength: number;
  /** Rows of the lazy ASCII DFA before it is flushed (see lazyAscii). */
  readonly lazyRowLimit: number;

  /** `lazyRowLimit`: small only in tests, to exercise flushing. */
  constructor(patterns: readonly string[], { lazyRowLimit = LAZY_DFA_MAX_ROWS }: { lazyRowLimit?: number } = {}) {
    this.lazyRowLimit = Math.max(2, lazyRowLimit);
    // The trie is built from the patterns in code-unit order: each pattern shares
    // its prefix with the one before it, so the states on that path are a stack,
    // and a state's children are created in ascending code order, already sorted
    // runs. No map of edges: with ~170k states, one keyed by state × 0x10000 + code
    // (heap numbers past 2^31) was a third of compiling the shipped lexicons.
    let capacity = 1;
    for (const pattern of patterns) capacity += pattern.length;
    const parentOf = new Int32Array(capacity);
    const codeOf = new Uint16Array(capacity);
    const output = new Int32Array(capacity).fill(-1);
    const order = patterns.map((_, id) => id).sort((a, b) => {
      const x = patterns[a]!;
      const y = patterns[b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    let count = 1;
    const path = [0];
    let previous = '';
    for (const id of order) {
      const pattern = patterns[id]!;
      let shared = 0;
      const limit = Math.min(pattern.length, previous.length);
      while (shared < limit && pattern.charCodeAt(shared) === previous.charCodeAt(shared)) shared++;
      let state = path[shared]!;
      path.length = shared + 1;
      for (let i = shared; i < pattern.length; i++) {
        parentOf[count] = state;
        codeOf[count] = pattern.charCodeAt(i);
        state = count++;
        path.push(state);
      }
      // Duplicates are rejected by the compiler; the first (lowest id, sorted first) wins if any slip through.
      if (output[state] === -1) output[state] = id;
      previous = pattern;
    }
    this.patternLengths = Int32Array.from(patterns, (p) => p.length);
    this.maxPatternLength = patterns.reduce((m, p) => Math.max(m, p.length), 0);
    this.output = output.slice(0, count);
    this.rootNext = new Int32Array(0x10000);
    this.childOffset = new Int32Array(count + 1);
    for (let s = 1; s < count; s++) this.childOffset[parentOf[s]! + 1]!++;
    for (let s = 0; s < count; s++) this.childOffset[s + 1]! += this.childOffset[s]!;
    this.childCodes = new Uint16Array(count - 1);
    this.childTargets = new Int32Array(count - 1);
    const fill = this.childOffset.slice(0, count);
    for (let target = 1; target < count; target++) {
      const parent = parentOf[target]!;
      const code = codeOf[target]!;
      if (parent === 0) this.rootNext[code] = target;
      const at = fill[parent]!++;
      this.childCodes[at] = code;
      this.childTargets[at] = target;
    }
    this.fail = new Int32Array(count);
    this.outputLink = new Int32Array(count);
    const queue = new Int32Array(count);
    let tail = 0;
    for (let k = 0; k < this.childOffset[1]!; k++) queue[tail++] = this.childTargets[k]!;
    for (let head = 0; head < tail; head++) {
      const s = queue[head]!;
      const link = this.fail[s]!;
      this.outputLink[s] = this.output[link]! >= 0 ? link : this.outputLink[link]!;
      const from = this.childOffset[s]!;
      for (let k = from; k < this.childOffset[s + 1]!; k++) {
        const code = this.childCodes[k]!;
        const target = this.childTargets[k]!;
        let f = link;
        let next = this.step(f, code);
        while (next === -1 && f !== 0) { f = this.fail[f]!; next = this.step(f, code); }
        this.fail[target] = next === -1 || next === target ? 0 : next;
        queue[tail++] = target;
      }
    }
  }

  get stateCount(): number { return this.fail.length; }

  /**
   * The automaton's own tables for a disk cache, without the root row (256 KB
   * per automaton, a sixth of the shipped cache file), which is the root's
   * children spread out and is rebuilt by fromCacheFields.
   */
  cacheFields(): Record<string, unknown> {
    const { rootNext: _derived, ...fields } = this as unknown as Record<string, unknown>;
    return fields;
  }

  static fromCacheFields(fields: Record<string, unknown>): PhraseAutomaton {
    const automaton = Object.assign(Object.create(PhraseAutomaton.prototype) as PhraseAutomaton, fields);
    const rootNext = new Int32Array(0x10000);
    for (let k = automaton.childOffset[0]!; k < automaton.childOffset[1]!; k++) rootNext[automaton.childCodes[k]!] = automaton.childTargets[k]!;
    (automaton as unknown as { rootNext: Int32Array }).rootNext = rootNext;
    return automaton;
  }

  /** The goto function; -1 when a non-root state has no edge for `code`. */
  private step(state: number, code: number): number {
    if (state === 0) return this.rootNext[code]!;
    const from = this.childOffset[state]!;
    const to = this.childOffset[state + 1]!;
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

  /**
   * The full transition δ(state, code) of the automaton (goto, else follow
   * failure links), for ASCII text served from a lazily filled table.
   */
  private delta(state: number, code: number): number {
    if (state === 0) return this.rootNext[code]!;
    let next = this.step(state, code);
    while (next === -1) {
      state = this.fail[state]!;
      next = state === 0 ? this.rootNext[code]! : this.step(state, code);
    }
    return next;
  }

  /**
   * English drafts walk deep into a trie of ~100k states, where each unit
   * costs a search among children, a walk along failure links and reads
   * spread over megabytes of tables. A lazy DFA over ASCII (as RE2 builds one)
   * keeps the states a run visits as rows of one small table: a cell holds the
   * row of δ(state, unit), filled on first use, so a step is one read. It is
   * per process, never cached on disk (non-enumerable), flushed when full,
   * and changes no result: a cell holds exactly δ.
   */
  private lazyAscii(): LazyAsciiDfa {
    let dfa = (this as { lazy?: LazyAsciiDfa }).lazy;
    if (dfa !== undefined) return dfa;
    const column = new Uint8Array(128);
    let columns = 1;
    for (let k = 0; k < this.childCodes.length; k++) {
      const code = this.childCodes[k]!;
      if (code < 128 && column[code] === 0) column[code] = columns++;
    }
    const shift = columns <= 32 ? 5 : columns <= 64 ? 6 : 7;
    dfa = { column, shift, rowOf: new Int32Array(this.fail.length).fill(-1), cells: new Int32Array(0), rowState: new Int32Array(0), rows: 0, flushes: 0 };
    Object.defineProperty(this, 'lazy', { value: dfa, enumerable: false, writable: true, configurable: true });
    this.rowFor(dfa, 0);
    return dfa;
  }

  /** The row (offset in `cells`) of `state`, allocating one; a full table is flushed first. */
  private rowFor(dfa: LazyAsciiDfa, state: number): number {
    const known = dfa.rowOf[state]!;
    if (known >= 0) return known;
    if (dfa.rows >= this.lazyRowLimit) {
      dfa.rows = 0;
      dfa.flushes++;
      dfa.rowOf.fill(-1);
      dfa.cells.fill(-1);
      if (state !== 0) this.rowFor(dfa, 0);
    }
    if (dfa.rows >= dfa.rowState.length) {
      const capacity = Math.min(this.lazyRowLimit, Math.max(256, dfa.rows * 2));
      const cells = new Int32Array(capacity << dfa.shift).fill(-1);
      cells.set(dfa.cells);
      const rowState = new Int32Array(capacity);
      rowState.set(dfa.rowState);
      dfa.cells = cells; dfa.rowState = rowState;
    }
    const index = dfa.rows++;
    dfa.rowState[index] = state;
    const row = index << dfa.shift;
    dfa.rowOf[state] = row;
    return row;
  }

  /** Reports every pattern occurrence (overlapping ones included) inside `text[from, to)`. */
  findAll(text: string, onHit: (pattern: number, start: number, end: number) => void, from = 0, to = text.length): void {
    const output = this.output;
    const outputLink = this.outputLink;
    const lengths = this.patternLengths;
    const dfa = this.lazyAscii();
    const column = dfa.column;
    const shift = dfa.shift;
    let cells = dfa.cells;
    let rowState = dfa.rowState;
    // An ASCII step reads one cell: the next row, with OUTPUT_BIT set when a pattern ends
    // there. The state behind a row is read only for a hit or a non-ASCII step.
    // row -1: `state` (reached by a non-ASCII unit) has no row yet.
    let row = 0;
    let state = 0;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code < 128) {
        const col = column[code]!;
        // A unit no pattern holds sends every state back to the root, which reports nothing.
        if (col === 0) { row = 0; continue; }
        if (row < 0) { row = this.rowFor(dfa, state); cells = dfa.cells; rowState = dfa.rowState; }
        let cell = cells[row + col]!;
        if (cell < 0) {
          const flushes = dfa.flushes;
          const target = this.delta(rowState[row >> shift]!, code);
          cell = this.rowFor(dfa, target) | (output[target]! >= 0 || outputLink[target]! > 0 ? OUTPUT_BIT : 0);
          cells = dfa.cells; rowState = dfa.rowState;
          // Unless the table was flushed (this row may now be another state's), remember the step.
          if (dfa.flushes === flushes) cells[row + col] = cell;
        }
        row = cell & ~OUTPUT_BIT;
        if ((cell & OUTPUT_BIT) === 0) continue;
        state = rowState[row >> shift]!;
      } else {
        state = this.delta(row < 0 ? state : rowState[row >> shift]!, code);
        row = state === 0 ? 0 : -1;
        if (state === 0 || (output[state]! < 0 && outputLink[state]! <= 0)) continue;
      }
      let s = output[state]! >= 0 ? state : outputLink[state]!;
      while (s > 0) {
        const pattern = output[s]!;
        onHit(pattern, i + 1 - lengths[pattern]!, i + 1);
        s = outputLink[s]!;
      }
    }
  }
}

/** Row offsets are multiples of the row width (32 and up), so a cell's low bit is free to say "a pattern ends here". */
const OUTPUT_BIT = 1;

/** Rows of the lazy DFA before it is flushed (× 64 columns × 4 bytes: 4 MB at most). */
const LAZY_DFA_MAX_ROWS = 16384;

interface LazyAsciiDfa {
  /** ASCII unit → column (0: no pattern holds it). */
  readonly column: Uint8Array;
  /** log2 of the row width. */
  readonly shift: number;
  /** State → its row (offset in `cells`), or -1. */
  readonly rowOf: Int32Array;
  /** Row of δ per (row, column), OUTPUT_BIT set when a pattern ends in δ; -1 not yet known. */
  cells: Int32Array;
  /** Per row index: its state. */
  rowState: Int32Array;
  rows: number;
  /** Times the table was flushed: a row offset from before a flush means nothing after it. */
  flushes: number;
}
