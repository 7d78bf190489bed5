// Inline control comments in canned-reply files, after ESLint's:
//
//   hearken-disable-next-line RULE[, RULE]   the next line only
//   hearken-disable [RULE, …]                from here on (all rules when none is named)
//   hearken-enable [RULE, …]                 ends a disable (all when none is named)
//
// written as <!-- … --> in Markdown, # … in YAML, and # … or // … on a line of
// their own in plain text. Anything after " -- " is a free-text reason. A
// directive that suppresses nothing is reported as a warning, so stale ones
// do not pile up. Directive comments are blanked (same length, so offsets hold)
// before linting: a rule id such as deflect.not-my-job must not be read as a phrase.
import type { Finding } from '../../contracts/finding.js';
import { positionsOf } from './report.js';

export type CommentSyntax = 'markdown' | 'yaml' | 'plain';

export function commentSyntaxFor(path: string): CommentSyntax {
  if (/\.(md|markdown|mdx)$/i.test(path)) return 'markdown';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return 'plain';
}

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids named; empty: every rule. */
  rules: string[];
  /** Offsets of the whole comment. */
  start: number;
  end: number;
  line: number;
  column: number;
  /** Line on which the comment ends (next-line applies to the one after). */
  endLine: number;
  comment: string;
}

const KEYWORD = String.raw`hearken-(disable-next-line|disable|enable)(?![\w-])`;
const PATTERNS: Record<CommentSyntax, RegExp> = {
  markdown: new RegExp(String.raw`<!--[ \t]*${KEYWORD}([^]*?)-->`, 'g'),
  yaml: new RegExp(String.raw`^[ \t]*#[ \t]*${KEYWORD}(.*)$`, 'gm'),
  plain: new RegExp(String.raw`^[ \t]*(?:#|\/\/)[ \t]*${KEYWORD}(.*)$`, 'gm'),
};

function ruleList(rest: string): string[] {
  const withoutReason = rest.split(/\s--\s|\s--$/)[0] ?? '';
  return withoutReason.split(/[\s,]+/).filter((r) => r !== '');
}

export interface ParsedDirectives {
  directives: Directive[];
  /** The text with every directive comment blanked (newlines kept). */
  masked: string;
}

export function parseDirectives(text: string, syntax: CommentSyntax): ParsedDirectives {
  const pattern = PATTERNS[syntax];
  pattern.lastIndex = 0;
  const directives: Directive[] = [];
  const at = positionsOf(text);
  let masked = '';
  let copied = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    // Leading indentation is not part of the comment.
    const lead = /^[ \t]*/.exec(m[0])![0].length;
    const start = m.index + lead;
    const end = m.index + m[0].replace(/\r$/, '').length;
    const { line, column } = at(start);
    directives.push({
      kind: m[1] as DirectiveKind,
      rules: ruleList(m[2] ?? ''),
      start, end, line, column,
      endLine: at(Math.max(start, end - 1)).line,
      comment: text.slice(start, end),
    });
    masked += text.slice(copied, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    copied = end;
  }
  return { directives, masked: masked + text.slice(copied) };
}

/** Rule id of the warning for a directive that suppressed nothing. */
export const UNUSED_DIRECTIVE_RULE = 'hearken.unused-directive';

interface Region { from: number; to: number; rule: string | null; except: readonly string[]; directive: number }

/**
 * Drops the findings the directives disable and adds a warning for every
 * directive (or named rule of one) that disabled nothing.
 */
export function applyDirectives(findings: readonly Finding[], directives: readonly Directive[], text: string): Finding[] {
  if (directives.length === 0) return [...findings];
  // used[d] holds the rule names of directive d that suppressed something ('*' for "every rule").
  const used = directives.map(() => new Set<string>());
  const regions: Region[] = [];
  const open = new Map<string, Region>();
  const ALL = '*';
  const close = (region: Region, at: number) => { region.to = at; regions.push(region); };
  directives.forEach((d, index) => {
    if (d.kind === 'disable') {
      for (const rule of d.rules.length > 0 ? d.rules : [ALL]) {
        if (open.has(rule)) continue;
        open.set(rule, { from: d.end, to: text.length, rule: rule === ALL ? null : rule, except: [], directive: index });
      }
    } else if (d.kind === 'enable') {
      if (d.rules.length === 0) {
        for (const region of open.values()) close(region, d.start);
        open.clear();
        return;
      }
      for (const rule of d.rules) {
        const region = open.get(rule);
        if (region) { close(region, d.start); open.delete(rule); }
      }
      // "disable all, enable one": the all-region goes on without those rules.
      const all = open.get(ALL);
      if (all) {
        close(all, d.start);
        open.set(ALL, { ...all, from: d.start, to: text.length, except: [...all.except, ...d.rules] });
      }
    }
  });
  for (const region of open.values()) regions.push(region);

  const kept: Finding[] = [];
  for (const f of findings) {
    let suppressed = false;
    directives.forEach((d, index) => {
      if (d.kind !== 'disable-next-line' || f.line !== d.endLine + 1) return;
      const name = d.rules.length === 0 ? ALL : d.rules.find((r) => r === f.ruleId);
      if (name !== undefined) { used[index]!.add(name); suppressed = true; }
    });
    for (const region of regions) {
      if (f.start < region.from || f.start >= region.to) continue;
      if (region.rule === null ? region.except.includes(f.ruleId) : region.rule !== f.ruleId) continue;
      used[region.directive]!.add(region.rule ?? ALL);
      suppressed = true;
    }
    if (!suppressed) kept.push(f);
  }

  directives.forEach((d, index) => {
    if (d.kind === 'enable') return;
    const names = d.rules.length > 0 ? d.rules : [ALL];
    const unused = names.filter((n) => !used[index]!.has(n));
    if (unused.length === 0) return;
    const what = unused[0] === ALL ? 'no problem' : `no ${unused.map((r) => `"${r}"`).join(', ')} problem`;
    const where = d.kind === 'disable-next-line' ? `on line ${d.endLine + 1}` : 'after it';
    kept.push({
      ruleId: UNUSED_DIRECTIVE_RULE,
      severity: 'warning',
      category: 'directive',
      message: `Unused hearken-${d.kind} directive: ${what} ${where}; remove it or name the rule that fires.`,
      actual: d.comment,
      start: d.start,
      end: d.end,
      line: d.line,
      column: d.column,
      suggestions: [],
      source: 'inline directive',
    });
  });
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
