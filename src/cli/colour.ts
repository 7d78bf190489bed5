// ANSI colour for human-readable output. Whether to colour is decided once, in
// src/cli/main.ts (the only place that reads the environment), by
// `colourWanted`; formatters receive a `Colours` that is a no-op when off.

export interface ColourSettings {
  /** NO_COLOR: any non-empty value turns colour off (https://no-color.org). */
  noColor?: string | undefined;
  /** FORCE_COLOR: turns colour on even when piped; "0" or "false" turns it off. */
  forceColor?: string | undefined;
  /** TERM: "dumb" terminals get no colour. */
  term?: string | undefined;
  /** Whether standard output is a terminal. */
  isTTY: boolean;
}

/** FORCE_COLOR wins (as in Node and chalk), then NO_COLOR, then a real, non-dumb terminal. */
export function colourWanted(settings: ColourSettings): boolean {
  const force = settings.forceColor;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (settings.noColor !== undefined && settings.noColor !== '') return false;
  if (settings.term === 'dumb') return false;
  return settings.isTTY;
}

export interface Colours {
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => (text === '' ? text : `\x1b[${open}m${text}\x1b[${close}m`);
const plain = (text: string) => text;

export function colours(enabled: boolean): Colours {
  if (!enabled) return { red: plain, yellow: plain, cyan: plain, green: plain, dim: plain, bold: plain, underline: plain };
  return { red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
}
