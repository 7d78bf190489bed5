// Reads what the go-live gate (src/guard/goLiveGate.ts) lints a guard against: every message of the
// bot's wording (dialogs/wording/*.yaml, placeholders filled, button synonyms left out since customers
// type those), the Hong Kong wording derived from it (zh-Hant-HK.yaml's replacements), and the polite
// corpus (<lexicons>/polite-corpus/*.yaml), each with its file:line:col.
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { z } from 'zod';
import { loadWording, loadWordingVariants, LOCALES, withSampleValues, wordingStrings } from '../bot/wording.js';
import { DataFileError, parseDataFile, type DataProblem } from '../contracts/data-file.js';
import type { BotMessage, GoLiveTexts, PoliteReply } from '../guard/goLiveGate.js';
import { readDataFile } from './data-files.js';
import { packageRoot } from './package-root.js';

/** The fewest replies a corpus must hold to say anything about a phrase's breadth. */
export const MIN_POLITE_REPLIES = 300;

/** Paths read like `dialogs/wording/en.yaml` inside the package, absolute elsewhere. */
function shown(path: string): string {
  const rel = relative(packageRoot(), path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split('\\').join('/');
}

/** The package's dialogs/ folder: the wording the server's bot speaks. */
export const shippedDialogsDir = (): string => join(packageRoot(), 'dialogs');

/** The locale the Hong Kong wording is named by in the gate's messages. */
export const HONG_KONG_WORDING = 'zh-Hant-HK';

/**
 * Every message the bot can send, with its wording key and place, as a customer reads it: each
 * language's wording, and the Hong Kong wording where its words differ from the Traditional (placed
 * at the Traditional key it is made from, since that is the text the replacements rewrote).
 */
export function readBotMessages(dialogsDir: string = shippedDialogsDir()): BotMessage[] {
  let loaded;
  let hongKong;
  try {
    loaded = loadWording(dialogsDir, []);
    hongKong = loadWordingVariants(dialogsDir, loaded.book).hongKong;
  } catch (error) {
    if (error instanceof DataFileError) throw new DataFileError(error.problems.map((p) => ({ ...p, file: shown(p.file) })));
    throw error;
  }
  const { files } = loaded;
  const messages: BotMessage[] = [];
  for (const locale of LOCALES) {
    const located = files[locale];
    for (const { path, text } of wordingStrings(located.data)) {
      if (path.includes('synonyms')) continue;
      messages.push({ file: shown(located.file), ...located.locate(path), key: path.join('.'), locale, text: withSampleValues(text) });
    }
  }
  const traditional = files['zh-Hant'];
  const traditionalText = new Map(wordingStrings(traditional.data).map((s) => [s.path.join('.'), s.text]));
  for (const { path, text } of wordingStrings(hongKong)) {
    // The same words as the Traditional message are linted once, above.
    if (path.includes('synonyms') || traditionalText.get(path.join('.')) === text) continue;
    messages.push({ file: shown(traditional.file), ...traditional.locate(path), key: path.join('.'), locale: HONG_KONG_WORDING, text: withSampleValues(text) });
  }
  return messages;
}

const replyText = z.string().trim().min(1, 'must not be empty').max(2000, 'is longer than 2,000 characters; a reply is a few sentences');
export const PoliteCorpusFileSchema = z.object({
  lang: z.enum(['en', 'zh-Hans', 'zh-Hant']),
  replies: z.record(z.string().min(1), z.array(replyText).min(1, 'a section needs at least one reply')),
}).strict();

/** Every reply of the polite corpus in `dir` (*.yaml), located; throws DataFileError on a bad file. */
export function readPoliteCorpus(dir: string): PoliteReply[] {
  if (!existsSync(dir)) throw new DataFileError([{ file: shown(dir), line: 1, column: 1, message: 'no polite corpus folder; copy polite-corpus/ from the package\'s lexicons/' }]);
  const errors: DataProblem[] = [];
  const replies: PoliteReply[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()) {
    const file = shown(join(dir, name));
    let located;
    try { located = parseDataFile(file, readDataFile(join(dir, name)), PoliteCorpusFileSchema); } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      errors.push(...error.problems.map((p) => ({ ...p, file: shown(p.file) })));
      continue;
    }
    for (const [section, list] of Object.entries(located.data.replies)) {
      list.forEach((text, k) => replies.push({ file, ...located.locate(['replies', section, k]), lang: located.data.lang, section, text }));
    }
  }
  if (errors.length === 0 && replies.length < MIN_POLITE_REPLIES) {
    errors.push({ file: shown(dir), line: 1, column: 1, message: `the polite corpus holds ${replies.length} replies; the breadth check needs at least ${MIN_POLITE_REPLIES} (copy the package's polite-corpus/ and add yours)` });
  }
  if (errors.length > 0) throw new DataFileError(errors);
  return replies;
}

/** Both kinds of text the gate lints: the bot's messages and the polite corpus of a lexicon folder. */
export function readGoLiveTexts(politeCorpusDir: string, dialogsDir: string = shippedDialogsDir()): GoLiveTexts {
  return { botMessages: readBotMessages(dialogsDir), politeReplies: readPoliteCorpus(politeCorpusDir) };
}
