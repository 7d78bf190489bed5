// Worker threads for `hearken lexicon impact`: linting is nearly all of its work, and each draft
// is judged on its own, so batches of drafts go to a pool of workers (one per core but one), each
// holding both compiled guards (read from the compile cache the main thread has just filled), while
// the main thread reads the next pages of the audit, judges a batch itself when every worker is
// busy, and counts the results in the order read.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Judgement, ReplayDraft } from '../../desk/lexicon-impact.js';

/** What a worker needs to judge drafts: the two guard folders and the compile cache. */
export interface JudgeWorkerSetup {
  editedDir: string;
  liveDir: string;
  cacheDir: string | null;
}

type Draft = Pick<ReplayDraft, 'text' | 'context' | 'locale'> & { live: boolean };
interface Request { id: number; drafts: Draft[] }
type Reply = { id: number; results: { after: Judgement; before?: Judgement }[] } | { id: number; error: string };

export interface JudgePool {
  /** Judges a batch: every draft by the edited lexicons, and by the live ones where `live` is set. */
  judge(drafts: Draft[]): Promise<{ after: Judgement; before?: Judgement }[]>;
  readonly size: number;
  /** Batches sent and not answered yet. */
  inFlight(): number;
  close(): Promise<void>;
}

/**
 * How many workers to start: one per core but one, since the main thread judges too whenever every
 * worker is busy. Only the built JavaScript can be started as a worker; under a TypeScript loader
 * the caller judges in its own thread.
 */
export function poolSizeFor(requested: number | undefined): number {
  if (requested === 0 || !import.meta.url.endsWith('.js')) return 0;
  return requested ?? Math.max(1, Math.min(7, availableParallelism() - 1));
}

export function startJudgePool(setup: JudgeWorkerSetup, size: number): JudgePool {
  const workers = Array.from({ length: size }, () => new Worker(fileURLToPath(import.meta.url), { workerData: setup }));
  const waiting = new Map<number, { resolve(results: { after: Judgement; before?: Judgement }[]): void; reject(error: Error): void }>();
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
  const { judgeDraft } = await import('../../desk/lexicon-impact.js');
  const [edited, live] = await Promise.all([setup.editedDir, setup.liveDir].map(async (dir) => (await loadGuardCached(dir, { cacheDir: setup.cacheDir })).guard));
  parentPort!.on('message', ({ id, drafts }: Request) => {
    try {
      const results = drafts.map((d) => ({ after: judgeDraft(edited!, d), ...(d.live ? { before: judgeDraft(live!, d) } : {}) }));
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
