// Child process for watcher.test.ts: one "server process" running the deadline
// watcher against a PostgreSQL schema at a fixed clock, printing each reminder
// it emitted. Usage: watcher-worker.ts <databaseUrl> <schema> <iso-now> <rounds>
import { openPostgresStore } from '../../src/store/open.js';
import { createDeadlineWatcher } from '../../src/store/watcher.js';

const [databaseUrl, schema, nowIso, roundsArg = '5'] = process.argv.slice(2);
if (!databaseUrl || !schema || !nowIso) {
  console.error('usage: watcher-worker.ts <databaseUrl> <schema> <iso-now> <rounds>');
  process.exit(2);
}
const store = await openPostgresStore({ databaseUrl, schema });
const now = new Date(nowIso);
const watcher = createDeadlineWatcher(store, {
  clock: () => now,
  limit: 5,
  workerId: `pid-${process.pid}`,
  emit: async (r) => {
    process.stdout.write(`EMIT ${r.complaintId}/${r.deadline}/${r.level}\n`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  },
});
for (let round = 0; round < Number(roundsArg); round++) await watcher.runOnce();
await store.close();
