// Expands one lexicon phrase into the surface forms the automaton must know.
// Drafts are normalised (contractions expanded), so variants only need to
// cover what normalisation cannot: verb forms, British/American spelling,
// and the author's explicit brace alternatives.

/** Named groups usable as `{be}`, `{do}`, `{have}` inside a phrase. */
const MACROS: Readonly<Record<string, readonly string[]>> = {
  be: ['is', 'are', 'was', 'were', 'am', 'be', 'been', 'being'],
  do: ['do', 'does', 'did'],
  have: ['have', 'has', 'had'],
};

/** Auxiliaries interchangeable in a forbidden phrase: "isn't my job" = "wasn't my job". */
const AUXILIARY_GROUPS: readonly (readonly string[])[] = [
  ['is', 'are', 'was', 'were', 'am'],
  ['do', 'does', 'did'],
  ['have', 'has', 'had'],
  ['will', 'would'],
  ['can', 'could'],
];

export class VariantError extends Error {}

export const MAX_VARIANTS = 512;

/**
 * `calm{,s,ed,ing} down` → calm down, calms down, calmed down, calming down.
 * `{be}` and friends expand to their verb forms. Braces do not nest.
 */
export function expandBraces(phrase: string): string[] {
  let results = [''];
  let i = 0;
  while (i < phrase.length) {
    const open = phrase.indexOf('{', i);
    if (open < 0) { results = results.map((r) => r + phrase.slice(i)); break; }
    const close = phrase.indexOf('}', open + 1);
    if (close < 0) throw new VariantError(`unclosed "{" at character ${open + 1} of "${phrase}"; write {a,b} or escape with a {regex: ...} entry`);
    const inner = phrase.slice(open + 1, close);
    if (inner.includes('{')) throw new VariantError(`nested "{" in "${phrase}"; braces do not nest`);
    const options = inner.includes(',') ? inner.split(',') : MACROS[inner.trim()] ?? null;
    if (options === null) throw new VariantError(`"{${inner}}" in "${phrase}" is neither a list like {a,b} nor one of {${Object.keys(MACROS).join('}, {')}}`);
    const prefix = phrase.slice(i, open);
    const next: string[] = [];
    for (const r of results) for (const option of options) next.push(r + prefix + option);
    if (next.length > MAX_VARIANTS) throw new VariantError(`"${phrase}" expands to more than ${MAX_VARIANTS} variants; split it into several phrases`);
    results = next;
    i = close + 1;
  }
  if (phrase.includes('}') && !phrase.includes('{')) throw new VariantError(`stray "}" in "${phrase}"`);
  return results;
}

const spellingVariants = (word: string): string[] => {
  const m = /^(.{3,})i([sz])(e|es|ed|ing|ation|ations|er|ers)$/.exec(word);
  if (m === null) return [word];
  return [`${m[1]}is${m[3]}`, `${m[1]}iz${m[3]}`];
};

/**
 * Adds inflection and spelling variants to an already normalised English
 * phrase: auxiliaries swap within their group and -ise/-ize both match.
 */
export function expandEnglishVariants(normalised: string): string[] {
  if (!/[a-z]/.test(normalised)) return [normalised];
  let results = [''];
  const tokens = normalised.split(/( )/);
  for (const token of tokens) {
    let options: readonly string[] = [token];
    const group = AUXILIARY_GROUPS.find((g) => g.includes(token));
    if (group !== undefined) options = group;
    else if (/^[a-z]+$/.test(token)) options = spellingVariants(token);
    const next: string[] = [];
    for (const r of results) for (const option of options) next.push(r + option);
    results = next;
    if (results.length > MAX_VARIANTS) throw new VariantError(`"${normalised}" expands to more than ${MAX_VARIANTS} variants`);
  }
  return [...new Set(results)];
}
