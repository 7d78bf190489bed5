// Inline SVG charts for the HTML report: plain strings, no script, no external font or image.
// Every drawn quantity is a `<rect class="mark" data-value="…">`, so a test (or a reader's
// tool) can tell a chart that shows data from an empty frame.

/** Escapes text for HTML and SVG content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Distinct colours that stay apart for the common kinds of colour blindness (Okabe–Ito, then greys). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#999999', '#666666'];

const WIDTH = 720;

/** Cuts a label to `max` characters (a Han character counts as two), with an ellipsis. */
export function clip(label: string, max = 34): string {
  let width = 0;
  let out = '';
  for (const ch of label) {
    width += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 2 : 1;
    if (width > max) return `${out}…`;
    out += ch;
  }
  return out;
}

const round = (n: number) => Math.round(n * 10) / 10;

export interface BarItem {
  label: string;
  value: number;
  /** What is written after the bar; default the value. */
  display?: string;
  /** Hover text. */
  title?: string;
}

/** Horizontal bars, one row per item, scaled to `max` (default the largest value). */
export function barChart(items: readonly BarItem[], options: { max?: number; ariaLabel: string; colour?: string }): string {
  const labelWidth = 250;
  const valueWidth = 150;
  const rowHeight = 26;
  const plot = WIDTH - labelWidth - valueWidth;
  const max = options.max ?? Math.max(1, ...items.map((i) => i.value));
  const height = items.length * rowHeight + 6;
  const rows = items.map((item, i) => {
    const y = i * rowHeight + 4;
    const w = item.value <= 0 ? 0 : Math.max(2, (item.value / max) * plot);
    return `<g><title>${esc(item.title ?? `${item.label}: ${item.display ?? item.value}`)}</title>`
      + `<text x="${labelWidth - 8}" y="${y + 13}" text-anchor="end" class="label">${esc(clip(item.label))}</text>`
      + `<rect class="mark" data-value="${item.value}" x="${labelWidth}" y="${y}" width="${round(w)}" height="18" rx="2" fill="${options.colour ?? PALETTE[0]}"/>`
      + `<text x="${round(labelWidth + w + 6)}" y="${y + 13}" class="value">${esc(item.display ?? String(item.value))}</text></g>`;
  });
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(options.ariaLabel)}">${rows.join('')}</svg>`;
}

export interface Series {
  label: string;
  values: readonly number[];
}

/** Stacked columns over time buckets (one series is a plain column chart), with a y axis and a legend. */
export function columnChart(buckets: readonly string[], series: readonly Series[], options: { ariaLabel: string; bucketLabel?: (bucket: string) => string }): string {
  const height = 240;
  const left = 44;
  const bottom = 34;
  const top = 10;
  const plotWidth = WIDTH - left - 10;
  const plotHeight = height - top - bottom;
  const totals = buckets.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const { step: tick, max } = countAxis(Math.max(1, ...totals));
  const step = plotWidth / Math.max(1, buckets.length);
  const barWidth = Math.max(1, Math.min(48, step * 0.75));
  const parts: string[] = [];
  for (let value = 0; value <= max; value += tick) {
    const y = top + plotHeight - (value / max) * plotHeight;
    parts.push(`<line x1="${left}" x2="${WIDTH - 10}" y1="${round(y)}" y2="${round(y)}" class="grid"/>`, `<text x="${left - 6}" y="${round(y + 4)}" text-anchor="end" class="axis">${esc(formatCount(value))}</text>`);
  }
  // At most about twelve bucket labels, evenly spaced, the last one always shown.
  const every = Math.max(1, Math.ceil(buckets.length / 12));
  buckets.forEach((bucket, i) => {
    const x = left + i * step + (step - barWidth) / 2;
    let y = top + plotHeight;
    series.forEach((s, k) => {
      const value = s.values[i] ?? 0;
      if (value <= 0) return;
      const h = Math.max(1, (value / max) * plotHeight);
      y -= h;
      parts.push(`<rect class="mark" data-value="${value}" x="${round(x)}" y="${round(y)}" width="${round(barWidth)}" height="${round(h)}" fill="${PALETTE[k % PALETTE.length]}"><title>${esc(`${options.bucketLabel?.(bucket) ?? bucket} · ${s.label}: ${value}`)}</title></rect>`);
    });
    if (i % every === 0 || i === buckets.length - 1) {
      parts.push(`<text x="${round(x + barWidth / 2)}" y="${height - bottom + 16}" text-anchor="middle" class="axis">${esc(options.bucketLabel?.(bucket) ?? bucket)}</text>`);
    }
  });
  parts.push(`<line x1="${left}" x2="${WIDTH - 10}" y1="${top + plotHeight}" y2="${top + plotHeight}" class="baseline"/>`);
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(options.ariaLabel)}">${parts.join('')}</svg>`;
}

/** The legend of a column chart, as HTML beneath it. */
export function legend(series: readonly Series[]): string {
  if (series.length < 2) return '';
  return `<ul class="legend">${series.map((s, k) => `<li><span class="swatch" style="background:${PALETTE[k % PALETTE.length]}"></span>${esc(s.label)}</li>`).join('')}</ul>`;
}

/** Gridlines for counts: a whole step of 1, 2 or 5 times a power of ten, about four of them up to the top. */
export function countAxis(largest: number): { step: number; max: number } {
  const rough = Math.max(1, largest / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return { step, max: Math.ceil(largest / step) * step };
}

const formatCount = (value: number) => value.toLocaleString('en');
