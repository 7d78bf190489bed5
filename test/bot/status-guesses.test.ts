import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { storageGuessCounter } from '../../src/bot/status-guesses.js';

const DAY_MS = 24 * 3600_000;

describe('storageGuessCounter', () => {
  it('counts every wrong pair when many conversations fail at once, in one process or two on one storage', async () => {
    const storage = new MemoryStorage();
    const clock = () => new Date('2026-12-01T09:00:00Z');
    const here = storageGuessCounter(storage, DAY_MS, clock);
    const there = storageGuessCounter(storage, DAY_MS, clock);
    await here.recordFailure('C-20261201-0001');
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? here : there).recordFailure('C-20261201-0001')));
    expect(await here.failures('C-20261201-0001')).toBe(21);
    expect(await there.failures('C-20261201-0002')).toBe(0);
  });

  it('starts a new window a day after the first wrong pair of the last one', async () => {
    let now = Date.parse('2026-12-01T09:00:00Z');
    const counter = storageGuessCounter(new MemoryStorage(), DAY_MS, () => new Date(now));
    await counter.recordFailure('C-1');
    now += DAY_MS - 1;
    expect(await counter.recordFailure('C-1')).toBe(2);
    now += 1;
    expect(await counter.failures('C-1')).toBe(0);
    expect(await counter.recordFailure('C-1')).toBe(1);
  });
});
