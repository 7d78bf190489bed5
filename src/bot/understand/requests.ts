/**
 * Requests anywhere in a message, checked before the message is taken as an
 * answer: a person, cancel, start over, help; a polite closing ("thanks, bye");
 * "I don't have one"; and the end of a story ("That's everything, thank you.").
 */
import { clausesOf, hasHan, stripCourtesy, type PhraseList } from './text.js';

/** Longer sentences that name a person without a request frame are telling, not asking. */
const SHORT_REQUEST_WORDS = 8;
const SHORT_REQUEST_HAN = 12;

export type RequestKind = 'human' | 'cancel' | 'startOver' | 'help';

export interface RequestWords {
  courtesy: PhraseList;
  frames: PhraseList;
  person: PhraseList;
  personWeak: PhraseList;
  personVerbs: PhraseList;
  /** Whole-clause phrases (flows.yaml's whole-message lists and understanding.yaml's). */
  human: PhraseList;
  cancel: PhraseList;
  /** Cancels that also open a sentence that goes on ("算了，…", "forget it, …"). */
  cancelWeak: PhraseList;
  startOver: PhraseList;
  help: PhraseList;
  closings: PhraseList;
  /** "but", "还有": a message that opens with "no" goes on to something new. */
  moreToSay: PhraseList;
  noValue: PhraseList;
  skip: PhraseList;
}

/**
 * The request in a message, if any (a person first, then start over, cancel, help).
 * `listening`: mid-story, where "I asked to talk to a person and they refused" is
 * story; there a request must be made, not reported: a request frame or verb must
 * open its sentence, and cancel must be all the message says.
 */
export function findRequest(form: string, words: RequestWords, listening: boolean): RequestKind | null {
  const clauses = clausesOf(form).map((c) => ({ raw: c.text, bare: stripCourtesy(c.text, words.courtesy) }));
  const said = clauses.filter((c) => c.bare.length > 0);
  const whole = stripCourtesy(form, words.courtesy);
  if (said.some((c) => asksForPerson(c.raw, c.bare, words, listening, said.length === 1))) return 'human';
  const isAll = (list: PhraseList) => words.human.isWhole(whole) ? false : list.isWhole(whole) || list.isWhole(form.trim());
  // "can we start over?", "重新来吧": a sentence of its own, asked; mid-story only as the last sentence.
  const startOverClause = (c: { raw: string; bare: string }) => words.startOver.isWhole(c.bare) || words.startOver.isWhole(c.raw)
    || words.startOver.isWhole(withoutLeadingFrame(c.bare, words.frames));
  const last = said[said.length - 1];
  if (isAll(words.startOver) || (!listening && said.some(startOverClause)) || (listening && last && startOverClause(last))) return 'startOver';
  const cancelClause = (c: { raw: string; bare: string }) => words.cancel.isWhole(c.bare) || words.cancel.isWhole(c.raw);
  // A goodbye beside a cancel ("cancel it, thanks bye") says nothing more.
  const closingClause = (c: { raw: string; bare: string }) => words.closings.isWhole(c.bare) || words.closings.isWhole(c.raw);
  if (isAll(words.cancel)) return 'cancel';
  // "actually, cancel. I'll call instead": every sentence is a cancel or a courtesy. A message that goes on
  // after "算了" / "forget it" to ask or complain ("算了，你们根本不管") wants something, and is never a cancel.
  if (said.some(cancelClause) && said.every((c) => cancelClause(c) || closingClause(c))) return 'cancel';
  // "算了，不用了，我自己再买，取消吧": a sentence that is "cancel" itself, said at a question, cancels whatever else is said.
  const weak = (c: { raw: string; bare: string }) => words.cancelWeak.isWhole(c.bare) || words.cancelWeak.isWhole(c.raw);
  if (!listening && said.some((c) => cancelClause(c) && !weak(c))) return 'cancel';
  if (words.help.isWhole(whole) || words.help.isWhole(form.trim())) return 'help';
  return null;
}

/** The clause without a request frame at its start ("can we start over" → "start over"). */
function withoutLeadingFrame(bare: string, frames: PhraseList): string {
  const first = frames.find(bare)[0];
  return first && first.start === 0 ? bare.slice(first.end).trim() : bare;
}

