import { CardFactory, type Attachment, type TurnContext } from 'botbuilder';
import { WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DesiredResolution, Locale } from '../../contracts/complaint.js';
import type { FeedbackKind } from '../../contracts/feedback.js';
import type { EscalationReason, MotiveLabel, TriageResult } from '../../contracts/triage.js';
import {
  absorb, draftFacts, emptyDraft, gaveOtherDetail, INCIDENT_DATE, missingFacts, prefillFromTriage, PURCHASE, type ComplaintDraft,
} from '../draft.js';
import { factsFor, type Flows } from '../flows.js';
import { CUSTOMER_WORDS_ID } from '../guard-middleware.js';
import { formatDate, formatDay, joinSentences, localeOf, ownerName, textAt, understood, wordingOf, type BotServices, values } from '../services.js';
import type { AskedFor, Understanding } from '../understand/index.js';
import { parseBillPeriod } from '../recognizers.js';
import type { Wording } from '../wording.js';
import { ASK_DIALOG, type AskOptions, type ChoiceAnswer, type ChoiceSpec } from './ask.js';
import { CancelAndHelpDialog, type RestartOptions } from './cancel-and-help.js';
import { sendClosingMessage } from '../closing-message.js';
import { HANDOFF_DIALOG, type HandoffOptions } from './handoff.js';
import { isListenResult, LISTEN_DIALOG, ListenDialog, type ListenOptions, type ListenResult } from './listen.js';

export const LODGE_DIALOG = 'lodgeComplaint';
const LODGE_STEPS = 'lodgeComplaint.steps';
const COLLECT_FACTS = 'lodgeComplaint.collectFacts';
const WITHOUT_ORDER = 'lodgeComplaint.withoutOrder';
const READ_BACK = 'lodgeComplaint.readBack';
const WANTED = 'lodgeComplaint.wanted';
const RECORD = 'lodgeComplaint.record';

export interface LodgeOptions extends RestartOptions {
  /** Messages already sent at the menu: the customer started telling before choosing. */
  initial?: string[];
}
export interface LodgeResult { complaintId: string }

interface FactsStepOptions {
  draft: ComplaintDraft;
  keys: string[];
  /** The fact just asked for and not given: ask it again with its retry wording. */
  retry?: string;
}

interface WantedOptions {
  draft: ComplaintDraft;
  /** resolution.ask after the read-back; resolution.askEarly right after the empathy. */
  prompt: 'resolution.ask' | 'resolution.askEarly';
}

interface ReadBackOptions {
  draft: ComplaintDraft;
  /** The last answer was neither a yes nor a correction: ask which item, without the card again. */
  unclear?: boolean;
  /** The new value for this item did not pass its check: ask for it again with its retry wording. */
  correcting?: string;
}

/** The read-back's extra items beside the facts: the contact, the name and what they want. */
const CONTACT = 'contact';
const NAME = 'name';
const OUTCOME = 'outcome';

/**
 * Takes a complaint: listen → empathise → collect what is missing → read back
 * with corrections → desired resolution (unless they said it) → record, and
 * tell id, owner, date and what they asked for. Every answer is read whole by
 * the understanding step: a message with an order number and a phone number
 * fills both, "not X, it's Y" keeps Y. An escalation signal in the story hands
 * over to a person at once instead. Triage's motive shapes the way through:
 * a customer who came to vent is invited to say more before any question, one
 * who wants to be made whole is offered the resolutions right after the
 * empathy, and a suggestion or praise is thanked and recorded as feedback
 * instead of becoming a complaint.
 */
