import type { ScriptTables } from './script-tables.js';

/** Folds Traditional characters to Simplified, one code unit for one, so offsets stay valid. */
export function foldTraditional(text: string, tables: ScriptTables): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = tables.foldBmp[c]!;
    out += String.fromCharCode(f === 0 ? c : f);
  }
  return out;
}
