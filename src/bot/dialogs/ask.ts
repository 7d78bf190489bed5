import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { ContactDetail } from '../ports.js';
import type { Wording } from '../wording.js';
import {
  findComplaintId, isWholePhrase, containsPhrase, parseBillPeriod, parseContact, parseOrderNumber, parseScore,
} from '../recognizers.js';
import { allWordings, choiceAt, wordingOf, textAt, wordAt, withButtons, type BotServices, type WordPath } from '../services.js';

export const ASK_DIALOG = 'ask';

export type Expectation =
  | { kind: 'free_text'; minLength?: number }
  | { kind: 'order_number' }
  | { kind: 'bill_period' }
  | { kind: 'contact' }
  | { kind: 'complaint_id' }
  | { kind: 'score' }
  /**
   * `freeText: true` returns `{ choice: null, text }` for anything that matches no choice instead of re-prompting.
   * `loose: true` also accepts a synonym inside a sentence ("I'd like a refund"); only for questions where
   * every answer is a choice, never for yes/no (where "yes, but the address is wrong" is not a yes).
   */
  | { kind: 'choice'; choices: ChoiceSpec[]; freeText?: boolean; loose?: boolean; freeTextMinLetters?: number };

/**
 * A button: either a choice in the wording file (label + synonyms), or a
 * template such as "Change: {label}" whose {label} is another wording path;
 * the customer may then also type just that label.
 */
export type ChoiceSpec = { key: string; path: WordPath } | { key: string; template: WordPath; labelPath: WordPath };

export interface AskOptions {
  prompt: WordPath;
  retry: WordPath;
  vars?: Record<string, string>;
  /** Placeholders filled from other wording paths, in the language of the moment. */
  varPaths?: Record<string, WordPath>;
  expect: Expectation;
  /** A wording path to a list of button labels (e.g. the 1–5 score labels). */
  buttons?: WordPath;
}

export interface ChoiceAnswer { choice: string | null; text: string }
export type AskAnswer = string | number | ContactDetail | ChoiceAnswer;

interface AskState { options: AskOptions; attempts: number }

/**
 * Asks one question and re-prompts until the answer is valid. Unlike the SDK's
 * prompts, the question and the re-prompt are rendered when they are sent, so
 * a customer who switches language mid-question gets the re-prompt in the new one.
 */
export class AskDialog extends Dialog<AskOptions> {
  constructor(private readonly services: BotServices) {
    super(ASK_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: AskOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('AskDialog needs options: { prompt, retry, expect }');
    const state: AskState = { options, attempts: 0 };
    dc.activeDialog!.state = state;
    await this.send(dc, options.prompt, options);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    // Events (a listen-pause timer firing late, typing) are not answers.
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state as AskState;
    const answer = await this.recognize(dc, state.options.expect, dc.context.activity.text ?? '');
    if (answer !== null) return dc.endDialog(answer);
    state.attempts++;
    await this.send(dc, state.options.retry, state.options);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: DialogContext['context'], instance: { state: unknown }): Promise<void> {
    const state = instance.state as AskState;
    const wording = await wordingOf(context, this.services);
    await context.sendActivity(withButtons(textAt(wording, state.options.prompt, varsFor(wording, state.options)), this.labels(wording, state.options)));
  }

  private async send(dc: DialogContext, path: WordPath, options: AskOptions): Promise<void> {
    const wording = await wordingOf(dc.context, this.services);
    await dc.context.sendActivity(withButtons(textAt(wording, path, varsFor(wording, options)), this.labels(wording, options)));
  }

  private labels(wording: Wording, options: AskOptions): string[] {
    if (options.buttons) return wordAt(wording, options.buttons) as string[];
    if (options.expect.kind === 'choice') return options.expect.choices.map((c) => choicePhrases(wording, c)[0]!);
    return [];
  }

  private async recognize(dc: DialogContext, expect: Expectation, text: string): Promise<AskAnswer | null> {
    const trimmed = text.trim();
    switch (expect.kind) {
      case 'free_text':
        return trimmed.length >= (expect.minLength ?? 1) ? trimmed : null;
      case 'order_number':
        return parseOrderNumber(trimmed, this.services.flows.orderNumberPattern);
      case 'bill_period':
        return parseBillPeriod(trimmed);
      case 'contact':
        return parseContact(trimmed);
      case 'complaint_id':
        return findComplaintId(trimmed);
      case 'score':
        return parseScore(trimmed);
      case 'choice': {
        const current = await wordingOf(dc.context, this.services);
        const wordings = [current, ...allWordings(this.services).filter((w) => w !== current)];
        // Exact label or synonym first (any language), then a synonym inside a longer sentence.
        for (const wording of wordings) {
          for (const c of expect.choices) {
            if (isWholePhrase(trimmed, choicePhrases(wording, c))) return { choice: c.key, text: trimmed };
          }
        }
        if (expect.loose) {
          for (const c of expect.choices) {
            if ('path' in c && containsPhrase(trimmed, choiceAt(current, c.path).synonyms)) return { choice: c.key, text: trimmed };
          }
        }
        const letters = (trimmed.match(/\p{L}/gu) ?? []).length;
        return expect.freeText && trimmed.length > 0 && letters >= (expect.freeTextMinLetters ?? 0) ? { choice: null, text: trimmed } : null;
      }
    }
  }
}

/** The message is exactly one of the question's buttons or their synonyms (in any wording): an answer, never an interruption. */
export function isOneOfTheChoices(services: BotServices, options: AskOptions, text: string): boolean {
  if (options.expect.kind !== 'choice') return false;
  const { choices } = options.expect;
  return allWordings(services).some((wording) => choices.some((c) => isWholePhrase(text, choicePhrases(wording, c))));
}

/** The button label first, then every other way to say it. */
function choicePhrases(wording: Wording, c: ChoiceSpec): string[] {
  if ('path' in c) {
    const w = choiceAt(wording, c.path);
    return [w.label, ...w.synonyms];
  }
  const label = textAt(wording, c.labelPath);
  return [textAt(wording, c.template, { label }), label];
}

function varsFor(wording: Wording, options: AskOptions): Record<string, string> {
  const vars = { ...(options.vars ?? {}) };
  for (const [name, path] of Object.entries(options.varPaths ?? {})) vars[name] = textAt(wording, path);
  return vars;
}

export const isChoiceAnswer = (value: unknown): value is ChoiceAnswer =>
  typeof value === 'object' && value !== null && 'choice' in value && 'text' in value;
