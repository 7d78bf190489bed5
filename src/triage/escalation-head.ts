// Combines the cue rules (src/triage/escalation.ts) with the learned escalation head
// (none | media | regulator | consumer_association | legal | safety | repeat, trained on
// the corpus' escalation labels). The rules are the floor: what they find always
// escalates. The head adds a reason the rules missed when it is confident, and never
// one the rules saw denied ("I'm not going to post about it") or as a profession.
import { ESCALATION_REASONS, type EscalationReason } from '../contracts/triage.js';
import type { EscalationFinding } from './escalation.js';

/** Threats against the company; a denied one blocks the head from adding any of them. */
const THREAT_REASONS: ReadonlySet<EscalationReason> = new Set(['media', 'regulator', 'consumer_association', 'legal']);

export interface CombinedEscalation {
  reasons: EscalationReason[];
  /** The reasons the head added (not found by the rules). */
  learned: EscalationReason[];
}

/**
 * `p`: the head's probabilities in ESCALATION_HEAD_LABELS order (index 0 is `none`).
 * When the rules found nothing, the head's top reason is added if the reasons it may
 * add hold together at least that reason's threshold (`thresholds`, chosen out of fold). Beside a rule hit it adds
 * nothing: the case escalates anyway, and a second reason guessed from the same words
 * ("my cousin works at the Evening Standard" → safety) was more often wrong than right.
 */
export function combineEscalation(found: Pick<EscalationFinding, 'reasons' | 'denied'>, p: readonly number[], thresholds: Partial<Record<EscalationReason, number>>): CombinedEscalation {
  if (found.reasons.length > 0) return { reasons: [...found.reasons], learned: [] };
  const deniedThreat = found.denied.some((r) => THREAT_REASONS.has(r));
  const candidates = ESCALATION_REASONS
    .map((reason, i) => ({ reason, p: p[i + 1] ?? 0 }))
    .filter(({ reason }) => !found.denied.includes(reason) && !(deniedThreat && THREAT_REASONS.has(reason)))
    .sort((a, b) => b.p - a.p);
  const mass = candidates.reduce((a, c) => a + c.p, 0);
  const top = candidates[0];
  const learned = top && mass >= (thresholds[top.reason] ?? Infinity) ? [top.reason] : [];
  return { reasons: learned, learned };
}
