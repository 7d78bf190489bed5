// Child process for crash.test.ts: creates complaints in a SQLite store and
// prints `ACK <id> <subject>` only after each create has resolved (committed).
// Usage: complaint-writer.ts <dataDir> <count|forever> <label> [iso-now]
import { openSqliteStore } from '../../src/store/open.js';

const [dataDir, countArg = 'forever', label = 'w', nowArg] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: complaint-writer.ts <dataDir> <count|forever> <label> [iso-now]');
  process.exit(2);
}
const store = await openSqliteStore({ dataDir });
const limit = countArg === 'forever' ? Number.POSITIVE_INFINITY : Number(countArg);
const now = nowArg ? new Date(nowArg) : undefined;
for (let i = 0; i < limit; i++) {
  const subject = `${label}-${i}`;
  const record = await store.complaints.create({
    channel: 'phone', locale: 'en', customer: { name: `Customer ${i}` }, subject,
    description: `Complaint number ${i} written by ${label}; ${'detail '.repeat(20)}`, category: 'billing',
  }, { actor: `agent:${label}`, channel: 'phone', ...(now ? { now } : {}) });
  process.stdout.write(`ACK ${record.id} ${subject}\n`);
}
await store.close();
