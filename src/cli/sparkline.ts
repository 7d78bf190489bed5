// A row of block characters, one per value, scaled to the largest: a chart that fits a terminal line.
const BARS = '▁▂▃▄▅▆▇█';

/** Zero is the lowest bar; any value above zero shows at least the second, so it is never lost. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return BARS[0]!.repeat(values.length);
  return values.map((v) => (v <= 0 ? BARS[0]! : BARS[Math.max(1, Math.round((v / max) * (BARS.length - 1)))]!)).join('');
}
