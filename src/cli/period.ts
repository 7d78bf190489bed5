// `--since` for every command that reports on a period: a length back from now (`30d`, `12h`,
// `2w`) or a day or instant (`2026-03-01`, `2026-03-01T08:00:00Z`).
import { UsageError } from './command.js';

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** The start of the period `value` names, before `now`; throws a UsageError naming `flag` when it reads as neither. */
export function parseSince(value: string, now: Date, flag = '--since'): Date {
  const trimmed = value.trim();
  const span = /^(\d{1,5})\s*([hdw])$/i.exec(trimmed);
  if (span) return new Date(now.getTime() - Number(span[1]) * UNIT_MS[span[2]!.toLowerCase()]!);
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const at = new Date(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new UsageError(`${flag} takes a length back from now such as 30d, 12h or 2w, or a date such as 2026-03-01; got "${value}"`);
}

/** Whole days between two instants, at least 1: the width of a period for per-day figures. */
export function daysBetween(since: Date, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - since.getTime()) / 86_400_000));
}
