// A store with a few weeks of a complaint desk's life, for the report's tests: complaints in
// every category and channel moved through their lifecycle (some late, some appealed, some
// rated), and audited drafts of three agents with blocks, suggestions taken and disputes.
import type { Channel, ComplaintEvent } from '../../../src/contracts/complaint.js';
import { CATEGORY_LABELS, EMOTION_LABELS, type EscalationReason } from '../../../src/contracts/triage.js';
import type { Store } from '../../../src/store/index.js';
import { triageResult } from '../../bot/fixtures.js';
import { draft } from '../../complaints/fixtures.js';

const CHANNELS: Channel[] = ['web_chat', 'phone', 'email', 'slack'];
const REASONS: EscalationReason[][] = [[], ['regulator'], [], ['media', 'repeat'], [], ['safety']];
const HOUR = 3_600_000;

/** Seeds complaints created over the 20 days before `now` and audited checks over the last 6 days; returns the counts. */
export async function seedReportData(store: Store, now: Date): Promise<{ complaints: number; checks: number }> {
  let complaints = 0;
  for (let i = 0; i < 40; i++) {
    const created = new Date(now.getTime() - (20 * 24 - i * 11) * HOUR);
    const category = CATEGORY_LABELS[i % CATEGORY_LABELS.length]!;
    const reasons = REASONS[i % REASONS.length]!;
    const record = await store.complaints.create(draft({
      subject: `order ${1000 + i}`, category, channel: CHANNELS[i % CHANNELS.length]!, locale: i % 2 ? 'en' : 'zh-Hans',
      triage: triageResult({ category, emotion: { label: EMOTION_LABELS[i % EMOTION_LABELS.length]!, intensity: 0.6 }, escalate: { value: reasons.length > 0, reasons } }),
    }), { actor: 'bot:web', channel: 'web_chat', now: created });
    complaints++;
    // Fast staff on even complaints, slow (past the deadlines) on every third odd one; a few never picked up.
    const pace = i % 2 === 0 ? 2 * HOUR : i % 3 === 0 ? 80 * HOUR : 6 * HOUR;
    let at = created.getTime();
    const move = async (event: ComplaintEvent, actor = `agent:${i % 3}`) => {
      at += pace;
      if (at >= now.getTime()) return false;
      await store.complaints.transition(record.id, event, { actor, channel: 'slack', now: new Date(at) });
      return true;
    };
    if (i % 7 === 6) continue;
    if (i % 11 === 5) { await move({ type: 'reject', reason: 'not our product' }); continue; }
    if (!await move({ type: 'acknowledge' }) || !await move({ type: 'start_investigation' })) continue;
    const resolution = (['refund', 'replacement', 'apology', 'repair', 'explanation'] as const)[i % 5]!;
    if (!await move({ type: 'propose_solution', resolution: { type: resolution, detail: 'as agreed', ...(resolution === 'refund' ? { amount: 1000 } : {}) } })) continue;
    if (!await move({ type: 'resolve' })) continue;
    if (!await move({ type: 'close', ...(i % 4 !== 3 ? { satisfaction: { score: 1 + (i % 5) } } : {}) })) continue;
    if (i % 5 === 2) await move({ type: 'appeal', reason: 'the refund is short' }, 'customer:web');
  }

  let checks = 0;
  const rude = [['deflect.not-my-job-en', "That's not my problem."], ['impatience.calm-down', 'Calm down, please.'], ['deflect.not-my-job', '这不归我管。']] as const;
  for (let i = 0; i < 36; i++) {
    const at = new Date(now.getTime() - (6 * 24 - i * 4) * HOUR);
    const agent = `U0${i % 3}`;
    if (i % 3 === 2) {
      await store.guardAudit.append({ draft: 'Thank you for waiting, your parcel ships today.', verdict: 'pass', ruleIds: [], suggestionApplied: false, by: agent, channel: 'slack', at });
      checks++;
      continue;
    }
    const [ruleId, text] = rude[i % rude.length]!;
    const blocked = await store.guardAudit.append({ draft: text, verdict: 'block', ruleIds: [ruleId], suggestionApplied: false, by: agent, channel: 'slack', at });
    checks++;
    if (i % 2 === 0) {
      await store.guardAudit.append({ draft: "I'll take care of it.", verdict: 'pass', ruleIds: [], suggestionApplied: true, revisionOf: blocked.id, by: agent, channel: 'slack', at: new Date(at.getTime() + 60_000) });
      checks++;
    }
    if (i % 5 === 1) await store.guardAudit.addFeedback(blocked.id, { ruleId, reason: 'the customer asked who handles it', by: agent, at: new Date(at.getTime() + 120_000) });
  }
  return { complaints, checks };
}