function asksForPerson(raw: string, bare: string, words: RequestWords, listening: boolean, onlyClause: boolean): boolean {
  // "Talk to a human", "人工": the whole clause names a person (mid-story only as the whole message).
  // Mid-story, among other sentences, it still counts when it opens with the request ("…，帮我转人工").
  if ((words.human.isWhole(bare) || words.human.isWhole(raw)) && (!listening || onlyClause)) return true;
  const strong = words.person.find(bare);
  const weak = words.personWeak.find(bare);
  if (strong.length === 0 && weak.length === 0) return false;
  const verbs = words.personVerbs.find(bare);
  // "talk to a manager now", "主管呢": a short sentence is a request; a long one tells what someone did.
  const short = hasHan(bare) ? [...bare].length <= SHORT_REQUEST_HAN : bare.split(/\s+/u).length <= SHORT_REQUEST_WORDS;
  // A Chinese person word opening a short sentence calls for them ("经理来一下"); opening a long one it is
  // the subject of the story ("经理当着其他顾客的面对我冷嘲热讽").
  const opensWithRequest = words.frames.find(raw).some((f) => f.start === 0) || words.frames.find(bare).some((f) => f.start === 0)
    || verbs.some((v) => v.start === 0) || (short && strong.some((p) => p.start === 0 && hasHan(p.phrase)));
  const verbBefore = (p: { start: number }) => verbs.some((v) => v.end <= p.start && p.start - v.end <= (hasHan(bare) ? 3 : 12));
  if (listening && !opensWithRequest) return false;
  // "这个问题你们能不能转人工啊", "so could I maybe speak to a manager": a request frame later in the sentence, with
  // the verb of asking right at the person ("转人工"); without the verb ("我想投诉你们经理") it is not a request.
  const frames = words.frames.find(bare);
  const frameBefore = (p: { start: number }) => frames.some((f) => f.end <= p.start && p.start - f.end <= (hasHan(bare) ? 6 : 20));
  const verbAt = (p: { start: number }) => verbs.some((v) => v.start === p.start) || verbBefore(p);
  if (strong.some((p) => frameBefore(p) && verbAt(p))) return true;
  if (strong.some((p) => opensWithRequest || (verbBefore(p) && short))) return true;
  return weak.some((p) => verbBefore(p) && opensWithRequest);
}

/** A polite ending and nothing else: every sentence is a closing or a courtesy ("thanks, bye", "no that's all, thank you"). */
export function isClosing(form: string, words: RequestWords): boolean {
  const clauses = clausesOf(form);
  if (clauses.length === 0) return false;
  return clauses.every((c) => {
    const bare = stripCourtesy(c.text, words.courtesy);
    return bare.length === 0 || words.closings.isWhole(bare) || words.closings.isWhole(c.text);
  });
}

/** Longest reply after an opening "no" that still reads as a goodbye ("no, I just want it fixed"). */
const GOODBYE_REST_WORDS = 10;
const GOODBYE_REST_HAN = 18;

/**
 * A goodbye to "anything else?": a polite ending, or a message that opens with
 * one ("no, I just want it fixed", "沒有，麻煩你們快點") and says nothing new: short,
 * with no "but" / "还有".
 */
export function isGoodbyeToMore(form: string, words: RequestWords): boolean {
  if (isClosing(form, words)) return true;
  const clauses = clausesOf(form);
  const isClosingClause = (c: { text: string }) => {
    const bare = stripCourtesy(c.text, words.courtesy);
    return words.closings.isWhole(bare) || words.closings.isWhole(c.text);
  };
  // "No, that's all. I've unplugged it…": every closing that opens the message, then what follows.
  let lead = 0;
  while (lead < clauses.length && isClosingClause(clauses[lead]!)) lead++;
  if (lead === 0 || lead === clauses.length) return false;
  const rest = form.slice(clauses[lead - 1]!.end).replace(/^[\s\p{P}\p{S}]+/u, '');
  if (words.moreToSay.has(rest)) return false;
  return hasHan(rest) ? [...rest.replace(/[\s\p{P}\p{S}]/gu, '')].length <= GOODBYE_REST_HAN : rest.trim().split(/\s+/u).length <= GOODBYE_REST_WORDS;
}

/** "I don't have an order number", "不知道": nothing to give for the question just asked. */
export function saysNoValue(form: string, words: RequestWords): boolean {
  return words.noValue.has(form);
}

/** "skip", "跳过": the whole message, once courtesy is taken off. */
export function saysSkip(form: string, words: RequestWords): boolean {
  const bare = stripCourtesy(form, words.courtesy);
  return words.skip.isWhole(bare) || words.skip.isWhole(form.trim());
}
