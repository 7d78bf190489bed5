import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 may grow the old generation past the live heap before its next full GC.
 *
 * By default V8 picks that growing factor itself, up to 4× on a machine with several GB of
 * memory. The chat server keeps ~130 MB live (guard automata, triage model, NLP lexicons), so
 * under steady load its heap swelled to ~435 MB before each full GC and RSS swung between
 * ~300 and ~650 MiB (`npm run soak`, 50 customers): memory that was garbage, not a leak.
 * 30 % is the factor V8 itself uses when asked to save memory; in the same soak it kept the
 * committed heap at ~215 MB for about 0.4 % more of one core spent in full GCs.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 30;

const GROWING_FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * Sets V8's heap growing factor for this process, unless `percent` is 0 (V8 decides) or the
 * node command line already sets it (the operator's choice wins). V8 reads the value each time
 * it recomputes the heap limit, so setting it at start-up takes effect from the next GC.
 * Returns the flag it set, if any.
 */
export function boundHeapGrowth(
  percent: number,
  execArgv: readonly string[],
  setFlags: (flags: string) => void = setFlagsFromString,
): string | undefined {
  if (percent === 0 || execArgv.some((arg) => GROWING_FLAG.test(arg))) return undefined;
  const flag = `--heap-growing-percent=${percent}`;
  setFlags(flag);
  return flag;
}
