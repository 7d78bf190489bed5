/**
 * Nesting limits for JSON that customers send. V8's JSON.parse takes any depth,
 * but JSON.stringify, structuredClone and every recursive walk after it (the
 * transcript save, botbuilder's state writes, the stream) overflow the stack at a
 * few thousand levels, and 16 KiB is enough for 5,000 of them. Such input is
 * refused here, before it is parsed, stored or given to the bot. Both checks are
 * loops, never recursion, so they cannot overflow themselves.
 */

/** Deepest nesting of objects and arrays accepted in one activity field (`value`, `channelData`, `entities`). */
export const MAX_JSON_DEPTH = 32;

/**
 * Checked on the raw text of every JSON body before it is parsed: a safety net
 * with room for the activity around its fields, so that a too deep field gets the
 * field's own, named error from the activity schema.
 */
export const MAX_BODY_DEPTH = 2 * MAX_JSON_DEPTH;

/**
 * Scans JSON text and returns true as soon as its objects and arrays nest deeper
 * than `maxDepth` (brackets inside strings do not count). It does not validate
 * the text; JSON.parse does that after it.
 */
export function jsonTextNestsDeeper(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * True when a parsed value nests deeper than `maxDepth` (a scalar is depth 0,
 * `[]` and `{"a":1}` depth 1). The walk stops at the limit, so a cycle counts as
 * too deep instead of looping.
 */
export function valueNestsDeeper(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}
