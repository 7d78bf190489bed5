/** Small timing helpers shared by the bench modules. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Times `fn` once per iteration after a warm-up; returns per-call microseconds, sorted. */
export function sampleMicros(fn: () => unknown, iterations: number, warmup = Math.min(50, iterations)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples.sort((a, b) => a - b);
}

export async function sampleMicrosAsync(fn: () => Promise<unknown>, iterations: number, warmup = Math.min(20, iterations)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples.sort((a, b) => a - b);
}

export const median = (sorted: number[]) => percentile(sorted, 50);

export function row(label: string, value: number, unit: string, note = ''): void {
  console.log(`${label.padEnd(52)} ${value.toFixed(value < 10 ? 2 : 1).padStart(12)} ${unit}${note ? `  ${note}` : ''}`);
}
