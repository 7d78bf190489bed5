export interface PeriodicSweep {
  start(): void;
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
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        running = running.then(sweep).catch(onError);
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
