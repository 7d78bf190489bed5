import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { z } from 'zod';

/** One problem in a dialog data file, located as file:line:col. */
export interface DataProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Thrown when dialogs/ data is invalid; the message lists every problem as `file:line:col: message`. */
export class DialogDataError extends Error {
  constructor(readonly problems: DataProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'DialogDataError';
  }
}

/** A parsed YAML file that can still say where any path came from. */
export interface LocatedYaml<T> {
  file: string;
  data: T;
  /** file:line:col position of a path, falling back to the nearest existing parent. */
  locate(path: readonly PropertyKey[]): { line: number; column: number };
}

/**
 * Reads a YAML file and validates it with a zod schema, turning every YAML
 * syntax error and every zod issue into a `file:line:col` problem.
 */
export function loadLocatedYaml<S extends z.ZodTypeAny>(file: string, schema: S): LocatedYaml<z.infer<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DialogDataError([{ file, line: 1, column: 1, message: `cannot read the file (${(error as Error).message}); check dialogsDir` }]);
  }
  return parseLocatedYaml(file, text, schema);
}

export function parseLocatedYaml<S extends z.ZodTypeAny>(file: string, text: string, schema: S): LocatedYaml<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new DialogDataError(doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.message };
    }));
  }
  const locate = (path: readonly PropertyKey[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
      if (node && (isMap(node) || isSeq(node) || 'range' in node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  };
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new DialogDataError(parsed.error.issues.map((issue) => {
      const where = locate(issue.path);
      const at = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return { file, ...where, message: `${issue.message}${at}` };
    }));
  }
  return { file, data: parsed.data, locate };
}