export class LodgeDialog extends CancelAndHelpDialog {
  constructor(services: BotServices) {
    super(LODGE_DIALOG, services);
    this.addDialog(new ListenDialog(services));
    this.addDialog(new WaterfallDialog(LODGE_STEPS, [
      this.listen.bind(this),
      this.empathise.bind(this),
      this.hearMore.bind(this),
      this.offerResolutionEarly.bind(this),
      this.collectMissingFacts.bind(this),
      this.readBack.bind(this),
      this.askDesiredResolution.bind(this),
      this.record.bind(this),
      this.finish.bind(this),
    ]));
    this.addDialog(new WaterfallDialog(WANTED, [this.askWanted.bind(this), this.readWanted.bind(this), this.keepOtherWords.bind(this)]));
    this.addDialog(new WaterfallDialog(COLLECT_FACTS, [this.askNextFact.bind(this), this.storeFact.bind(this)]));
    this.addDialog(new WaterfallDialog(WITHOUT_ORDER, [this.offerWithoutOrder.bind(this), this.storeWithoutOrder.bind(this)]));
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
    // Everything the story already says is taken in, so nobody is asked for it again.
    const reading = understood(step.context, this.services, { asked: 'story' }, story);
    const draft = prefillFromTriage(absorb({ ...emptyDraft(), story }, reading, 'story', { prefill: true }), triage, keys, this.services.flows);
    values(step).draft = draft;
    const locale = await localeOf(step.context, this.services);
    const wording = await wordingOf(step.context, this.services);
    const reasons = triage.escalate.value ? triage.escalate.reasons : [];
    // Praise, or a suggestion with nothing to put right, is thanked and kept as feedback, not taken
    // through the complaint flow (no apology, no questions); "anything else?" follows, so a customer
    // who also has a complaint can make one.
    const feedback = feedbackKindOf(this.services.flows, triage, reading);
    if (feedback) return this.thankForFeedback(step, feedback, draft);
    const lines = await this.unsaidEmpathy(step.context, [...empathyPaths(this.services.flows, triage, reasons, reading), 'empathy.apology'])
      .then((paths) => paths.map((path) => textAt(wording, path)));
    // A major complaint gets the same acknowledgement, then goes to a person at once.
    if (triage.escalate.value || reasons.length > 0) {
      if (lines.length > 0) await step.context.sendActivity(joinSentences(lines, locale));
      return step.replaceDialog(HANDOFF_DIALOG, { reason: 'escalation', draft, escalationReasons: reasons } satisfies HandoffOptions);
    }
    // Someone who came to let it out is given room to say more before any question.
    if (motiveOf(this.services.flows, triage) === 'vent') {
      await step.context.sendActivity(joinSentences([...lines, wording.empathy.ventRoom], locale));
      return step.beginDialog(LISTEN_DIALOG, { invited: true } satisfies ListenOptions);
    }
    // "A few details" is said before the first detail question, after the resolutions when they come first.
    if (!asksResolutionEarly(this.services.flows, draft) && missingFacts(draft, keys).length > 0) lines.push(wording.empathy.next);
    if (lines.length > 0) await step.context.sendActivity(joinSentences(lines, locale));
    return step.next();
  }

  /** Thanks for a suggestion or praise, records it as feedback, and says it will be passed on only once it is. */
  private async thankForFeedback(step: WaterfallStepContext, kind: FeedbackKind, draft: ComplaintDraft): Promise<DialogTurnResult> {
    const locale = await localeOf(step.context, this.services);
    const wording = await wordingOf(step.context, this.services);
    const lines = [kind === 'compliment' ? wording.empathy.compliment : wording.feedback.suggestion];
    try {
      await this.services.desk.recordFeedback({
        kind, locale, text: draft.story, conversationId: step.context.activity.conversation.id,
        ...(draft.triage ? { triage: draft.triage } : {}), ...(draft.contact ? { contact: draft.contact } : {}), ...(draft.name ? { name: draft.name } : {}),
      });
      lines.push(kind === 'compliment' ? wording.feedback.complimentNoted : wording.feedback.suggestionNoted);
    } catch (error) {
      this.services.logger.error('recording feedback failed; the customer was thanked without being told it was passed on', {
        conversationId: step.context.activity.conversation.id, kind, error: (error as Error).message,
      });
    }
    await step.context.sendActivity(joinSentences(lines, locale));
    return step.endDialog({ feedback: kind });
  }

  /**
   * After a venting customer was invited to say more: what they added joins the story (read and
   * triaged again, so a threat or a safety risk in it still goes to a person), they are thanked
   * for it, and only then does the first detail question come.
   */
  private async hearMore(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (!isListenResult(step.result)) return step.next();
    let draft = values(step).draft as ComplaintDraft;
    const more = step.result.messages;
    const locale = await localeOf(step.context, this.services);
    const wording = await wordingOf(step.context, this.services);
    const lines: string[] = [];
    if (more.length > 0) {
      const story = [draft.story, ...more].join('\n');
      const triage = this.services.triage(story);
      const keys = factsFor(this.services.flows, triage.category.label);
      const reading = understood(step.context, this.services, { asked: 'story' }, more.join('\n'));
      draft = prefillFromTriage(absorb({ ...draft, story }, reading, 'story', { prefill: true }), triage, keys, this.services.flows);
      values(step).draft = draft;
      lines.push(wording.empathy.ventHeard);
      const reasons = triage.escalate.value ? triage.escalate.reasons : [];
      if (triage.escalate.value || reasons.length > 0) {
        await step.context.sendActivity(joinSentences(lines, locale));
        return step.replaceDialog(HANDOFF_DIALOG, { reason: 'escalation', draft, escalationReasons: reasons } satisfies HandoffOptions);
      }
    }
    if (!asksResolutionEarly(this.services.flows, draft) && missingFacts(draft, factsFor(this.services.flows, draft.triage!.category.label)).length > 0) lines.push(wording.empathy.next);
    if (lines.length > 0) await step.context.sendActivity(joinSentences(lines, locale));
    return step.next();
  }

