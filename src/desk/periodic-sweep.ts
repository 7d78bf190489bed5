export interface PeriodicSweep {
  start(): void;
  /** Runs a sweep now, queued behind one under way (never overlapping it). */
  runNow(): void;
  /** Stops the timer and waits for a sweep that is under way. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs`. Sweeps never overlap within one process: a
 * slow sweep delays the next instead of racing it over the same rows. The
 * timer is unref'd so a watcher alone never keeps the process alive.
 */
export function periodicSweep(sweep: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): PeriodicSweep {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  // At most one extra sweep waits behind the running one; more wake-ups would find nothing new.
  let queued = false;
  const runNow = () => {
    if (queued) return;
    queued = true;
    running = running.then(() => { queued = false; return sweep(); }).catch(onError);
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(runNow, intervalMs);
      timer.unref();
    },
    runNow() {
      if (timer) runNow();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
