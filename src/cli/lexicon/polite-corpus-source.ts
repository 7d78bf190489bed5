// The shipped corpus of polite, approved replies (lexicons/polite-corpus), as drafts to replay.
// Read leniently: each *.yaml file holds a list of replies (strings, or objects with `text`), at
// the top level or under any key, and each *.txt file one reply per line; whatever else is there
// is left to `hearken lexicon check`, which validates the corpus.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PoliteReply {
  /** `file#n`: the file and the reply's position in it, from 1. */
  ref: string;
  text: string;
}

function repliesIn(data: unknown, out: string[]): void {
  if (typeof data === 'string') { if (data.trim()) out.push(data); return; }
  if (Array.isArray(data)) { for (const item of data) repliesIn(item, out); return; }
  if (data && typeof data === 'object') {
    const { text, reply } = data as { text?: unknown; reply?: unknown };
    const own = typeof text === 'string' ? text : typeof reply === 'string' ? reply : undefined;
    if (own !== undefined) { if (own.trim()) out.push(own); return; }
    // Names, ids and locales beside the lists are not replies: only lists and objects are read on.
    for (const value of Object.values(data)) if (value && typeof value === 'object') repliesIn(value, out);
  }
}

export async function readPoliteCorpus(dir: string): Promise<PoliteReply[]> {
  const { parse } = await import('yaml');
  const replies: PoliteReply[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const texts: string[] = [];
    if (/\.ya?ml$/i.test(name)) repliesIn(parse(readFileSync(path, 'utf8')), texts);
    else if (/\.txt$/i.test(name)) texts.push(...readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line.trim() && !line.startsWith('#')));
    texts.forEach((text, i) => replies.push({ ref: `${name}#${i + 1}`, text }));
  }
  return replies;
}