  /** A customer who wants to be made whole and has not said how is offered the resolutions before the details. */
  private async offerResolutionEarly(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = values(step).draft as ComplaintDraft;
    if (!asksResolutionEarly(this.services.flows, draft)) return step.next();
    return step.beginDialog(WANTED, { draft, prompt: 'resolution.askEarly' } satisfies WantedOptions);
  }

  /**
   * The empathy lines not yet said in this conversation, remembered as said: a
   * second complaint (or a start over) is not met with the same sentences
   * again. When all were said, a plain thank-you once; then nothing.
   */
  private async unsaidEmpathy(ctx: TurnContext, paths: readonly string[]): Promise<string[]> {
    const said = await this.services.empathySaid.get(ctx, []);
    let fresh = paths.filter((p) => !said.includes(p));
    if (fresh.length === 0 && !said.includes(PLAIN_THANKS)) fresh = [PLAIN_THANKS];
    await this.services.empathySaid.set(ctx, [...said, ...fresh]);
    return fresh;
  }

  private async collectMissingFacts(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // Back from the resolutions offered early: what they want is in the draft, and the details come next.
    const early = step.result as ComplaintDraft | undefined;
    if (early?.story !== undefined) values(step).draft = early;
    const draft = values(step).draft as ComplaintDraft;
    const keys = factsFor(this.services.flows, draft.triage!.category.label);
    if (early?.story !== undefined && missingFacts(draft, keys).length > 0) {
      await step.context.sendActivity((await wordingOf(step.context, this.services)).empathy.next);
    }
    return step.beginDialog(COLLECT_FACTS, { draft, keys } satisfies FactsStepOptions);
  }

  private async askNextFact(step: WaterfallStepContext<FactsStepOptions>): Promise<DialogTurnResult> {
    const { draft, keys, retry } = step.options;
    values(step).draft = draft;
    // The name is asked with the contact details; when those came with the story, once on its own at the end.
    const key = missingFacts(draft, keys)[0] ?? (draft.name || (draft.skipped ?? []).includes(NAME) ? undefined : NAME);
    if (key === undefined) return step.endDialog(draft);
    values(step).key = key;
    const wording = await wordingOf(step.context, this.services);
    if (key === NAME) {
      return step.beginDialog(ASK_DIALOG, { prompt: 'facts.name.ask', retry: 'facts.name.ask', expect: { kind: 'free_text', minLength: 1 } } satisfies AskOptions);
    }
    // The contact question asks for the name too, unless the customer has already given one.
    const prompt = retry === key ? `facts.${key}.retry`
      : key === CONTACT && draft.name && wording.facts.contact?.askNameKnown ? 'facts.contact.askNameKnown'
      : `facts.${key}.ask`;
    return step.beginDialog(ASK_DIALOG, { prompt, retry: `facts.${key}.retry`, expect: { kind: 'free_text', minLength: 1 } } satisfies AskOptions);
  }

