import { CardFactory, type Attachment } from 'botbuilder';
import { WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DesiredResolution, Locale } from '../../contracts/complaint.js';
import type { Emotion } from '../../contracts/triage.js';
import { checkFact, draftFacts, emptyDraft, missingFacts, prefillFromTriage, type ComplaintDraft } from '../draft.js';
import { factsFor, type Flows } from '../flows.js';
import type { ContactDetail } from '../ports.js';
import { formatDate, localeOf, ownerName, textAt, type BotServices, values } from '../services.js';
import type { Wording } from '../wording.js';
import { ASK_DIALOG, type AskOptions, type ChoiceAnswer, type ChoiceSpec, type Expectation } from './ask.js';
import { CancelAndHelpDialog, type RestartOptions } from './cancel-and-help.js';
import { sendClosingMessage } from '../closing-message.js';
import { HANDOFF_DIALOG } from './handoff.js';
import { LISTEN_DIALOG, ListenDialog, type ListenResult } from './listen.js';

export const LODGE_DIALOG = 'lodgeComplaint';
const LODGE_STEPS = 'lodgeComplaint.steps';
const COLLECT_FACTS = 'lodgeComplaint.collectFacts';
const READ_BACK = 'lodgeComplaint.readBack';
const RECORD = 'lodgeComplaint.record';

export interface LodgeOptions extends RestartOptions {
  /** Messages already sent at the menu: the customer started telling before choosing. */
  initial?: string[];
}
export interface LodgeResult { complaintId: string }

interface FactsStepOptions { draft: ComplaintDraft; keys: string[] }

/**
 * Takes a complaint: listen → empathise → collect what is missing → read back
 * with corrections → desired resolution → record, and tell id, owner and date.
 * An escalation signal in the story hands over to a person at once instead.
 */
export class LodgeDialog extends CancelAndHelpDialog {
  constructor(services: BotServices) {
    super(LODGE_DIALOG, services);
    this.addDialog(new ListenDialog(services));
    this.addDialog(new WaterfallDialog(LODGE_STEPS, [
      this.listen.bind(this),
      this.empathise.bind(this),
      this.collectMissingFacts.bind(this),
      this.readBack.bind(this),
      this.askDesiredResolution.bind(this),
      this.askResolutionDetail.bind(this),
      this.record.bind(this),
      this.finish.bind(this),
    ]));
    this.addDialog(new WaterfallDialog(COLLECT_FACTS, [this.askNextFact.bind(this), this.storeFact.bind(this)]));
    this.addDialog(new WaterfallDialog(READ_BACK, [this.showSummary.bind(this), this.pickCorrection.bind(this), this.storeCorrection.bind(this)]));
    this.addDialog(new WaterfallDialog(RECORD, [this.tryRecord.bind(this), this.retryRecord.bind(this)]));
    this.initialDialogId = LODGE_STEPS;
  }

  private async listen(step: WaterfallStepContext<LodgeOptions>): Promise<DialogTurnResult> {
    const initial = step.options?.restarted ? [] : step.options?.initial ?? [];
    return step.beginDialog(LISTEN_DIALOG, { initial });
  }

  private async empathise(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { messages } = step.result as ListenResult;
    const story = messages.join('\n');
    const triage = this.services.triage(story);
    const keys = factsFor(this.services.flows, triage.category.label);
    const draft = prefillFromTriage({ ...emptyDraft(), story }, triage, keys, this.services.flows);
    values(step).draft = draft;
    const locale = await localeOf(step.context, this.services);
    const wording = this.services.wording[locale];
    const lines = [empathyLine(wording, this.services.flows, triage.emotion), wording.empathy.apology];
    // A major complaint gets the same acknowledgement, then goes to a person at once.
    if (triage.escalate.value) {
      await step.context.sendActivity(joinSentences(lines, locale));
      return step.replaceDialog(HANDOFF_DIALOG, { reason: 'escalation', draft });
    }
    if (missingFacts(draft, keys).length > 0) lines.push(wording.empathy.next);
    await step.context.sendActivity(joinSentences(lines, locale));
    return step.next();
  }

