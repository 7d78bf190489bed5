import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // SQLite files, ports and chromium are per-test, but the 2-core CI box is
    // overwhelmed by many workers running browsers and servers at once.
    maxWorkers: 2,
  },
});