  private async storeFact(step: WaterfallStepContext<FactsStepOptions>): Promise<DialogTurnResult> {
    const key = values(step).key as string;
    const text = step.result as string;
    const asked = askedFor(key);
    const reading = understood(step.context, this.services, { asked });
    let draft = absorb(step.options.draft, reading, asked);
    // Asked for it (with the contact details or alone) and not given: not asked again.
    if ((key === CONTACT || key === NAME) && !draft.name) draft = { ...draft, skipped: [...new Set([...(draft.skipped ?? []), NAME])] };
    if (key === NAME) return step.replaceDialog(COLLECT_FACTS, { draft, keys: step.options.keys } satisfies FactsStepOptions);
    if (draft.facts[key] === undefined && !(key === CONTACT && draft.contact)) {
      const value = this.freeTextValue(key, text, reading);
      if (value !== null) draft = { ...draft, facts: { ...draft.facts, [key]: value } };
    }
    const filled = key === CONTACT ? !!draft.contact : draft.facts[key] !== undefined;
    if (!filled && key === 'order_number' && (reading.noValue || reading.request === 'help')) {
      return step.replaceDialog(WITHOUT_ORDER, { draft, keys: step.options.keys } satisfies FactsStepOptions);
    }
    // An answer that gave something else (a name and phone number at the order question) was
    // understood, not wrong: the question is asked again plainly, not with "that doesn't look like…".
    const retry = !filled && !gaveOtherDetail(step.options.draft, draft);
    return step.replaceDialog(COLLECT_FACTS, { draft, keys: step.options.keys, ...(retry ? { retry: key } : {}) } satisfies FactsStepOptions);
  }

  /** A fact that is the customer's own words (what was affected, where), checked by its rule. */
  private freeTextValue(key: string, text: string, reading: Understanding): string | null {
    const rule = this.services.flows.facts[key];
    const value = text.trim();
    if (!rule) return null;
    // An order number, phone or e-mail sent at the date question went to its own fact (absorb): it
    // is not also the date ("單號 HK20261125"). "What was affected" may well be an order, so it keeps it.
    const values = [...reading.orders, ...reading.phones, ...reading.emails];
    switch (rule.kind) {
      case 'free_text': {
        // "订单号HK38820156，电话18922223333" at "which order or product": the phone went to the contact
        // (absorb), so only the rest answers this question; nothing left, nothing taken.
        const own = withoutContactClauses(value, reading);
        return [...own].length >= (rule.minLength ?? 1) ? own : null;
      }
      // A rough time they cannot date ("a while ago") is still their answer; a value with no time words is not.
      case 'date': return reading.incident || (values.length > 0 && reading.dates.length === 0) ? null : [...value].length >= (rule.minLength ?? 1) ? value : null;
      case 'bill_period': return parseBillPeriod(value) ?? billPeriodOf(reading);
      case 'order_number': return null;
    }
  }

  /** "I don't have an order number": where and when they bought it instead, or skip. */
  private async offerWithoutOrder(step: WaterfallStepContext<FactsStepOptions>): Promise<DialogTurnResult> {
    values(step).draft = step.options.draft;
    return step.beginDialog(ASK_DIALOG, {
      prompt: 'facts.order_number.without', retry: 'facts.order_number.without',
      expect: { kind: 'choice', choices: [{ key: 'skip', path: 'facts.order_number.skip' }], freeText: true },
    } satisfies AskOptions);
  }

  private async storeWithoutOrder(step: WaterfallStepContext<FactsStepOptions>): Promise<DialogTurnResult> {
    const answer = step.result as ChoiceAnswer;
    let draft = step.options.draft;
    const skipped = [...(draft.skipped ?? []), 'order_number'];
    if (answer.choice !== 'skip') {
      const reading = understood(step.context, this.services, { asked: 'order_number' });
      draft = absorb(draft, reading, 'order_number');
      if (draft.facts.order_number === undefined && !reading.skip) draft = { ...draft, facts: { ...draft.facts, [PURCHASE]: answer.text.trim() } };
    }
    return step.replaceDialog(COLLECT_FACTS, { draft: { ...draft, skipped }, keys: step.options.keys } satisfies FactsStepOptions);
  }

  private async readBack(step: WaterfallStepContext): Promise<DialogTurnResult> {
    values(step).draft = step.result as ComplaintDraft;
    return step.beginDialog(READ_BACK, { draft: values(step).draft });
  }

  private async showSummary(step: WaterfallStepContext<ReadBackOptions>): Promise<DialogTurnResult> {
    const { draft, unclear, correcting } = step.options;
    values(step).draft = draft;
    if (correcting) {
      values(step).key = correcting;
      return step.beginDialog(ASK_DIALOG, { prompt: `facts.${correcting}.retry`, retry: `facts.${correcting}.retry`, expect: { kind: 'free_text', minLength: 1 } } satisfies AskOptions);
    }
    const locale = await localeOf(step.context, this.services);
    const wording = await wordingOf(step.context, this.services);
    // After an answer that was neither a yes nor a correction, the card is not shown again.
    if (!unclear) await step.context.sendActivity({ attachments: [summaryCard(draft, wording, locale)] });
    const choices: ChoiceSpec[] = [
      { key: 'confirm', path: 'readback.confirm' },
      ...readBackKeys(draft).map((key) => ({ key, template: 'readback.change', labelPath: key === OUTCOME ? 'readback.resolution' : `facts.${key}.label` })),
    ];
    return step.beginDialog(ASK_DIALOG, {
      prompt: unclear ? 'readback.whichRetry' : 'readback.intro', retry: 'readback.whichRetry', expect: { kind: 'choice', choices, freeText: true },
    } satisfies AskOptions);
  }