  private async collectMissingFacts(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = values(step).draft as ComplaintDraft;
    const keys = factsFor(this.services.flows, draft.triage!.category.label);
    return step.beginDialog(COLLECT_FACTS, { draft, keys } satisfies FactsStepOptions);
  }

  private async askNextFact(step: WaterfallStepContext<FactsStepOptions>): Promise<DialogTurnResult> {
    const { draft, keys } = step.options;
    values(step).draft = draft;
    const key = missingFacts(draft, keys)[0];
    if (key === undefined) return step.endDialog(draft);
    values(step).key = key;
    return step.beginDialog(ASK_DIALOG, this.factQuestion(key, `facts.${key}.ask`));
  }

  private async storeFact(step: WaterfallStepContext<FactsStepOptions>): Promise<DialogTurnResult> {
    const draft = withFact(step.options.draft, values(step).key as string, step.result);
    return step.replaceDialog(COLLECT_FACTS, { draft, keys: step.options.keys } satisfies FactsStepOptions);
  }

  private async readBack(step: WaterfallStepContext): Promise<DialogTurnResult> {
    values(step).draft = step.result as ComplaintDraft;
    return step.beginDialog(READ_BACK, { draft: values(step).draft });
  }

  private async showSummary(step: WaterfallStepContext<{ draft: ComplaintDraft }>): Promise<DialogTurnResult> {
    const { draft } = step.options;
    values(step).draft = draft;
    const wording = this.services.wording[await localeOf(step.context, this.services)];
    await step.context.sendActivity({ attachments: [summaryCard(draft, wording)] });
    const choices: ChoiceSpec[] = [
      { key: 'confirm', path: 'readback.confirm' },
      ...Object.keys(draft.facts).map((key) => ({ key, template: 'readback.change', labelPath: `facts.${key}.label` })),
      { key: 'contact', template: 'readback.change', labelPath: 'facts.contact.label' },
    ];
    return step.beginDialog(ASK_DIALOG, {
      prompt: 'readback.intro', retry: 'readback.whichRetry', expect: { kind: 'choice', choices },
    } satisfies AskOptions);
  }

  private async pickCorrection(step: WaterfallStepContext<{ draft: ComplaintDraft }>): Promise<DialogTurnResult> {
    const picked = (step.result as ChoiceAnswer).choice!;
    if (picked === 'confirm') return step.endDialog(step.options.draft);
    values(step).key = picked;
    return step.beginDialog(ASK_DIALOG, { ...this.factQuestion(picked, 'readback.newValue'), varPaths: { label: `facts.${picked}.label` } });
  }

  private async storeCorrection(step: WaterfallStepContext<{ draft: ComplaintDraft }>): Promise<DialogTurnResult> {
    const key = values(step).key as string;
    const draft = withFact(step.options.draft, key, step.result);
    draft.prefilled = draft.prefilled.filter((k) => k !== key);
    const wording = this.services.wording[await localeOf(step.context, this.services)];
    await step.context.sendActivity(wording.readback.updated);
    return step.replaceDialog(READ_BACK, { draft });
  }

  private async askDesiredResolution(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = step.result as ComplaintDraft;
    values(step).draft = draft;
    const order = resolutionOrder(this.services.flows, draft);
    return step.beginDialog(ASK_DIALOG, {
      prompt: 'resolution.ask', retry: 'resolution.retry',
      expect: { kind: 'choice', loose: true, choices: order.map((key) => ({ key, path: `resolution.choices.${key}` })) },
    } satisfies AskOptions);
  }

  private async askResolutionDetail(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = values(step).draft as ComplaintDraft;
    draft.desired = (step.result as ChoiceAnswer).choice as DesiredResolution;
    if (draft.desired !== 'other') return step.next();
    return step.beginDialog(ASK_DIALOG, {
      prompt: 'resolution.other', retry: 'resolution.other', expect: { kind: 'free_text', minLength: 2 },
    } satisfies AskOptions);
  }

  private async record(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = values(step).draft as ComplaintDraft;
    if (typeof step.result === 'string') draft.desiredDetail = step.result;
    return step.beginDialog(RECORD, { draft });
  }

