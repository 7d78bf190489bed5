import type { DesiredResolution, Fact } from '../contracts/complaint.js';
import type { TriageResult } from '../contracts/triage.js';
import type { Flows } from './flows.js';
import type { ContactDetail } from './ports.js';
import { parseBillPeriod, parseContact, parseOrderNumber } from './recognizers.js';

/** The complaint being taken, kept in dialog state (plain JSON) until it is recorded. */
export interface ComplaintDraft {
  story: string;
  triage?: TriageResult;
  /** Fact key → value, in the order they were collected. */
  facts: Record<string, string>;
  /** Fact keys filled from triage rather than asked. */
  prefilled: string[];
  contact?: ContactDetail;
  desired?: DesiredResolution;
  desiredDetail?: string;
}

export const emptyDraft = (): ComplaintDraft => ({ story: '', facts: {}, prefilled: [] });

/**
 * Fills the facts triage already extracted, so the customer is not asked
 * again. A value that fails the fact's own check (a triage "order number"
 * that is not one of ours) is left to be asked.
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

/** The normalised value of a fact, or null when it fails the fact's rule in flows.yaml. */
export function checkFact(flows: Flows, key: string, raw: string): string | null {
  const rule = flows.facts[key];
  const value = raw.trim();
  if (!rule) return value.length > 0 ? value : null;
  switch (rule.kind) {
    case 'order_number': return parseOrderNumber(value, flows.orderNumberPattern);
    case 'bill_period': return parseBillPeriod(value);
    case 'free_text': return value.length >= (rule.minLength ?? 1) ? value : null;
  }
}

export function missingFacts(draft: ComplaintDraft, keys: readonly string[]): string[] {
  const missing = keys.filter((k) => draft.facts[k] === undefined);
  return draft.contact ? missing : [...missing, 'contact'];
}

/** Facts as the complaint record holds them; everything was read back, so all are confirmed. */
export function draftFacts(draft: ComplaintDraft): Fact[] {
  const facts: Fact[] = Object.entries(draft.facts).map(([key, value]) => ({ key, value, confirmed: true }));
  if (draft.contact) facts.push({ key: draft.contact.kind, value: draft.contact.value, confirmed: true });
  return facts;
}