  private async pickCorrection(step: WaterfallStepContext<ReadBackOptions>): Promise<DialogTurnResult> {
    if (typeof step.result === 'string') return step.next(step.result);
    const answer = step.result as ChoiceAnswer;
    const draft = step.options.draft;
    if (answer.choice === 'confirm') return step.endDialog(draft);
    if (answer.choice) {
      values(step).key = answer.choice;
      const labelPath = answer.choice === OUTCOME ? 'readback.resolution' : `facts.${answer.choice}.label`;
      return step.beginDialog(ASK_DIALOG, {
        prompt: 'readback.newValue', retry: answer.choice === OUTCOME ? 'resolution.retry' : `facts.${answer.choice}.retry`,
        varPaths: { label: labelPath }, expect: { kind: 'free_text', minLength: 1 },
      } satisfies AskOptions);
    }
    // Typed at the read-back: "啱晒" / "冇問題，全部正確" confirm; "no, the phone is 07700 900462" corrects at once.
    const confirmations = allConfirmPhrases(this.services);
    if (this.services.understander.saysOnly(answer.text, confirmations)) return step.endDialog(draft);
    const reading = understood(step.context, this.services, { asked: 'confirm' });
    const corrected = absorb(draft, reading, 'confirm');
    if (JSON.stringify(corrected) !== JSON.stringify(draft)) {
      const wording = await wordingOf(step.context, this.services);
      await step.context.sendActivity(wording.readback.updated);
      return step.replaceDialog(READ_BACK, { draft: corrected });
    }
    return step.replaceDialog(READ_BACK, { draft, unclear: true } satisfies ReadBackOptions);
  }

  private async storeCorrection(step: WaterfallStepContext<ReadBackOptions>): Promise<DialogTurnResult> {
    const key = values(step).key as string;
    const text = (step.result as string).trim();
    let draft = step.options.draft;
    const reading = understood(step.context, this.services, { asked: key === OUTCOME ? 'outcome' : askedFor(key) });
    if (key === OUTCOME) {
      const wanted = reading.outcomes.wanted;
      draft = { ...draft, outcomes: { wanted, refused: reading.outcomes.refused }, ...(wanted.length === 0 ? { desiredDetail: text } : {}) };
    } else {
      const before = draft;
      draft = absorb(draft, reading, askedFor(key));
      const unchanged = key === CONTACT ? draft.contact === before.contact : key === NAME ? draft.name === before.name : draft.facts[key] === before.facts[key];
      // A value with a form of its own (an order number, a phone or e-mail, a bill month) must pass its check.
      const rule = this.services.flows.facts[key];
      if (unchanged && (key === CONTACT || rule?.kind === 'order_number' || rule?.kind === 'bill_period')) {
        const month = rule?.kind === 'bill_period' ? parseBillPeriod(text) ?? billPeriodOf(reading) : null;
        if (!month) return step.replaceDialog(READ_BACK, { draft: before, correcting: key } satisfies ReadBackOptions);
        draft = { ...draft, facts: { ...draft.facts, [key]: month } };
      } else if (unchanged) {
        if (key === NAME) draft = { ...draft, name: text };
        else draft = { ...draft, facts: { ...draft.facts, [key]: text } };
        if (key === 'when') {
          const { [INCIDENT_DATE]: _gone, ...rest } = draft.facts;
          draft = { ...draft, facts: rest };
        }
      }
    }
    draft = { ...draft, prefilled: draft.prefilled.filter((k) => k !== key) };
    const wording = await wordingOf(step.context, this.services);
    await step.context.sendActivity(wording.readback.updated);
    return step.replaceDialog(READ_BACK, { draft });
  }

