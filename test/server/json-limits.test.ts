import { describe, expect, it } from 'vitest';
import { jsonTextNestsDeeper, valueNestsDeeper } from '../../src/server/json-limits.js';

describe('jsonTextNestsDeeper', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(jsonTextNestsDeeper('[[1]]', 2)).toBe(false);
    expect(jsonTextNestsDeeper('[[[1]]]', 2)).toBe(true);
    expect(jsonTextNestsDeeper('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonTextNestsDeeper('{"a":{"b":[1]}}', 2)).toBe(true);
    expect(jsonTextNestsDeeper(`{"text":"${'['.repeat(100)}"}`, 1)).toBe(false);
    expect(jsonTextNestsDeeper(`{"text":"\\"${'{'.repeat(100)}"}`, 1)).toBe(false);
    expect(jsonTextNestsDeeper(`{"text":"\\\\"}${'['.repeat(3)}`, 2)).toBe(true);
    // Siblings do not add up; only nesting does.
    expect(jsonTextNestsDeeper('[[],[],[[]]]', 3)).toBe(false);
  });

  it('answers a million levels without overflowing the stack', () => {
    expect(jsonTextNestsDeeper('['.repeat(1_000_000) + ']'.repeat(1_000_000), 64)).toBe(true);
  });
});

describe('valueNestsDeeper', () => {
  it('measures parsed values the same way, and takes a cycle as too deep', () => {
    expect(valueNestsDeeper(1, 0)).toBe(false);
    expect(valueNestsDeeper({ a: [1] }, 2)).toBe(false);
    expect(valueNestsDeeper({ a: [[1]] }, 2)).toBe(true);
    expect(valueNestsDeeper(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), 32)).toBe(true);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(valueNestsDeeper(cycle, 32)).toBe(true);
  });
});
