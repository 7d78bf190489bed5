// Derives the script tables for detectLang from OpenCC's character maps. Runs at
// training time only: the cn→t converter costs ~130 ms to load, too much per start.
import * as ToSimplified from 'opencc-js/t2cn';
import * as ToTraditional from 'opencc-js/cn2t';
import type { ScriptTables } from './script.js';

export function deriveScriptTables(): ScriptTables {
  const toSimplified = ToSimplified.Converter({ from: 'hk', to: 'cn' });
  const toSimplifiedTw = ToSimplified.Converter({ from: 'tw', to: 'cn' });
  const toTraditional = ToTraditional.Converter({ from: 'cn', to: 'hk' });
  const toTraditionalTw = ToTraditional.Converter({ from: 'cn', to: 'tw' });
  let simplifiedOnly = '';
  let traditionalOnly = '';
  for (let code = 0x4e00; code <= 0x9fff; code++) {
    const ch = String.fromCodePoint(code);
    const simplified = toSimplified(ch) !== ch || toSimplifiedTw(ch) !== ch;
    const traditional = toTraditional(ch) !== ch || toTraditionalTw(ch) !== ch;
    if (simplified && !traditional) traditionalOnly += ch;
    else if (traditional && !simplified) simplifiedOnly += ch;
  }
  return { simplifiedOnly, traditionalOnly };
}
