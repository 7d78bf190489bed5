import { describe, expect, it } from 'vitest';
import { commentSyntaxFor, parseDirectives, UNUSED_DIRECTIVE_RULE } from '../../../src/cli/lint/directives.js';
import { lintText } from '../../../src/cli/lint/lint-text.js';
import { compileFixture } from '../../guard/fixtures.js';

const guard = compileFixture();
const lint = (text: string, path = 'reply.txt') => lintText(guard, text, { syntax: commentSyntaxFor(path), fix: false });
const rules = (text: string, path?: string) => lint(text, path).findings.map((f) => `${f.line}:${f.ruleId}`);

describe('inline directives', () => {
  it('picks the comment syntax from the file name', () => {
    expect(commentSyntaxFor('a/b.md')).toBe('markdown');
    expect(commentSyntaxFor('replies.YAML')).toBe('yaml');
    expect(commentSyntaxFor('reply.txt')).toBe('plain');
    expect(commentSyntaxFor('')).toBe('plain');
  });

  it('hearken-disable-next-line silences the named rule on the next line only', () => {
    const text = '# hearken-disable-next-line deflect.not-my-job\nThat is not my job.\nThat is not my job.\n';
    expect(rules(text)).toEqual(['3:deflect.not-my-job']);
    // Without the directive both lines are reported: the directive is what silences line 2.
    expect(rules(text.replace('# hearken-disable-next-line deflect.not-my-job', '# a comment'))).toEqual(['2:deflect.not-my-job', '3:deflect.not-my-job']);
  });

  it('accepts several rules, // comments, and a reason after " -- "', () => {
    const text = '// hearken-disable-next-line insult.old-man, deflect.not-my-job -- quoting the customer\n老头说不关我的事\n';
    expect(rules(text)).toEqual([]);
  });

  it('leaves other rules on the line reported', () => {
    const text = '# hearken-disable-next-line insult.old-man\n老头，不关我的事\n';
    expect(rules(text)).toEqual(['2:deflect.not-my-job']);
  });

  it('hearken-disable / hearken-enable cover a region, for one rule or all', () => {
    const text = [
      '<!-- hearken-disable deflect.not-my-job -->',
      'Not my job.',
      '老头',
      '<!-- hearken-enable deflect.not-my-job -->',
      'Not my job.',
      '<!-- hearken-disable -->',
      'Not my job. 老头',
      '<!-- hearken-enable -->',
      '老头',
    ].join('\n');
    expect(rules(text, 'reply.md')).toEqual(['3:insult.old-man', '5:deflect.not-my-job', '9:insult.old-man']);
  });

  it('"disable all, enable one" reports that one again', () => {
    const text = '# hearken-disable\n老头\n# hearken-enable insult.old-man\n老头 not my job\n';
    expect(rules(text, 'replies.yaml')).toEqual(['4:insult.old-man']);
  });

  it('reports a directive that disables nothing as a warning at the comment', () => {
    const text = 'Hello.\n<!-- hearken-disable-next-line deflect.not-my-job -->\nThank you for waiting.\n';
    const result = lint(text, 'reply.md');
    expect(result.verdict).toBe('warn');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      ruleId: UNUSED_DIRECTIVE_RULE, severity: 'warning', line: 2, column: 1,
      actual: '<!-- hearken-disable-next-line deflect.not-my-job -->',
    });
    expect(result.findings[0]!.message).toMatch(/"deflect\.not-my-job".*line 3/);
  });

  it('reports only the unused rule of a directive naming two', () => {
    const result = lint('# hearken-disable-next-line insult.old-man, deflect.not-my-job\n老头\n');
    expect(result.findings.map((f) => f.ruleId)).toEqual([UNUSED_DIRECTIVE_RULE]);
    expect(result.findings[0]!.message).toMatch(/no "deflect\.not-my-job" problem/);
  });

  it('does not lint the directive comment itself (its reason may quote the phrase)', () => {
    const result = lint('# hearken-disable-next-line deflect.not-my-job -- the customer wrote "not my job, calm down"\nNot my job.\n');
    expect(result.findings).toEqual([]);
    expect(result.verdict).toBe('pass');
  });

  it('blanks directive comments without moving offsets', () => {
    const text = 'a\n<!-- hearken-disable x -->\nb';
    const { masked, directives } = parseDirectives(text, 'markdown');
    expect(masked).toHaveLength(text.length);
    expect(masked.split('\n').map((l) => l.trim())).toEqual(['a', '', 'b']);
    expect(directives).toMatchObject([{ kind: 'disable', rules: ['x'], line: 2, column: 1, endLine: 2 }]);
  });

  it('ignores directive look-alikes: # in Markdown, text after content, other words', () => {
    expect(parseDirectives('# hearken-disable\n', 'markdown').directives).toEqual([]);
    expect(parseDirectives('Not my job. # hearken-disable\n', 'plain').directives).toEqual([]);
    expect(parseDirectives('# hearken-disabled\n', 'plain').directives).toEqual([]);
    expect(parseDirectives('  # hearken-enable\r\n', 'yaml').directives).toMatchObject([{ kind: 'enable', rules: [], column: 3 }]);
  });
});
