// `npm start` without SLACK_* must not pay for loading Bolt (src/server/hearken-server.ts imports
// the Slack channel only when Slack is configured). Bolt is CommonJS, so once loaded it sits in
// node's require cache; vitest runs each test file in its own process, so nothing else loaded it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHearkenServer } from '../../src/server/hearken-server.js';

const require = createRequire(import.meta.url);
const boltLoaded = () => Object.keys(require.cache).some((path) => /[\\/]@slack[\\/]bolt[\\/]/.test(path));

describe('the server without Slack', () => {
  it('starts, serves, and never loads @slack/bolt', { timeout: 60_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'hearken-slack-off-'));
    const running = await startHearkenServer({ port: 0, dataDir: join(work, 'data'), secret: randomBytes(48), outboxIntervalMs: 3_600_000, watchIntervalMs: 3_600_000, log: () => {} });
    try {
      expect(running.slack).toBeUndefined();
      expect((await fetch(`${running.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
      expect(boltLoaded()).toBe(false);
    } finally {
      await running.close();
      rmSync(work, { recursive: true, force: true });
    }
    // The probe sees Bolt once something loads it.
    await import('@slack/bolt');
    expect(boltLoaded()).toBe(true);
  });
});
