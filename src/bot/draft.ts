import type { DesiredResolution, Fact } from '../contracts/complaint.js';
import type { TriageResult } from '../contracts/triage.js';
import type { Flows } from './flows.js';
import type { ContactDetail } from './ports.js';
import { parseBillPeriod, parseContact, parseOrderNumber } from './recognizers.js';
import { mergeOutcomes, noOutcomes, type AskedFor, type Outcomes, type Understanding } from './understand/index.js';

/** The complaint being taken, kept in dialog state (plain JSON) until it is recorded. */
export interface ComplaintDraft {
  story: string;
  triage?: TriageResult;
  /** Fact key → value, in the order they were collected (when: the customer's words; incident_date: the ISO date or range). */
  facts: Record<string, string>;
  /** Fact keys filled from the story or triage rather than asked. */
  prefilled: string[];
  /** Facts the customer could not give and chose to skip (an order number they do not have). */
  skipped?: string[];
  contact?: ContactDetail;
  /** The other kind of contact detail, when they gave both a phone and an e-mail address. */
  alsoContact?: ContactDetail;
  name?: string;
  /** What they want done, as understood from everything they said (latest choice, negation). */
  outcomes?: Outcomes;
  desired?: DesiredResolution;
  desiredDetail?: string;
}

export const emptyDraft = (): ComplaintDraft => ({ story: '', facts: {}, prefilled: [] });

/** The date's own fact, beside the customer's words in `when`. */
export const INCIDENT_DATE = 'incident_date';
/** Where and when it was bought, for a customer without an order number. */
export const PURCHASE = 'purchase';

/**
 * Fills the facts triage already extracted (a product names what was
 * affected), so the customer is not asked again. A value that fails the
 * fact's own check is left to be asked.
 */
export function prefillFromTriage(draft: ComplaintDraft, triage: TriageResult, keys: readonly string[], flows: Flows): ComplaintDraft {
  const facts = { ...draft.facts };
  const prefilled = [...draft.prefilled];
  for (const key of keys) {
    if (facts[key] !== undefined) continue;
    const rule = flows.facts[key];
    for (const type of rule?.triageEntities ?? []) {
      const entity = triage.entities.find((e) => e.type === type);
      if (!entity) continue;
      const value = checkFact(flows, key, entity.value);
      if (value === null) continue;
      facts[key] = type === 'order_number' && key !== 'order_number' ? entity.value : value;
      prefilled.push(key);
      break;
    }
  }
  let contact = draft.contact;
  if (!contact) {
    const found = triage.entities.find((e) => e.type === 'email') ?? triage.entities.find((e) => e.type === 'phone');
    contact = found ? parseContact(found.value) ?? undefined : undefined;
  }
  return { ...draft, triage, facts, prefilled, ...(contact ? { contact } : {}) };
}

/**
 * Takes in every value a message holds, whatever was asked: order reference,
 * phone and e-mail, name, the incident date (with the customer's words), and
 * wanted outcomes. A value already known is replaced only when the customer
 * was answering for it, correcting the read-back, or took the old one back in
 * the same message ("not JD…, it's HK…").
 */
export function absorb(draft: ComplaintDraft, u: Understanding, asked: AskedFor | undefined, options: { prefill?: boolean } = {}): ComplaintDraft {
  const facts = { ...draft.facts };
  const prefilled = [...draft.prefilled];
  const mark = (key: string) => {
    if (options.prefill && !prefilled.includes(key)) prefilled.push(key);
  };
  const correcting = asked === 'confirm';
  if (u.order) {
    const takenBack = u.orders.some((o) => o.refuted && o.value === facts.order_number);
    if (facts.order_number === undefined || asked === 'order_number' || correcting || takenBack) {
      facts.order_number = u.order;
      mark('order_number');
    }
  }
  let next: ComplaintDraft = { ...draft, facts, prefilled };
  const overrideContact = asked === 'contact' || correcting;
  if (u.phone) next = withContact(next, { kind: 'phone', value: u.phone }, overrideContact || u.phones.some((p) => p.refuted));
  if (u.email) next = withContact(next, { kind: 'email', value: u.email }, overrideContact || u.emails.some((e) => e.refuted));
  if (u.name && (!next.name || asked === 'name' || asked === 'contact' || correcting)) next = { ...next, name: u.name };
  if (asked === 'when' || correcting || facts.when === undefined) {
    const incident = u.incident;
    if (incident?.iso) {
      // Their words are kept: the whole short answer to "when", or the date words inside a longer message.
      const said = u.text.trim();
      facts.when = asked === 'when' && [...said].length <= 40 ? said : incident.words;
      facts[INCIDENT_DATE] = incident.iso;
      mark('when');
    }
  }
  if (u.outcomes.wanted.length > 0 || u.outcomes.refused.length > 0) {
    next = { ...next, outcomes: mergeOutcomes(next.outcomes ?? noOutcomes(), u.outcomes) };
  }
  return next;
}

/** True when `after` holds a detail `before` did not: a fact, a contact, a name or a wanted outcome. */
export function gaveOtherDetail(before: ComplaintDraft, after: ComplaintDraft): boolean {
  return after.name !== before.name || after.contact !== before.contact || after.alsoContact !== before.alsoContact
    || after.outcomes !== before.outcomes || Object.keys(after.facts).some((key) => after.facts[key] !== before.facts[key]);
}

/** Sets a phone or e-mail: the first becomes the contact, the other kind rides along; a known one is replaced only when `override`. */
export function withContact(draft: ComplaintDraft, detail: ContactDetail, override: boolean): ComplaintDraft {
  if (!draft.contact) return { ...draft, contact: detail };
  if (draft.contact.kind === detail.kind) return override ? { ...draft, contact: detail } : draft;
  if (!draft.alsoContact || override) return { ...draft, alsoContact: detail };
  return draft;
}

/** The normalised value of a fact, or null when it fails the fact's rule in flows.yaml. */
export function checkFact(flows: Flows, key: string, raw: string): string | null {
  const rule = flows.facts[key];
  const value = raw.trim();
  if (!rule) return value.length > 0 ? value : null;
  switch (rule.kind) {
    case 'order_number': return parseOrderNumber(value, flows.orderNumberPattern);
    case 'bill_period': return parseBillPeriod(value);
    case 'date':
    case 'free_text': return value.length >= (rule.minLength ?? 1) ? value : null;
  }
}

export function missingFacts(draft: ComplaintDraft, keys: readonly string[]): string[] {
  const skipped = draft.skipped ?? [];
  const missing = keys.filter((k) => draft.facts[k] === undefined && !skipped.includes(k));
  return draft.contact ? missing : [...missing, 'contact'];
}

/**
 * Facts as the complaint record holds them. `confirmed` only when the customer
 * saw them read back and said they were right.
 */
export function draftFacts(draft: ComplaintDraft, confirmed: boolean): Fact[] {
  const facts: Fact[] = Object.entries(draft.facts).map(([key, value]) => ({ key, value, confirmed }));
  for (const detail of [draft.contact, draft.alsoContact]) if (detail) facts.push({ key: detail.kind, value: detail.value, confirmed });
  return facts;
}
