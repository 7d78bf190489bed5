/**
 * The customer's name, when they give it: English self-introductions and
 * sign-offs ("this is Priya Raman", "my name is …", "Regards, Amelia Hughes"),
 * checked with compromise so "I'm furious" is not a name; Chinese 姓X, 我叫X and
 * X先生 / X小姐 / X太 with a known surname. Someone else named in the story
 * ("the courier Dave was rude") is not the customer.
 */
import nlp from 'compromise';
import { clausesOf, escapeRegExp, matchForm, type PhraseList } from './text.js';

export interface NameWords {
  selfIntroduction: PhraseList;
  surnameCues: PhraseList;
  honorifics: readonly string[];
  /** Surnames in the matching form (Simplified), two-character ones first. */
  surnames: readonly string[];
  /** Words that make a sentence something other than a name ("ring me", "email", "thanks"). */
  notNames: PhraseList;
}

const NAME_WORD = /^[A-Z\u00C0-\u024F][\p{L}'’-]*$/u;
const NOT_A_NAME = '(#Adjective|#Adverb|#Verb|#Determiner|#Pronoun|#Preposition|#Conjunction|#Negative|#QuestionWord|#Value|#Date|#Place|#Organization)';

/**
 * A name in the message. `asked` is true when the bot has just asked for it:
 * then a bare "priya raman" or "陈太" is enough.
 */
export function findName(plain: string, form: string, words: NameWords, asked: boolean): string | undefined {
  return chineseName(plain, form, words, asked) ?? englishName(plain, form, words, asked);
}

function englishName(plain: string, form: string, words: NameWords, asked: boolean): string | undefined {
  for (const hit of words.selfIntroduction.find(form)) {
    const after = plain.slice(hit.end).replace(/^[\s:,\-–]+/u, '');
    const candidate = leadingNameWords(after, asked || /name/.test(hit.phrase));
    if (candidate) return candidate;
  }
  // "…, Priya" or "- Amelia Hughes" closing the message: a sign-off compromise knows as a person.
  const clauses = clausesOf(plain);
  const last = clauses[clauses.length - 1];
  if (last && clauses.length > 1) {
    const people = nlp(last.text).people().out('array') as string[];
    if (people.length === 1 && people[0]!.trim() === last.text.replace(/[.!]+$/u, '').trim()) return tidy(people[0]!);
  }
  if (asked) {
    // Answering "your name and a phone or e-mail": a sentence that is only a name ("Priya Raman, 07700 900461").
    for (const clause of clausesOf(plain)) {
      const rest = clause.text.replace(/\S+@\S+/gu, ' ').replace(/\+?\d[\d\s\-()]{5,}\d/gu, ' ').trim();
      if (!rest || words.notNames.has(matchForm(rest))) continue;
      const candidate = leadingNameWords(rest, true, true);
      if (candidate) return candidate;
    }
  }
  return undefined;
}

/**
 * One to three name-like words at the start of `text`. Capitalised words, or
 * any case when the customer was asked or wrote "my name is"; none that
 * compromise reads as an adjective, verb or other non-name word.
 */
function leadingNameWords(text: string, anyCase: boolean, wholeText = false): string | undefined {
  const tokens = text.split(/\s+/u).filter(Boolean);
  const picked: string[] = [];
  for (const raw of tokens) {
    const token = raw.replace(/[.,;:!?)]+$/u, '');
    if (!/^[\p{L}'’-]+$/u.test(token) || /\p{Script=Han}/u.test(token)) break;
    if (!anyCase && !NAME_WORD.test(token)) break;
    if (nlp(token).has(NOT_A_NAME) && !nlp(token).has('#Person')) break;
    if (['here', 'speaking', 'and', 'from', 'my', 'the', 'please', 'thanks'].includes(token.toLowerCase())) break;
    picked.push(token);
    if (picked.length === 3 || token !== raw) break;
  }
  if (picked.length === 0) return undefined;
  if (wholeText && picked.length !== tokens.length) return undefined;
  return tidy(picked.join(' '));
}

/** "priya raman" → "Priya Raman"; names already capitalised are kept as written. */
function tidy(name: string): string {
  return name.trim().split(/\s+/u).map((w) => (w === w.toLowerCase() ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
}

function chineseName(plain: string, form: string, words: NameWords, asked: boolean): string | undefined {
  if (!/\p{Script=Han}/u.test(form)) return undefined;
  const surname = (at: number) => words.surnames.find((s) => form.startsWith(s, at));
  // 姓王 / 我姓林 / 免贵姓欧阳: the surname, with an honorific if one follows (姓陈，陈太).
  for (const cue of words.surnameCues.find(form)) {
    const s = surname(cue.end);
    if (s) return plain.slice(cue.end, cue.end + s.length);
  }
  // Asked for it: a sentence that is only a full name ("张伟, 手机 137…", "陳大文，叫我陳先生得啦") comes first.
  if (asked) {
    for (const clause of clausesOf(form)) {
      const run = clause.text.replace(/[\x00-\x7F]+/gu, '');
      if (!/^\p{Script=Han}{2,4}$/u.test(run) || words.notNames.has(run)) continue;
      const at = clause.start + clause.text.indexOf(run);
      const s = surname(at);
      if (s && run.length > s.length && form.slice(at, at + run.length) === run) return plain.slice(at, at + run.length);
    }
  }
  // X先生 / X小姐 / X太, where X is a known surname, at the start of a sentence, after "我是", or when asked.
  const honorifics = [...words.honorifics].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const pattern = new RegExp(`(\\p{Script=Han}{1,3}?)(${honorifics})`, 'gu');
  for (const m of form.matchAll(pattern)) {
    const start = m.index;
    for (let len = Math.min(3, m[1]!.length); len >= 1; len--) {
      const at = start + m[1]!.length - len;
      const s = surname(at);
      if (!s || len > s.length + 2) continue;
      const before = form.slice(Math.max(0, at - 3), at);
      const atSentenceStart = at === 0 || /[\s，。,.!！?？；;：:]$/u.test(before);
      if (!asked && !atSentenceStart && !words.selfIntroduction.has(before)) continue;
      return plain.slice(at, start + m[0].length);
    }
  }
  // 我叫王小明 / 我是李大文: a full name that starts with a known surname.
  for (const hit of words.selfIntroduction.find(form)) {
    const s = surname(hit.end);
    if (!s) continue;
    const tail = /^\p{Script=Han}{1,2}/u.exec(form.slice(hit.end + s.length));
    const given = tail ? tail[0] : '';
    // "我是周一买的", "我是来投诉的": a date or a verb after 我是, not a given name.
    if (!given || /[的了是在来去要想买卖说到过给把被让跟和号月日天年点会]/u.test(given) || (s === '周' && /^[一二三四五六日末]/u.test(given))) continue;
    return plain.slice(hit.end, hit.end + s.length + given.length);
  }
  if (asked) {
    const bare = /^\s*(\p{Script=Han}{2,4})\s*$/u.exec(form.replace(/[\d\s+\-()@.a-z，,]+/gu, ' '));
    if (bare && surname(form.indexOf(bare[1]!))) return plain.slice(form.indexOf(bare[1]!), form.indexOf(bare[1]!) + bare[1]!.length);
  }
  return undefined;
}