  private async tryRecord(step: WaterfallStepContext<{ draft: ComplaintDraft }>): Promise<DialogTurnResult> {
    const { draft } = step.options;
    values(step).draft = draft;
    const locale = await localeOf(step.context, this.services);
    const wording = this.services.wording[locale];
    try {
      const lodged = await this.services.desk.lodge({
        locale,
        story: draft.story,
        triage: draft.triage!,
        facts: draftFacts(draft),
        contact: draft.contact!,
        desiredResolution: draft.desired!,
        ...(draft.desiredDetail ? { desiredResolutionDetail: draft.desiredDetail } : {}),
        conversationId: step.context.activity.conversation.id,
      });
      await sendClosingMessage(step.context, this.services, {
        complaintId: lodged.id, promisedBy: lodged.replyBy, kind: 'lodged',
        text: textAt(wording, 'record.done', {
          id: lodged.id,
          owner: ownerName(lodged.owner, wording),
          date: formatDate(lodged.replyBy, locale, this.services.timeZone),
        }),
      });
      return step.endDialog({ complaintId: lodged.id } satisfies LodgeResult);
    } catch (error) {
      this.services.logger.error('recording a complaint failed; the draft is kept and the customer can retry', {
        conversationId: step.context.activity.conversation.id, error: (error as Error).message,
      });
      return step.beginDialog(ASK_DIALOG, {
        prompt: 'record.failed', retry: 'record.failed', expect: { kind: 'choice', choices: [{ key: 'retry', path: 'record.retry' }] },
      } satisfies AskOptions);
    }
  }

  private async retryRecord(step: WaterfallStepContext<{ draft: ComplaintDraft }>): Promise<DialogTurnResult> {
    return step.replaceDialog(RECORD, { draft: step.options.draft });
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }

  private factQuestion(key: string, prompt: string): AskOptions {
    return { prompt, retry: `facts.${key}.retry`, expect: expectationFor(this.services.flows, key) };
  }
}

function expectationFor(flows: Flows, key: string): Expectation {
  if (key === 'contact') return { kind: 'contact' };
  const rule = flows.facts[key];
  if (!rule) return { kind: 'free_text' };
  if (rule.kind === 'free_text') return { kind: 'free_text', minLength: rule.minLength ?? 1 };
  return { kind: rule.kind };
}

function withFact(draft: ComplaintDraft, key: string, answer: unknown): ComplaintDraft {
  if (key === 'contact') return { ...draft, contact: answer as ContactDetail };
  return { ...draft, facts: { ...draft.facts, [key]: String(answer) } };
}

/** The triage guess first, then the usual order; "other" always stays last. */
export function resolutionOrder(flows: Flows, draft: ComplaintDraft): DesiredResolution[] {
  const guess = draft.triage?.intent.label;
  const order = [...flows.resolutions];
  if (!guess || guess === 'unspecified' || !order.includes(guess)) return order;
  return [guess, ...order.filter((r) => r !== guess)];
}

/** Empathy in proportion: the emotion picks the words, the intensity how strong they are. */
export function empathyLine(wording: Wording, flows: Flows, emotion: Emotion): string {
  const band = emotion.intensity >= flows.empathy.high ? 'high' : emotion.intensity >= flows.empathy.mid ? 'mid' : 'low';
  return wording.empathy[emotion.label][band];
}

function joinSentences(lines: string[], locale: Locale): string {
  return lines.join(locale === 'en' ? ' ' : '');
}

/**
 * The read-back card. Fact values are the customer's own words and sit in a
 * FactSet, which the send-side guard deliberately skips (it checks the bot's
 * phrasing, not quotes of the customer).
 */
export function summaryCard(draft: ComplaintDraft, wording: Wording): Attachment {
  const facts = [
    { title: wording.readback.story, value: draft.story.length > 600 ? `${draft.story.slice(0, 600)}…` : draft.story },
    ...Object.entries(draft.facts).map(([key, value]) => ({ title: wording.facts[key]?.label ?? key, value })),
    ...(draft.contact ? [{ title: wording.facts.contact!.label, value: draft.contact.value }] : []),
  ];
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.3',
    body: [
      { type: 'TextBlock', text: wording.readback.title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts },
    ],
  });
}
