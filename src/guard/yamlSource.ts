// YAML parsing that keeps positions, so every lexicon error can say file:line:col.
import { LineCounter, parseDocument, isNode, visit, type Document } from 'yaml';
import { explainYamlErrors } from '../contracts/data-file-messages.js';

export interface LexiconError {
  file: string;
  line: number;
  column: number;
  message: string;
  ruleId?: string;
}

export interface ParsedYaml {
  readonly path: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** Parses YAML keeping positions; layout errors come back in plain words with the lines shown (explainYamlErrors). */
export function parseYaml(path: string, text: string): { parsed: ParsedYaml; errors: LexiconError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors = explainYamlErrors(path, text, doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return { code: e.code, message: e.message, line: pos.line, column: pos.col };
  }));
  return { parsed: { path, doc, lines }, errors };
}

/**
 * Lexicons need few aliases, if any; a file that expands aliases more often is
 * an alias bomb (a billion laughs) and must not cost the loader its memory.
 */
export const MAX_ALIAS_COUNT = 50;

/**
 * The parsed document as plain data. Expansion errors (an alias bomb, an
 * unknown alias) come back as located errors instead of a bare exception
 * with no file name.
 */
export function yamlData(parsed: ParsedYaml): { data: unknown; errors: LexiconError[] } {
  try {
    return { data: parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), errors: [] };
  } catch (error) {
    let where = { line: 1, column: 1 };
    visit(parsed.doc, {
      Alias(_key, node) {
        if (node.range) { const pos = parsed.lines.linePos(node.range[0]); where = { line: pos.line, column: pos.col }; }
        return visit.BREAK;
      },
    });
    const reason = (error as Error).message;
    const message = /alias count/i.test(reason)
      ? `YAML: aliases expand more than ${MAX_ALIAS_COUNT} times (an alias bomb, first alias here); write the phrases out instead of nesting aliases`
      : `YAML: ${reason.split('\n')[0]}`;
    return { data: undefined, errors: [{ file: parsed.path, ...where, message }] };
  }
}

/** Position of the node at `path`, or of its nearest existing ancestor. */
export function positionOf(parsed: ParsedYaml, path: readonly PropertyKey[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = parsed.lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

export function formatLexiconError(e: LexiconError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.ruleId ? `[${e.ruleId}] ` : ''}${e.message}`;
}
