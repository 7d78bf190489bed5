// Worker threads for `hearken lexicon impact`, for a machine with cores to spare: judging drafts
// is most of its work, and each draft is judged on its own, so batches of drafts go to a pool of
// workers, each holding both compiled guards (read from the compile cache the main thread has just
// filled) and the edit's scope, while the main thread reads the next pages of the audit, judges a
// batch itself when every worker is busy, and counts the results in the order read. On a busy or
// small machine the threads only add their start-up and messaging to the same work: none start.
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { PairInput, PairJudgement } from '../../desk/lexicon-impact.js';
import type { EditScope } from '../../desk/lexicon-edit-scope.js';

/** What a worker needs to judge drafts: the two guard folders, the compile cache and the edit's scope. */
export interface JudgeWorkerSetup {
  editedDir: string;
  liveDir: string;
  cacheDir: string | null;
  /** The edit's scope (null: any draft may be touched); sameLexicons: both folders hold the same files. */
  scope: EditScope | null;
  sameLexicons: boolean;
}

interface Request { id: number; drafts: PairInput[] }
type Reply = { id: number; results: PairJudgement[] } | { id: number; error: string };

export interface JudgePool {
  /** Judges a batch, as the main thread's PairJudge would. */
  judge(drafts: PairInput[]): Promise<PairJudgement[]>;
  readonly size: number;
  /** Batches sent and not answered yet. */
  inFlight(): number;
  close(): Promise<void>;
}

/**
 * Idle cores (by the 1-minute load average) from which workers start. Each worker first decodes both
 * guards, and with the edit's scope most drafts cost the main thread little more than reading them,
 * so one worker beside it rarely earns its start: threads start only where two or more can run.
 */
const IDLE_CORES_FOR_WORKERS = 3;

/**
 * How many workers to start. Asked for: that many. Otherwise one per idle core but the main
 * thread's (it judges too whenever every worker is busy), at most 7, and none with fewer than
 * IDLE_CORES_FOR_WORKERS idle cores. Only the built JavaScript can be started as a worker; under a
 * TypeScript loader the caller judges in its own thread.
 */
export function poolSizeFor(requested: number | undefined, machine = { cores: availableParallelism(), load: loadavg()[0] ?? 0 }): number {
  if (requested === 0 || !import.meta.url.endsWith('.js')) return 0;
  if (requested !== undefined) return requested;
  const idle = Math.floor(machine.cores - machine.load);
  return idle < IDLE_CORES_FOR_WORKERS ? 0 : Math.min(7, idle - 1);
}

export function startJudgePool(setup: JudgeWorkerSetup, size: number): JudgePool {
  const workers = Array.from({ length: size }, () => new Worker(fileURLToPath(import.meta.url), { workerData: setup }));
  const waiting = new Map<number, { resolve(results: PairJudgement[]): void; reject(error: Error): void }>();
  let nextId = 0;
  let turn = 0;
  let failure: Error | undefined;
  for (const worker of workers) {
    worker.on('message', (reply: Reply) => {
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) pending?.reject(new Error(reply.error));
      else pending?.resolve(reply.results);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
  }
  return {
    size,
    inFlight: () => waiting.size,
    judge(drafts) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const worker = workers[turn++ % workers.length]!;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, drafts } satisfies Request);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

// ------------------------------------------------------------------ the worker

async function serve(setup: JudgeWorkerSetup): Promise<void> {
  const { loadGuardCached } = await import('../../lexicon-files/compiled-cache.js');
  const { createPairJudge } = await import('../../desk/lexicon-impact.js');
  const [edited, live] = await Promise.all([setup.editedDir, setup.liveDir].map(async (dir) => (await loadGuardCached(dir, { cacheDir: setup.cacheDir })).guard));
  const pairs = createPairJudge(live!, edited!, setup.scope, setup.sameLexicons);
  parentPort!.on('message', ({ id, drafts }: Request) => {
    try {
      const results = drafts.map((d) => pairs.judge(d));
      parentPort!.postMessage({ id, results } satisfies Reply);
    } catch (error) {
      parentPort!.postMessage({ id, error: (error as Error).message } satisfies Reply);
    }
  });
}

if (!isMainThread && parentPort && (workerData as JudgeWorkerSetup | undefined)?.editedDir) {
  // Messages that arrive while the guards load wait in the port's queue until the handler is set.
  void serve(workerData as JudgeWorkerSetup);
}
