// Runs every bench/*.bench.js module in one process, so each ratio compares
// against a baseline measured in the same run on the same machine.
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchModule {
  title: string;
  run(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.js')).sort();
for (const file of files) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  const module = (await import(join(here, file))) as BenchModule;
  console.log(`\n## ${module.title}`);
  await module.run();
}
