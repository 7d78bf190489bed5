// How every data file (lexicons/, dialogs/, the complaint configuration) is
// parsed and how its problems are reported: YAML that keeps positions, zod for
// the shape, and one error type whose every problem says file:line:col. Pure:
// callers pass the text; reading files is the file edge's job
// (src/lexicon-files/data-files.ts).
import { isMap, isNode, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { explainSchemaIssues, explainYamlErrors, type ExplainOptions } from './data-file-messages.js';

/** One problem in a data file, at the line and column of the offending key or value. */
export interface DataProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  /** The guard lexicon rule the problem belongs to, when there is one. */
  ruleId?: string;
}

export function formatDataProblem(p: DataProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.ruleId ? `[${p.ruleId}] ` : ''}${p.message}`;
}

/**
 * Thrown when data files are invalid. The message lists every problem as
 * `file:line:col: message`, after an optional heading (which files, how many
 * problems) and before an optional hint (what to do).
 */
export class DataFileError extends Error {
  /** The check that refused data whose files are valid (a lexicon set's go-live gate); undefined when the files themselves are invalid. */
  readonly gate: string | undefined;
  constructor(readonly problems: readonly DataProblem[], options: { heading?: string; hint?: string; gate?: string } = {}) {
    const lines = problems.map(formatDataProblem);
    super([
      ...(options.heading ? [`${options.heading}:`] : []),
      ...(options.heading ? lines.map((l) => `  ${l}`) : lines),
      ...(options.hint ? [options.hint] : []),
    ].join('\n'));
    this.name = 'DataFileError';
    this.gate = options.gate;
  }
}

/** A parsed YAML document that can still say where any of its nodes came from. */
export interface YamlDocument {
  readonly path: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/**
 * Parses YAML keeping positions; syntax errors (duplicate keys included) come back located and in
 * plain words, the lines shown (explainYamlErrors: one message per file, at the misplaced line).
 */
export function parseYamlDocument(path: string, text: string): { yaml: YamlDocument; problems: DataProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = explainYamlErrors(path, text, doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return { code: e.code, message: e.message, line: pos.line, column: pos.col };
  }));
  return { yaml: { path, doc, lines }, problems };
}

/**
 * Data files need few aliases, if any; a file that expands aliases more often
 * is an alias bomb (a billion laughs) and must not cost the loader its memory.
 */
export const MAX_ALIAS_COUNT = 50;

/**
 * The parsed document as plain data. Expansion errors (an alias bomb, an
 * unknown alias) come back as located problems instead of a bare exception
 * with no file name.
 */
export function yamlData(yaml: YamlDocument): { data: unknown; problems: DataProblem[] } {
  try {
    return { data: yaml.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems: [] };
  } catch (error) {
    let where = { line: 1, column: 1 };
    visit(yaml.doc, {
      Alias(_key, node) {
        if (node.range) { const pos = yaml.lines.linePos(node.range[0]); where = { line: pos.line, column: pos.col }; }
        return visit.BREAK;
      },
    });
    const reason = (error as Error).message;
    const message = /alias count/i.test(reason)
      ? `YAML: aliases expand more than ${MAX_ALIAS_COUNT} times (an alias bomb, first alias here); write the values out instead of nesting aliases`
      : `YAML: ${reason.split('\n')[0]}`;
    return { data: undefined, problems: [{ file: yaml.path, ...where, message }] };
  }
}

/** Position of the node at `path`, or of its nearest existing ancestor (a missing key points at its parent). */
export function positionOf(yaml: YamlDocument, path: readonly PropertyKey[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? yaml.doc.contents : yaml.doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = yaml.lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** Position of the key `key` in the map at `path` (an unknown key is pointed at itself, not at its map). */
function keyPosition(yaml: YamlDocument, path: readonly PropertyKey[], key: string): { line: number; column: number } | undefined {
  const map = path.length === 0 ? yaml.doc.contents : yaml.doc.getIn(path as unknown[], true);
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
      const pos = yaml.lines.linePos(pair.key.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}

/**
 * zod's issues as located problems at the offending key. Given the schema and the data, in the words
 * of explainSchemaIssues (did you mean, items counted from 1, a missing key at its block); else
 * `path.to.key: what is wrong`.
 */
export function zodProblems(yaml: YamlDocument, issues: readonly z.core.$ZodIssue[], explain?: { schema: z.ZodType; data: unknown; options?: ExplainOptions }): DataProblem[] {
  if (explain) return explainSchemaIssues(yaml, explain.schema, explain.data, issues, explain.options);
  return issues.flatMap((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file: yaml.path,
        ...(keyPosition(yaml, path, key) ?? positionOf(yaml, path)),
        message: `${[...path, key].join('.')}: unknown key; check its spelling or remove it`,
      }));
    }
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    return [{ file: yaml.path, ...positionOf(yaml, path), message: `${where}${issue.message}` }];
  });
}

/** A validated data file that can still locate any of its paths, for checks beyond the schema. */
export interface LocatedData<T> {
  file: string;
  data: T;
  /** line:col of a path, falling back to its nearest existing parent. */
  locate(path: readonly PropertyKey[]): { line: number; column: number };
}

/**
 * Parses YAML text and validates it with a zod schema. Throws DataFileError
 * listing every syntax error, or else every schema issue, each at its line:col.
 */
export function parseDataFile<S extends z.ZodType>(path: string, text: string, schema: S): LocatedData<z.output<S>> {
  const { yaml, problems } = parseYamlDocument(path, text);
  if (problems.length > 0) throw new DataFileError(problems);
  const { data, problems: expansion } = yamlData(yaml);
  if (expansion.length > 0) throw new DataFileError(expansion);
  const result = schema.safeParse(data);
  if (!result.success) throw new DataFileError(zodProblems(yaml, result.error.issues, { schema, data }));
  return { file: path, data: result.data, locate: (at) => positionOf(yaml, at) };
}