  private async askDesiredResolution(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = step.result as ComplaintDraft;
    values(step).draft = draft;
    // They already said what they want (and saw it read back): not asked again.
    if ((draft.outcomes?.wanted.length ?? 0) > 0 || draft.desiredDetail) {
      return step.next({ ...draft, desired: draft.outcomes?.wanted[0] ?? 'other' } satisfies ComplaintDraft);
    }
    return step.beginDialog(WANTED, { draft, prompt: 'resolution.ask' } satisfies WantedOptions);
  }

  /** What would put it right: the resolutions as buttons (triage's guess first), or their own words. */
  private async askWanted(step: WaterfallStepContext<WantedOptions>): Promise<DialogTurnResult> {
    const { draft, prompt } = step.options;
    values(step).draft = draft;
    const order = resolutionOrder(this.services.flows, draft);
    return step.beginDialog(ASK_DIALOG, {
      prompt, retry: 'resolution.retry',
      // Typed words are read for outcomes; "???" is asked again.
      expect: { kind: 'choice', freeText: true, freeTextMinLetters: 2, choices: order.map((key) => ({ key, path: `resolution.choices.${key}` })) },
    } satisfies AskOptions);
  }

  private async readWanted(step: WaterfallStepContext<WantedOptions>): Promise<DialogTurnResult> {
    let draft = values(step).draft as ComplaintDraft;
    const answer = step.result as ChoiceAnswer;
    if (answer.choice) {
      draft = { ...draft, desired: answer.choice as DesiredResolution, outcomes: answer.choice === 'other' ? draft.outcomes ?? { wanted: [], refused: [] } : { wanted: [answer.choice as Exclude<DesiredResolution, 'other'>], refused: [] } };
      values(step).draft = draft;
      if (answer.choice !== 'other') return step.endDialog(draft);
      return step.beginDialog(ASK_DIALOG, { prompt: 'resolution.other', retry: 'resolution.other', expect: { kind: 'free_text', minLength: 2 } } satisfies AskOptions);
    }
    // Their own words: "不要退款了，重新给我发一台就行", "full refund. and someone pays for my floor".
    const reading = understood(step.context, this.services, { asked: 'outcome' });
    const wanted = reading.outcomes.wanted;
    if (wanted.length > 0) return step.endDialog({ ...draft, desired: wanted[0]!, outcomes: { wanted, refused: reading.outcomes.refused } } satisfies ComplaintDraft);
    // Nothing we have a name for: their words are what they want.
    return step.endDialog({ ...draft, desired: 'other', desiredDetail: answer.text.trim() } satisfies ComplaintDraft);
  }

  private async keepOtherWords(step: WaterfallStepContext<WantedOptions>): Promise<DialogTurnResult> {
    return step.endDialog({ ...(values(step).draft as ComplaintDraft), desiredDetail: (step.result as string).trim() } satisfies ComplaintDraft);
  }

  private async record(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(RECORD, { draft: step.result as ComplaintDraft });
  }

