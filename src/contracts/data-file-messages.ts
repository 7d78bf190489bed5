// Problems in a data file (lexicons, dialogs, configuration) said so that the person who edits the
// file can act: YAML layout errors in plain words with the line shown, schema issues at the offending
// key itself, list items counted from 1 (and named, when the caller can name them: "rule 29
// (deflect.x)"), and "did you mean `forbidden`?" for a misspelled key. Pure: text and parsed
// documents in, located messages out.
import { isMap, isScalar, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { z } from 'zod';

/** A parsed YAML document and its line index (data-file.ts's YamlDocument). */
export interface LocatedDocument {
  readonly path: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

export interface FileMessage { file: string; line: number; column: number; message: string }

// ------------------------------------------------------------------ YAML layout

/** A YAML error as the parser reports it. */
export interface YamlParseProblem { code: string; message: string; line: number; column: number }

/** `  3 | text` lines around `line`, the offending one marked with `>` and a caret under `column`. */
export function showLines(text: string, line: number, column?: number, before = 1): string {
  const lines = text.split(/\r?\n/);
  const from = Math.max(1, line - before);
  const width = String(line).length;
  const out: string[] = [];
  for (let n = from; n <= Math.min(line, lines.length); n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1]!.replace(/\t/g, '→')}`);
  }
  if (column !== undefined && line <= lines.length) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  return out.join('\n');
}

interface LayoutLine { n: number; indent: number; text: string }

/**
 * The first line whose indentation fits none of the blocks open above it (the usual mistake: a key
 * one space in or out, a list item out of line), with the indentations that would fit. Lines inside
 * multi-line [ ] / { } lists and block scalars are skipped: their indentation is free.
 */
export function misindentedLine(text: string, upTo = Infinity): { line: number; indent: number; expected: number[]; parentLine: number | null } | null {
  const lines = text.split(/\r?\n/);
  // Each open block: its indentation and the line that opened it.
  const stack: { indent: number; line: number }[] = [{ indent: 0, line: 0 }];
  let previous: LayoutLine | null = null;
  let flowDepth = 0;
  let blockScalarIndent: number | null = null;
  for (let i = 0; i < lines.length && i + 1 <= upTo; i++) {
    const raw = lines[i]!;
    if (/^\s*(#.*)?$/.test(raw)) continue;
    const indent = /^[ ]*/.exec(raw)![0].length;
    if (blockScalarIndent !== null) {
      if (indent > blockScalarIndent) continue;
      blockScalarIndent = null;
    }
    const body = stripComment(raw.slice(indent));
    if (flowDepth > 0) { flowDepth = Math.max(0, flowDepth + bracketBalance(body)); continue; }
    const current: LayoutLine = { n: i + 1, indent, text: body };
    // A long plain text may go on over several lines, each indented further than its key.
    if (previous !== null && indent > previous.indent && /^[^\s"'#-][^:#]*:\s+\S/.test(previous.text) && !/^[^\s"'#][^:#]*:(\s|$)/.test(body) && !/^-(\s|$)/.test(body)) continue;
    if (previous !== null) {
      const opens = /:\s*$/.test(previous.text) || /^-\s*$/.test(previous.text);
      // "- key: value" opens a map whose further keys sit under "key".
      const itemKey = /^-\s+[^\s#][^:]*:(\s|$)/.test(previous.text) ? previous.indent + (/^-\s+/.exec(previous.text)![0].length) : null;
      const open = [...stack];
      while (stack.length > 1 && stack[stack.length - 1]!.indent > indent) stack.pop();
      const top = stack[stack.length - 1]!;
      const fits = indent === top.indent || (indent > previous.indent && opens) || (itemKey !== null && indent === itemKey)
        // A list under a key may sit at the key's own column ("forbidden:\n- a").
        || (opens && indent === previous.indent && /^-(\s|$)/.test(body));
      if (!fits) {
        // The columns that would fit, nearest first; the block meant is the one whose column is nearest.
        const candidates = [...(itemKey !== null ? [{ indent: itemKey, line: previous.n }] : []), ...open]
          .sort((a, b) => Math.abs(a.indent - indent) - Math.abs(b.indent - indent) || b.indent - a.indent);
        const expected = [...new Set(candidates.map((c) => c.indent))].slice(0, 2);
        const meant = candidates[0]!;
        return { line: current.n, indent, expected, parentLine: meant.line > 0 ? meant.line : null };
      }
      if (indent > top.indent) stack.push({ indent, line: previous.n });
      if (itemKey !== null && indent === itemKey && stack[stack.length - 1]!.indent !== itemKey) stack.push({ indent: itemKey, line: previous.n });
    }
    if (/[|>][+-]?\d*\s*$/.test(body) && /:\s*[|>]/.test(body)) blockScalarIndent = indent;
    flowDepth = Math.max(0, bracketBalance(body));
    previous = current;
  }
  return null;
}

/**
 * The first unquoted entry of a one-line [ ] list that holds { } [ ] or ": " (`[我们会在{time}前回复]`),
 * which YAML reads as nested lists or maps; null when there is none.
 */
export function unquotedFlowEntryWithMarks(line: string): string | null {
  const list = /:\s*\[(.*)$/.exec(stripComment(line)) ?? /^\s*-?\s*\[(.*)$/.exec(stripComment(line));
  if (!list) return null;
  const body = list[1]!.replace(/\]\s*$/, '');
  // Split on commas outside quotes; an entry is unquoted when it does not start with a quote.
  const entries: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (quote !== null) { if (c === quote) quote = null; continue; }
    if ((c === '"' || c === "'") && body.slice(start, i).trim() === '') { quote = c; continue; }
    if (c === ',' || i === body.length) { entries.push(body.slice(start, i).trim()); start = i + 1; }
  }
  return entries.find((e) => e !== '' && !/^["']/.test(e) && /[{}[\]]|:\s/.test(e)) ?? null;
}

/** Opening minus closing brackets outside quotes. */
function bracketBalance(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === '\\' && quote === '"') { i++; continue; }
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth;
}

/** The text before a ` #` comment that is outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) { if (c === quote) quote = null; } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

const INDENTATION_CODES = new Set(['BAD_INDENT', 'MISSING_CHAR', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN']);

/**
 * The YAML errors of one file as one plain-words message (the parser's later errors follow from the
 * first): what is wrong, where, and the lines themselves.
 */
export function explainYamlErrors(file: string, text: string, problems: readonly YamlParseProblem[]): FileMessage[] {
  if (problems.length === 0) return [];
  const first = problems[0]!;
  const codes = new Set(problems.map((p) => p.code));
  const lines = text.split(/\r?\n/);
  const at = (line: number, column: number, message: string): FileMessage[] => [{ file, line, column, message: `YAML: ${message}\n${showLines(text, line, column)}` }];
  if (codes.has('TAB_AS_INDENT')) {
    const p = problems.find((x) => x.code === 'TAB_AS_INDENT')!;
    return at(p.line, p.column, `line ${p.line} is indented with a tab; YAML indents with spaces only: replace the tab with spaces, lined up with the keys above`);
  }
  if (first.code === 'DUPLICATE_KEY') {
    const key = /^\s*-?\s*([^:#]+?)\s*:/.exec(lines[first.line - 1] ?? '')?.[1];
    return at(first.line, first.column, `${key ? `"${key}"` : 'this key'} appears twice in the same block; keep one of them`);
  }
  const unclosed = problems.find((p) => /flow (sequence|collection|mapping).*end with|Missing closing|missing .* [\]}]/i.test(p.message));
  if (unclosed) return at(unclosed.line, unclosed.column, `a list or map opened with [ or { is not closed before line ${unclosed.line}: add the missing ] or } (and check that every phrase has both its quotes)`);
  if (problems.some((p) => /between flow (sequence|collection|map)/i.test(p.message)) || /quote|quoted/i.test(first.message)) {
    const p = problems.find((x) => /between flow|quote/i.test(x.message)) ?? first;
    // An unquoted entry of a [ ] list holding YAML's own marks ({time}, a colon): the usual cause.
    const entry = unquotedFlowEntryWithMarks(lines[p.line - 1] ?? '');
    if (entry !== null) {
      return at(p.line, p.column, `${JSON.stringify(entry)} holds ${/[{}]/.test(entry) ? '{ }' : /[[\]]/.test(entry) ? '[ ]' : '": "'}, which YAML reads as its own marks inside a [ ] list: put the entry in quotes, "${entry.replace(/"/g, '\\"')}"`);
    }
    return at(p.line, p.column, `a quote is not closed, or a comma is missing between two entries of a [ ] list, on line ${p.line}: each phrase needs an opening and a closing quote, and a comma before the next`);
  }
  if ([...codes].some((c) => INDENTATION_CODES.has(c))) {
    const bad = misindentedLine(text, first.line + 1);
    if (bad !== null) {
      const parent = bad.parentLine !== null ? ` (the block that starts at line ${bad.parentLine}: ${JSON.stringify(stripComment((lines[bad.parentLine - 1] ?? '').trim()))})` : '';
      const expected = bad.expected.map((n) => `${n}`).join(' or ');
      return [{
        file, line: bad.line, column: bad.indent + 1,
        message: `YAML: line ${bad.line} is indented ${bad.indent} space${bad.indent === 1 ? '' : 's'}, which lines up with nothing above it${parent}; `
          + `indent it ${expected} spaces: keys of one rule start in the same column, and each "- " of a list lines up with the one before\n${showLines(text, bad.line, bad.indent + 1, 2)}`,
      }];
    }
    if (/^\s*[^\s:#-][^:#]*$/.test(lines[first.line - 1] ?? '') || /Implicit map keys need to be followed/.test(first.message)) {
      return at(first.line, first.column, `line ${first.line} has no ":" after its key (write "key: value"), or belongs to the line above and needs quotes`);
    }
  }
  return at(first.line, first.column, `${first.message.split('\n')[0]} (line ${first.line})`);
}

// ------------------------------------------------------------------ schema issues

/** Damerau–Levenshtein distance (adjacent swaps count one), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name closest to `name`, when it is close enough to be a slip (a third of its length, at least 2). */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

type Schema = z.ZodType;
interface Def { type: string; innerType?: Schema; in?: Schema; element?: Schema; shape?: Record<string, Schema>; options?: Schema[]; valueType?: Schema }
const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a path leads to (several behind a union), wrappers unwrapped. */
function objectsAt(schema: Schema, path: readonly PropertyKey[]): Record<string, Schema>[] {
  let current: Schema[] = [schema];
  const unwrap = (s: Schema): Schema[] => {
    const def = defOf(s);
    if (def.innerType) return unwrap(def.innerType);
    if (def.type === 'pipe' && def.in) return unwrap(def.in);
    if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
    return [s];
  };
  for (const step of path) {
    current = current.flatMap(unwrap).flatMap((s) => {
      const def = defOf(s);
      if (typeof step === 'number' && def.element) return [def.element];
      if (typeof step === 'string' && def.shape && step in def.shape) return [def.shape[step]!];
      if (typeof step === 'string' && def.valueType) return [def.valueType];
      return [];
    });
  }
  return current.flatMap(unwrap).map((s) => defOf(s).shape).filter((shape): shape is Record<string, Schema> => shape !== undefined);
}

/** The keys an object at `path` takes. */
export function keysAt(schema: Schema, path: readonly PropertyKey[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((shape) => Object.keys(shape)))];
}

/** Whether a key at `path` may be left out (optional or with a default). */
function isOptional(schema: Schema, path: readonly PropertyKey[], key: string): boolean {
  return objectsAt(schema, path).some((shape) => shape[key] !== undefined && ['optional', 'default', 'prefault'].includes(defOf(shape[key]!).type));
}

/** The pair holding `key` in the map at `path`. */
function pairAt(located: LocatedDocument, path: readonly PropertyKey[], key: string): Pair | undefined {
  const node = path.length === 0 ? located.doc.contents : located.doc.getIn(path as unknown[], true);
  if (!isMap(node)) return undefined;
  return node.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

const where = (located: LocatedDocument, node: unknown) => {
  const range = (node as Node | undefined)?.range;
  if (!range) return undefined;
  const pos = located.lines.linePos(range[0]);
  return { line: pos.line, column: pos.col };
};

/** The node at `path`, or its nearest existing ancestor. */
function positionOf(located: LocatedDocument, path: readonly PropertyKey[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? located.doc.contents : located.doc.getIn(path.slice(0, depth) as unknown[], true);
    const pos = where(located, node);
    if (pos) return pos;
  }
  return { line: 1, column: 1 };
}

export interface ExplainOptions {
  /**
   * How a list item is named for a person, e.g. `rule 29 (deflect.x)` for ['rules', 28]; return
   * undefined for the default (`rules item 29`).
   */
  nameItem?: (path: readonly (string | number)[], data: unknown) => string | undefined;
  /** A few words on what a key holds, for "add it" messages (`forbidden` → `the phrases to catch`). */
  describeKey?: (key: string) => string | undefined;
}

const valueAt = (data: unknown, path: readonly PropertyKey[]): unknown => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);

const kindOf = (value: unknown): string => (value === undefined ? 'nothing' : value === null ? 'an empty value' : Array.isArray(value) ? 'a list'
  : typeof value === 'object' ? 'a map of keys' : typeof value === 'string' ? `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}` : `${typeof value} ${String(value)}`);
const EXPECTED: Record<string, string> = { array: 'a list', object: 'a map of keys', string: 'text', number: 'a number', boolean: 'true or false' };

/**
 * A path as the person editing reads it: keys dotted, list items counted from 1 (`tests.flag item 2`),
 * and an item the caller can name in its own words (`rule 29, forbidden item 3`).
 */
export function describePath(path: readonly (string | number)[], data: unknown, options: ExplainOptions = {}): string {
  const segments: string[] = [];
  let current = '';
  let afterItem = false;
  path.forEach((step, i) => {
    if (typeof step === 'string') {
      // Keys of an item read as its own: "examples item 2, intent".
      if (afterItem) { segments.push(current); current = ''; }
      current = current ? `${current}.${step}` : step;
      afterItem = false;
      return;
    }
    afterItem = true;
    const named = options.nameItem?.(path.slice(0, i + 1), data);
    if (named !== undefined) { segments.push(named); current = ''; } else current = `${current || 'item'} item ${step + 1}`.replace(/^item item/, 'item');
  });
  return [...segments, current].filter(Boolean).join(', ');
}

/**
 * zod issues of one document as messages a person can act on: each at the offending key (a
 * misspelled or unknown key, a key with the wrong kind of value) or, for a missing key, at the start
 * of the block that lacks it; list items counted from 1; "did you mean" for a near-miss key or value.
 */
export function explainSchemaIssues(located: LocatedDocument, schema: Schema, data: unknown, issues: readonly z.core.$ZodIssue[], options: ExplainOptions = {}): FileMessage[] {
  const messages: FileMessage[] = [];
  const misspelt = new Set<string>();
  const at = (pos: { line: number; column: number }, path: readonly (string | number)[], message: string) => {
    const name = describePath(path, data, options);
    messages.push({ file: located.path, ...pos, message: `${name ? `${name}: ` : ''}${message}` });
  };
  // Unknown keys first: a near miss also explains the "missing" key it was meant to be.
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const known = keysAt(schema, path);
    const present = Object.keys((valueAt(data, path) ?? {}) as object);
    for (const key of issue.keys) {
      const guess = didYouMean(key, known.filter((k) => !present.includes(k)));
      if (guess) misspelt.add(JSON.stringify([...path, guess]));
      at(where(located, pairAt(located, path, key)?.key) ?? positionOf(located, path), [...path, key],
        guess ? `unknown key; did you mean "${guess}"?` : `unknown key; check its spelling or remove it${known.length > 0 ? ` (here: ${known.join(', ')})` : ''}`);
    }
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') continue;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (misspelt.has(JSON.stringify(path))) continue;
    const value = valueAt(data, path);
    const key = path[path.length - 1];
    const parent = path.slice(0, -1);
    if (issue.code === 'invalid_type' && value === undefined && typeof key === 'string' && !isOptional(schema, parent, key)) {
      // Missing: at the block that lacks it (there is no key to point at).
      const what = options.describeKey?.(key);
      at(positionOf(located, parent), path, `missing; add "${key}:" to this block${what ? ` (${what})` : ''}`);
    } else if (issue.code === 'invalid_type') {
      const hint = typeof value === 'object' && value !== null && !Array.isArray(value) && issue.expected === 'string'
        ? ' (text holding ": " reads as a key and a value: put the whole text in quotes)' : '';
      at(positionOf(located, path), path, `expected ${EXPECTED[issue.expected] ?? issue.expected}, found ${kindOf(value)}${hint}`);
    } else if (issue.code === 'invalid_value') {
      const allowed = issue.values.map(String);
      const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      at(positionOf(located, path), path, `${kindOf(value)} is not one of ${allowed.join(', ')}${guess ? `; did you mean "${guess}"?` : ''}`);
    } else if (issue.code === 'invalid_union') {
      // Say what the value is, rather than "Invalid input".
      // A map none of whose keys the accepted forms know: "- not my job: sorry" read as a key and a value.
      const known = keysAt(schema, path);
      const objectWithColon = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).every((k) => !known.includes(k));
      at(positionOf(located, path), path, objectWithColon
        ? `${kindOf(value)} where text was expected: text holding ": " reads as a key and a value; put the whole text in quotes`
        : `${kindOf(value)} is none of the accepted forms (${issue.errors.map((e) => e[0]?.message).filter(Boolean).join('; ')})`);
    } else {
      at(positionOf(located, path), path, issue.message);
    }
  }
  return messages;
}
