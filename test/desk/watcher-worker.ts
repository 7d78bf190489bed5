// Child process for deadline-watcher.test.ts: one "server process" running the deadline
// watcher and the outbox dispatcher against a PostgreSQL schema at a fixed clock,
// printing each reminder it delivered. Usage: watcher-worker.ts <databaseUrl> <schema> <iso-now> <rounds>
import { createDeadlineWatcher } from '../../src/desk/deadline-watcher.js';
import { createOutboxDispatcher } from '../../src/desk/outbox-dispatcher.js';
import { openPostgresStore } from '../../src/store/open.js';

const [databaseUrl, schema, nowIso, roundsArg = '5'] = process.argv.slice(2);
if (!databaseUrl || !schema || !nowIso) {
  console.error('usage: watcher-worker.ts <databaseUrl> <schema> <iso-now> <rounds>');
  process.exit(2);
}
const store = await openPostgresStore({ databaseUrl, schema });
const now = new Date(nowIso);
const workerId = `pid-${process.pid}`;
const watcher = createDeadlineWatcher(store, { clock: () => now, limit: 5, workerId });
const outbox = createOutboxDispatcher(store.outbox, { clock: () => now, limit: 5, workerId, log: (m) => console.error(m) });
outbox.subscribe('reminder_due', async (r) => {
  process.stdout.write(`EMIT ${r.complaintId}/${r.deadline}/${r.level}\n`);
  await new Promise((resolve) => setTimeout(resolve, 2));
});
for (let round = 0; round < Number(roundsArg); round++) {
  await watcher.runOnce();
  await outbox.runOnce();
}
await store.close();