  private async tryRecord(step: WaterfallStepContext<{ draft: ComplaintDraft }>): Promise<DialogTurnResult> {
    const { draft } = step.options;
    values(step).draft = draft;
    const locale = await localeOf(step.context, this.services);
    const wording = await wordingOf(step.context, this.services);
    const wanted = draft.outcomes?.wanted ?? [];
    try {
      const lodged = await this.services.desk.lodge({
        locale,
        story: draft.story,
        triage: draft.triage!,
        facts: draftFacts(draft, true),
        contact: draft.contact!,
        ...(draft.alsoContact ? { alsoContact: draft.alsoContact } : {}),
        ...(draft.name ? { name: draft.name } : {}),
        desiredResolution: draft.desired ?? wanted[0] ?? 'other',
        ...(wanted.length > 0 ? { desiredResolutions: [...wanted] } : {}),
        ...(draft.desiredDetail ? { desiredResolutionDetail: draft.desiredDetail } : {}),
        conversationId: step.context.activity.conversation.id,
      });
      const done = textAt(wording, 'record.done', {
        id: lodged.id,
        owner: ownerName(lodged.owner, wording),
        date: formatDate(lodged.replyBy, locale, this.services.timeZone),
      });
      const said = saidOutcomes(wording, locale, wanted.length > 0 ? wanted : draft.desired === 'other' ? ['other'] : []);
      await sendClosingMessage(step.context, this.services, {
        complaintId: lodged.id, promisedBy: lodged.replyBy, kind: 'lodged',
        text: said ? joinSentences([textAt(wording, 'record.wanted', { wanted: said }), done], locale) : done,
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
}

/** How a fact's question is read: a phone and e-mail with a name, an order number, a date. */
function askedFor(key: string): AskedFor {
  if (key === CONTACT) return 'contact';
  if (key === NAME) return 'name';
  if (key === 'order_number') return 'order_number';
  if (key === 'when') return 'when';
  return 'other';
}

function billPeriodOf(reading: Understanding): string | null {
  const month = reading.dates.find((d) => d.iso && /^\d{4}-\d{2}-01\/\d{4}-\d{2}-\d{2}$/.test(d.iso));
  return month?.iso ? month.iso.slice(0, 7) : null;
}

/** What the read-back offers to change: every fact the customer sees, their contact, their name, what they want. */
function readBackKeys(draft: ComplaintDraft): string[] {
  return [
    ...Object.keys(draft.facts).filter((k) => k !== INCIDENT_DATE),
    CONTACT,
    ...(draft.name ? [NAME] : []),
    ...((draft.outcomes?.wanted.length ?? 0) > 0 ? [OUTCOME] : []),
  ];
}

function allConfirmPhrases(services: BotServices): string[] {
  return [services.wording.en, services.wording['zh-Hans'], services.wording['zh-Hant'], services.variants.hongKong]
    .flatMap((w) => [w.readback.confirm.label, ...w.readback.confirm.synonyms]);
}

/**
 * The triage guess first (an apology for someone who felt disrespected and asked for nothing
 * else), then the usual order; "other" always stays last.
 */
export function resolutionOrder(flows: Flows, draft: ComplaintDraft): DesiredResolution[] {
  const intent = draft.triage?.intent.label;
  const guess = (!intent || intent === 'unspecified') && draft.triage && motiveOf(flows, draft.triage) === 'respect' ? 'apology' : intent;
  const order = [...flows.resolutions];
  if (!guess || guess === 'unspecified' || !order.includes(guess)) return order;
  return [guess, ...order.filter((r) => r !== guess)];
}

const PLAIN_THANKS = 'empathy.neutral.low';

/**
 * The empathy the story calls for, from triage, as wording paths: the emotion
 * and its intensity pick the line (emoji count when the words alone read
 * neutral); a safety reason, being disrespected, or having had to come back
 * about it each have their own line, said only when triage found them, so the
 * bot never asserts something the customer did not say.
 */
export function empathyPaths(flows: Flows, triage: TriageResult, reasons: readonly EscalationReason[], reading?: Understanding): string[] {
  let emotion = triage.emotion;
  if (emotion.label === 'neutral' && reading?.emoji) emotion = { label: reading.emoji, intensity: flows.empathy.high };
  const paths: string[] = [];
  const motive = motiveOf(flows, triage);
  if (reasons.includes('safety')) paths.push('empathy.safety');
  else if (motive === 'respect' && (emotion.label === 'neutral' || emotion.intensity < flows.empathy.high)) paths.push('empathy.respect');
  else paths.push(empathyPath(flows, emotion));
  // Someone letting it out hears that it is heard, not only how they feel.
  if (motive === 'vent' && reasons.length === 0) paths.push('empathy.vent');
  if (reasons.includes('repeat')) paths.push('empathy.repeat');
  return paths;
}

/** Triage's motive when it is sure enough to act on (flows.yaml motive.minConfidence), else none. */
export function motiveOf(flows: Flows, triage: TriageResult): MotiveLabel | undefined {
  return triage.motive && triage.motive.confidence >= flows.motive.minConfidence ? triage.motive.label : undefined;
}

/**
 * Feedback rather than a complaint, when nothing needs escalating: praise (kind
 * `compliment`), or a suggestion — motive `suggestion` in a message triage does
 * not call a complaint, or in one that is only a suggestion: nothing wanted put
 * right (no outcome asked for, no intent), and no more than mild feeling.
 */
export function feedbackKindOf(flows: Flows, triage: TriageResult, reading?: Understanding): FeedbackKind | null {
  if (triage.escalate.value || triage.escalate.reasons.length > 0) return null;
  if (triage.kind?.label === 'compliment') return 'compliment';
  if (motiveOf(flows, triage) !== 'suggestion') return null;
  if (triage.kind && triage.kind.label !== 'complaint') return 'suggestion';
  const asksNothing = triage.intent.label === 'unspecified' && (reading?.outcomes.wanted.length ?? 0) === 0;
  const calm = triage.emotion.label === 'neutral' || triage.emotion.intensity < flows.empathy.mid;
  return asksNothing && calm ? 'suggestion' : null;
}

/** A compensation-seeker who has not said how they want it put right is asked that first. */
export function asksResolutionEarly(flows: Flows, draft: ComplaintDraft): boolean {
  return !!draft.triage && motiveOf(flows, draft.triage) === 'compensation' && (draft.outcomes?.wanted.length ?? 0) === 0 && !draft.desiredDetail;
}

/** Empathy in proportion: the emotion picks the words, the intensity how strong they are. */
export function empathyPath(flows: Flows, emotion: TriageResult['emotion']): string {
  const band = emotion.intensity >= flows.empathy.high ? 'high' : emotion.intensity >= flows.empathy.mid ? 'mid' : 'low';
  return `empathy.${emotion.label}.${band}`;
}

/** "a refund and compensation" / "退款和赔偿": the outcomes as the customer's language lists them. */
export function saidOutcomes(wording: Wording, locale: Locale, outcomes: readonly DesiredResolution[]): string | null {
  if (outcomes.length === 0) return null;
  const tag = locale === 'en' ? 'en-GB' : locale === 'zh-Hans' ? 'zh-CN' : 'zh-TW';
  return new Intl.ListFormat(tag, { type: 'conjunction' }).format(outcomes.map((o) => wording.resolution.said[o]));
}


/**
 * The read-back card: each label on its own line above the customer's words,
 * so a narrow chat never breaks a label mid-word. Values are the customer's
 * own words, marked so the guard skips them.
 */
export function summaryCard(draft: ComplaintDraft, wording: Wording, locale: Locale): Attachment {
  const items: Array<{ title: string; value: string; key: string }> = [
    { key: 'story', title: wording.readback.story, value: draft.story.length > 600 ? `${draft.story.slice(0, 600)}…` : draft.story },
    ...Object.entries(draft.facts).filter(([key]) => key !== INCIDENT_DATE).map(([key, value]) => ({
      key, title: wording.facts[key]?.label ?? key, value: key === 'when' ? withDate(value, draft.facts[INCIDENT_DATE], locale) : value,
    })),
    ...(draft.name ? [{ key: NAME, title: wording.facts.name?.label ?? NAME, value: draft.name }] : []),
    ...[draft.contact, draft.alsoContact].filter((c) => c !== undefined).map((c, i) => ({ key: `${CONTACT}${i}`, title: wording.facts.contact!.label, value: c.value })),
  ];
  const said = saidOutcomes(wording, locale, draft.outcomes?.wanted ?? []);
  if (said) items.push({ key: OUTCOME, title: wording.readback.resolution, value: said });
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.3',
    body: [
      { type: 'TextBlock', text: wording.readback.title, weight: 'Bolder', size: 'Medium', wrap: true },
      ...items.map((item) => ({
        type: 'Container',
        spacing: 'Medium',
        items: [
          { type: 'TextBlock', text: item.title, weight: 'Bolder', isSubtle: true, wrap: true, spacing: 'None' },
          { type: 'TextBlock', id: `${CUSTOMER_WORDS_ID}-${item.key}`, text: item.value, wrap: true, spacing: 'Small' },
        ],
      })),
    ],
  });
}

/** "yesterday evening (Tuesday 1 December 2026)": their words, with the date they resolve to when it says more. */
function withDate(words: string, iso: string | undefined, locale: Locale): string {
  if (!iso || words.includes(iso)) return words;
  return `${words} (${formatDay(iso, locale)})`;
}

/** The answer without its clauses that only carry a phone number or an e-mail address (and their label). */
function withoutContactClauses(text: string, reading: Understanding): string {
  const contacts = [...reading.phones.map((p) => p.value.replace(/^\+/, '')), ...reading.emails.map((e) => e.value.toLowerCase())];
  if (contacts.length === 0) return text;
  const clauses = text.split(/(?<=[，,;；。])\s*|\s+(?:and|or)\s+(?=(?:my\s+)?(?:phone|number|mobile|email|e-mail|call|ring|text)\b)/iu);
  const kept = clauses.filter((c) => {
    const digits = c.replace(/[\s\-().+]/g, '');
    return !contacts.some((v) => digits.includes(v) || c.toLowerCase().includes(v));
  });
  return kept.join('').replace(/[，,;；\s]+$/u, '').trim();
}
