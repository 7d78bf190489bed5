// The gate every guard passes before it goes live (`hearken lexicon check`, the server's start and hot
// reload): it must block none of the bot's own messages and none of a corpus of polite, approved agent
// replies. An over-broad phrase ("what would you like to do") passes every self-test of its own rule, yet
// would silently drop the bot's greeting for every customer; this is where such an edit is stopped, with
// the wording key or the corpus line and the rule named. Pure: the edge reads the texts.
import type { Guard } from './guard.js';
import type { DataProblem } from '../contracts/data-file.js';

/** Where a text was written: file, 1-based line and column. */
export interface TextPlace { file: string; line: number; column: number }

/** One message the bot sends, as a customer reads it (placeholders filled with sample values). */
export interface BotMessage extends TextPlace {
  /** The wording key, e.g. greeting.choose. */
  key: string;
  locale: string;
  text: string;
}

/** One polite reply of the breadth corpus. */
export interface PoliteReply extends TextPlace {
  lang: string;
  /** The corpus section (a trade, or resembling-forbidden for hard negatives). */
  section: string;
  text: string;
}

export interface GoLiveTexts {
  botMessages: readonly BotMessage[];
  politeReplies: readonly PoliteReply[];
}

export interface GoLiveReport {
  /** One per blocking finding, located at the lexicon entry that blocked (what the supervisor edits). */
  errors: DataProblem[];
  botMessages: number;
  politeReplies: number;
}

/** `lexicons/guard/en.yaml:81` → its file and line, with the column of the line's first entry when the text is known. */
function placeOfSource(source: string, texts: ReadonlyMap<string, string>): { file: string; line: number; column: number } {
  const m = /^(.*):(\d+)$/.exec(source);
  if (!m) return { file: source, line: 1, column: 1 };
  const line = Number(m[2]);
  const text = texts.get(m[1]!)?.split('\n')[line - 1];
  const column = text === undefined ? 1 : (/^(\s*(?:-\s+)?)/.exec(text)?.[1]?.length ?? 0) + 1;
  return { file: m[1]!, line, column };
}

const quote = (text: string, max = 120) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;

/**
 * Lints every bot message and polite reply with `guard`; each block becomes an error at the lexicon
 * line of the phrase that blocked, naming the rule, the wording key (or corpus line) and the words.
 * `lexiconTexts` (path → text of the lexicon files) only sharpens the column.
 */
export function goLiveCheck(guard: Guard, texts: GoLiveTexts, lexiconTexts: ReadonlyMap<string, string> = new Map()): GoLiveReport {
  const errors: DataProblem[] = [];
  const blockers = (text: string) => guard.lint(text).findings.filter((f) => f.severity === 'error');
  for (const message of texts.botMessages) {
    for (const f of blockers(message.text)) {
      errors.push({
        ...placeOfSource(f.source, lexiconTexts), ruleId: f.ruleId,
        message: `would block the bot's own message ${message.key} (${message.locale}, ${message.file}:${message.line}:${message.column}) at ${quote(f.actual)}: ${quote(message.text)}; every customer would miss it. Narrow the phrase, or add the bot's words to the rule's \`unless\``,
      });
    }
  }
  for (const reply of texts.politeReplies) {
    for (const f of blockers(reply.text)) {
      errors.push({
        ...placeOfSource(f.source, lexiconTexts), ruleId: f.ruleId,
        message: `would block a polite, approved reply of the breadth corpus (${reply.lang}, ${reply.section}, ${reply.file}:${reply.line}:${reply.column}) at ${quote(f.actual)}: ${quote(reply.text)}. The phrase is too broad; narrow it or add an \`unless\``,
      });
    }
  }
  return { errors, botMessages: texts.botMessages.length, politeReplies: texts.politeReplies.length };
}
