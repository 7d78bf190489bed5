import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DataFileError, formatDataProblem, parseDataFile } from '../../src/contracts/data-file.js';

const Schema = z.object({
  name: z.string(),
  limits: z.object({ max: z.number().int().min(1) }).strict(),
  tags: z.array(z.string()).default([]),
}).strict();

/** The problems a text raises, formatted as an editor reads them. */
function problemsOf(text: string, file = 'data/x.yaml'): string[] {
  try {
    parseDataFile(file, text, Schema);
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return (error as DataFileError).problems.map(formatDataProblem);
  }
  throw new Error('expected a DataFileError');
}

describe('the one data-file parser (YAML + zod, file:line:col)', () => {
  it('returns the validated data and can locate any of its paths', () => {
    const located = parseDataFile('x.yaml', 'name: a\nlimits:\n  max: 3\ntags: [p, q]\n', Schema);
    expect(located.data).toEqual({ name: 'a', limits: { max: 3 }, tags: ['p', 'q'] });
    expect(located.locate(['tags', 1])).toEqual({ line: 4, column: 11 });
    expect(located.locate(['limits', 'missing'])).toEqual({ line: 3, column: 3 });
  });

  it('points a bad value at its own line and column, with its path', () => {
    expect(problemsOf('name: a\nlimits:\n  max: 0\n')).toEqual([expect.stringMatching(/^data\/x\.yaml:3:8: limits\.max: /)]);
  });

  it('points an unknown key at the key itself, not at its map', () => {
    expect(problemsOf('name: a\nlimits:\n  max: 2\n  maxx: 3\n')).toEqual(['data/x.yaml:4:3: limits.maxx: unknown key; check its spelling or remove it (here: max)']);
    // A near miss of a key the map lacks is that key misspelt: said once, with the right spelling.
    expect(problemsOf('name: a\nlimits:\n  maxx: 3\n')).toEqual(['data/x.yaml:3:3: limits.maxx: unknown key; did you mean "max"?']);
  });

  it('points a missing key at its parent', () => {
    expect(problemsOf('name: a\nlimits: {}\n')).toEqual([expect.stringMatching(/^data\/x\.yaml:2:9: limits\.max: /)]);
  });

  it('reports YAML syntax and duplicate keys at their position, before any schema check', () => {
    expect(problemsOf('name: a\nname: b\nlimits: {max: 1}\n')).toEqual([expect.stringMatching(/^data\/x\.yaml:2:1: YAML: "name" appears twice in the same block; keep one of them\n/)]);
    expect(problemsOf('name: [a\n')[0]).toMatch(/^data\/x\.yaml:\d+:\d+: YAML: /);
  });

  it('refuses an alias bomb at its first alias instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'name: *c', 'limits: {max: 1}'].join('\n');
    expect(problemsOf(bomb)).toEqual([expect.stringMatching(/^data\/x\.yaml:2:\d+: YAML: aliases expand more than 50 times/)]);
  });

  it('lists every problem in the message, under a heading when given one', () => {
    const error = new DataFileError([{ file: 'f.yaml', line: 2, column: 5, message: 'bad' }, { file: 'g.yaml', line: 1, column: 1, message: 'worse', ruleId: 'r.1' }], { heading: 'two files failed', hint: 'fix them' });
    expect(error.message).toBe('two files failed:\n  f.yaml:2:5: bad\n  g.yaml:1:1: [r.1] worse\nfix them');
  });
});
