/**
 * The escalation desk: what agents do with a handed-over complaint, from any agents' channel
 * (Slack's escalation thread first): claim it (first-responder ownership), take it over from a
 * colleague (confirmed, recorded), answer the customer through the guard (queued, delivered in
 * order, retried), and resolve it (the lifecycle through to resolved, with a supervisor's
 * approval when the policy asks for one), which hands the conversation back to the bot: the
 * customer gets the resolution and then the satisfaction question.
 * An application service: it uses the store and the desk's relay, never a channel or an SDK.
 */
import type { Channel, ComplaintRecord, ComplaintStatus, Resolution } from '../contracts/complaint.js';
import { customerOrderingKey, type AgentReplyEvent, type KeyedOutboxEvent } from '../contracts/outbox.js';
import { conversationOf, currentDeadline, isQueueOwner } from '../complaints/index.js';
import { VersionConflictError } from '../store/errors.js';
import type { EscalationThread, Store, TranscriptMessage } from '../store/types.js';
import type { AgentRelay } from './agent-relay.js';
import type { DraftCheckOutcome } from './draft-check.js';
import { surveyDue } from './survey-watcher.js';

/** The agent acting, as the complaint's history names them (e.g. `slack:U123`), and where. */
export interface AgentRef {
  actor: string;
  channel: Extract<Channel, 'slack'>;
  /** The agents' workspace (Slack team), for the guard audit. */
  team?: string;
}

/** Statuses in which nobody works on the complaint any more. */
const FINISHED: ReadonlySet<ComplaintStatus> = new Set(['resolved', 'closed', 'rejected']);
export const isFinished = (record: Pick<ComplaintRecord, 'status'>) => FINISHED.has(record.status);

export type ClaimOutcome =
  /** The agent owns it now; `from` is who (a queue) had it. */
  | { outcome: 'claimed'; record: ComplaintRecord; from: string }
  | { outcome: 'yours'; record: ComplaintRecord }
  /** A colleague owns it: taking it over needs the agent's confirmation (takeOver). */
  | { outcome: 'owned'; record: ComplaintRecord; owner: string }
  | { outcome: 'finished'; record: ComplaintRecord };

export type TakeOverOutcome =
  | { outcome: 'taken'; record: ComplaintRecord; from: string }
  | { outcome: 'yours'; record: ComplaintRecord }
  /** The owner changed since the agent was asked: ask again. */
  | { outcome: 'changed'; record: ComplaintRecord; owner: string }
  | { outcome: 'finished'; record: ComplaintRecord };

export type ReplyOutcome =
  /** Checked, not blocked, queued for the customer's conversation; `claimed` when this reply made the agent the owner. */
  | { outcome: 'queued'; check: DraftCheckOutcome; record: ComplaintRecord; claimed: boolean }
  | { outcome: 'blocked'; check: DraftCheckOutcome; record: ComplaintRecord }
  | { outcome: 'not_owner'; owner: string; record: ComplaintRecord }
  | { outcome: 'finished'; record: ComplaintRecord }
  | { outcome: 'no_conversation'; record: ComplaintRecord };

export type ResolveOutcome =
  /** Resolved: the resolution and the satisfaction question are queued for the customer. */
  | { outcome: 'resolved'; record: ComplaintRecord; check: DraftCheckOutcome }
  /** The policy wants a supervisor's approval (someone other than the owner) first. */
  | { outcome: 'awaiting_approval'; record: ComplaintRecord; check: DraftCheckOutcome }
  | { outcome: 'blocked'; record: ComplaintRecord; check: DraftCheckOutcome }
  | { outcome: 'not_owner'; owner: string; record: ComplaintRecord }
  | { outcome: 'not_awaiting_approval'; record: ComplaintRecord }
  | { outcome: 'finished'; record: ComplaintRecord }
  | { outcome: 'no_conversation'; record: ComplaintRecord };

export interface ResolveRequest {
  complaintId: string;
  agent: AgentRef;
  /** What was done; `detail` is what the customer is told, so it passes the guard first. */
  resolution: Pick<Resolution, 'type' | 'detail'>;
  /** The agent may approve a resolution that needs approval (a supervisor who is not the owner). */
  canApprove: boolean;
}

/** An open complaint in an agent's list: overdue ones first, then by deadline. */
export interface OpenComplaint {
  record: ComplaintRecord;
  deadline?: { kind: 'ack' | 'investigate' | 'resolve'; dueAt: string; overdue: boolean };
  thread?: EscalationThread;
}

export interface EscalationDesk {
  complaint(complaintId: string): Promise<ComplaintRecord | undefined>;
  threadOf(complaintId: string): Promise<EscalationThread | undefined>;
  /** The complaint a reply in this thread belongs to; undefined for any other thread. */
  threadAt(channel: string, threadTs: string): Promise<EscalationThread | undefined>;
  /** Records the thread opened for a complaint (and notes it in its history); false when it had one. */
  recordThread(thread: Omit<EscalationThread, 'postedAt'>, agent: Pick<AgentRef, 'channel'>): Promise<boolean>;
  claim(complaintId: string, agent: AgentRef): Promise<ClaimOutcome>;
  takeOver(complaintId: string, agent: AgentRef, expectedOwner: string): Promise<TakeOverOutcome>;
  reply(request: { complaintId: string; agent: AgentRef; text: string; origin?: AgentReplyEvent['payload']['origin'] }): Promise<ReplyOutcome>;
  resolve(request: ResolveRequest): Promise<ResolveOutcome>;
  /** A supervisor approves the waiting resolution, which resolves the complaint as in `resolve`. */
  approve(complaintId: string, agent: AgentRef): Promise<ResolveOutcome>;
  transcript(complaintId: string): Promise<TranscriptMessage[]>;
  openComplaintsOf(owner: string): Promise<OpenComplaint[]>;
}

export interface EscalationDeskDeps {
  store: Store;
  relay: Pick<AgentRelay, 'check'>;
  clock?: () => Date;
  /** Called when messages for a customer were queued, so they go at once (the outbox dispatcher's wake). */
  wake?: () => void;
  /** How many times a claim re-reads after a concurrent change before giving up; default 5. */
  claimRetries?: number;
}

export const THREAD_POSTED_EVENT = 'escalation_thread_posted';

export function createEscalationDesk(deps: EscalationDeskDeps): EscalationDesk {
  const { store } = deps;
  const clock = deps.clock ?? (() => new Date());
  const wake = deps.wake ?? (() => {});
  const ctx = (agent: Pick<AgentRef, 'actor' | 'channel'>, expectedVersion?: number) => ({
    actor: agent.actor, channel: agent.channel, now: clock(), ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  });

  async function claim(complaintId: string, agent: AgentRef): Promise<ClaimOutcome> {
    for (let attempt = 0; ; attempt++) {
      const record = await store.complaints.require(complaintId);
      if (isFinished(record)) return { outcome: 'finished', record };
      if (record.owner === agent.actor) return { outcome: 'yours', record };
      if (!isQueueOwner(record.owner)) return { outcome: 'owned', record, owner: record.owner };
      try {
        // First-responder ownership: acknowledging a queued complaint makes the person acting its
        // owner (src/complaints/lifecycle.ts records it); later, taking it from a queue is a reassignment.
        const claimed = record.status === 'received'
          ? await store.complaints.transition(complaintId, { type: 'acknowledge' }, ctx(agent, record.version))
          : await store.complaints.reassign(complaintId, agent.actor, { ...ctx(agent, record.version), reason: 'claimed from the queue: first to respond' });
        return { outcome: 'claimed', record: claimed, from: record.owner };
      } catch (error) {
        // Someone else changed it first (another claim): read again and answer from what is stored.
        if (error instanceof VersionConflictError && attempt < (deps.claimRetries ?? 5)) continue;
        throw error;
      }
    }
  }

  /** The resolution and the survey, queued for the customer in the transaction that resolves. */
  function handBack(record: ComplaintRecord, conversationId: string, text: string, by: string, check: DraftCheckOutcome): KeyedOutboxEvent[] {
    const ordering = customerOrderingKey(conversationId);
    return [
      agentReplyMessage({ complaintId: record.id, conversationId, text, by, auditId: check.auditId, kind: 'resolution' }, `resolution:${record.id}:${check.auditId}`, ordering),
      { ...surveyDue({ complaintId: record.id, conversationId }), orderingKey: ordering },
    ];
  }

  async function finish(record: ComplaintRecord, agent: AgentRef, conversationId: string, text: string, by: string, check: DraftCheckOutcome): Promise<ResolveOutcome> {
    const resolved = await store.complaints.transition(record.id, { type: 'resolve', note: text }, { ...ctx(agent), outbox: handBack(record, conversationId, text, by, check) });
    wake();
    return { outcome: 'resolved', record: resolved, check };
  }

  /** The resolution's wording for the customer, checked in their context like any reply. */
  const checkFor = (record: ComplaintRecord, conversationId: string, text: string, by: string, agent: AgentRef) => deps.relay.check({
    conversationId, complaintId: record.id, text, by, channel: agent.channel, ...(agent.team ? { team: agent.team } : {}),
  });

  return {
    complaint: (complaintId) => store.complaints.get(complaintId),
    threadOf: (complaintId) => store.escalations.byComplaint(complaintId),
    threadAt: (channel, threadTs) => store.escalations.byThread(channel, threadTs),

    async recordThread(thread, agent) {
      const postedAt = clock().toISOString();
      const recorded = await store.escalations.record({ ...thread, postedAt });
      if (recorded) {
        await store.complaints.note(thread.complaintId, THREAD_POSTED_EVENT, { channel: thread.channel, threadTs: thread.threadTs }, { actor: 'system', channel: agent.channel, now: clock() });
      }
      return recorded;
    },

    claim,

    async takeOver(complaintId, agent, expectedOwner) {
      const record = await store.complaints.require(complaintId);
      if (isFinished(record)) return { outcome: 'finished', record };
      if (record.owner === agent.actor) return { outcome: 'yours', record };
      if (record.owner !== expectedOwner) return { outcome: 'changed', record, owner: record.owner };
      try {
        const taken = await store.complaints.reassign(complaintId, agent.actor, {
          ...ctx(agent, record.version), reason: `taken over from ${expectedOwner}, confirmed by ${agent.actor}`,
        });
        return { outcome: 'taken', record: taken, from: expectedOwner };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        const now = await store.complaints.require(complaintId);
        return now.owner === agent.actor ? { outcome: 'yours', record: now } : { outcome: 'changed', record: now, owner: now.owner };
      }
    },

    async reply({ complaintId, agent, text, origin }) {
      let record = await store.complaints.require(complaintId);
      if (isFinished(record)) return { outcome: 'finished', record };
      const conversationId = conversationOf(record);
      if (!conversationId) return { outcome: 'no_conversation', record };
      let claimed = false;
      if (record.owner !== agent.actor) {
        // Answering an unclaimed complaint is responding first: the agent becomes its owner.
        const taken = await claim(complaintId, agent);
        if (taken.outcome === 'owned') return { outcome: 'not_owner', owner: taken.owner, record: taken.record };
        if (taken.outcome === 'finished') return { outcome: 'finished', record: taken.record };
        claimed = taken.outcome === 'claimed';
        record = taken.record;
      }
      const check = await checkFor(record, conversationId, text, agent.actor, agent);
      if (check.result.verdict === 'block') return { outcome: 'blocked', check, record };
      await store.outbox.add([agentReplyMessage(
        { complaintId, conversationId, text: check.draft, by: agent.actor, auditId: check.auditId, kind: 'reply', ...(origin ? { origin } : {}) },
        `agent_reply:${check.auditId}`, customerOrderingKey(conversationId),
      )], clock());
      wake();
      return { outcome: 'queued', check, record, claimed };
    },

    async resolve({ complaintId, agent, resolution, canApprove }) {
      let record = await store.complaints.require(complaintId);
      if (isFinished(record)) return { outcome: 'finished', record };
      const conversationId = conversationOf(record);
      if (!conversationId) return { outcome: 'no_conversation', record };
      if (!isQueueOwner(record.owner) && record.owner !== agent.actor && !canApprove) return { outcome: 'not_owner', owner: record.owner, record };
      const check = await checkFor(record, conversationId, resolution.detail, agent.actor, agent);
      if (check.result.verdict === 'block') return { outcome: 'blocked', record, check };
      const detail = check.draft;
      // Walk the lifecycle from wherever it stands; each step is validated against what is stored.
      const step = async (event: Parameters<Store['complaints']['transition']>[1]) => {
        record = await store.complaints.transition(complaintId, event, ctx(agent));
      };
      if (record.status === 'received') await step({ type: 'acknowledge' });
      if (record.status === 'acknowledged' || record.status === 'appealed') await step({ type: 'start_investigation' });
      if (record.status === 'investigating' || record.status === 'solution_proposed') {
        await step({ type: 'propose_solution', resolution: { type: resolution.type, detail } });
        // The lifecycle notes whether the policy wants approval for this proposal.
        if (record.history.at(-1)?.detail?.needsApproval === true) await step({ type: 'request_approval' });
      }
      if (record.status === 'awaiting_approval') {
        if (!canApprove || record.owner === agent.actor) return { outcome: 'awaiting_approval', record, check };
        await step({ type: 'approve' });
      }
      return finish(record, agent, conversationId, detail, agent.actor, check);
    },

    async approve(complaintId, agent) {
      const record = await store.complaints.require(complaintId);
      if (isFinished(record)) return { outcome: 'finished', record };
      if (record.status !== 'awaiting_approval' || !record.resolution) return { outcome: 'not_awaiting_approval', record };
      const conversationId = conversationOf(record);
      if (!conversationId) return { outcome: 'no_conversation', record };
      // Checked again: the lexicons may have changed since it was proposed.
      const check = await checkFor(record, conversationId, record.resolution.detail, record.owner, agent);
      if (check.result.verdict === 'block') return { outcome: 'blocked', record, check };
      const approved = await store.complaints.transition(complaintId, { type: 'approve' }, ctx(agent, record.version));
      return finish(approved, agent, conversationId, check.draft, record.owner, check);
    },

    transcript: (complaintId) => store.transcripts.listByComplaint(complaintId),

    async openComplaintsOf(owner) {
      const now = clock();
      const records = (await store.complaints.list({ owner })).filter((r) => !isFinished(r));
      const threads = new Map((await store.escalations.forComplaints(records.map((r) => r.id))).map((t) => [t.complaintId, t]));
      return sortOpenComplaints(records.map((record): OpenComplaint => {
        const due = currentDeadline(record);
        const thread = threads.get(record.id);
        return {
          record,
          ...(due ? { deadline: { kind: due.kind, dueAt: due.dueAt, overdue: Date.parse(due.dueAt) <= now.getTime() } } : {}),
          ...(thread ? { thread } : {}),
        };
      }));
    },
  };
}

function agentReplyMessage(payload: AgentReplyEvent['payload'], key: string, orderingKey: string): KeyedOutboxEvent {
  return { topic: 'agent_reply', key, orderingKey, payload };
}

/** Overdue first, then the nearest deadline, then those without one; ties by id (oldest first). */
export function sortOpenComplaints(list: readonly OpenComplaint[]): OpenComplaint[] {
  const rank = (c: OpenComplaint) => (c.deadline ? (c.deadline.overdue ? 0 : 1) : 2);
  return [...list].sort((a, b) => rank(a) - rank(b)
    || (a.deadline && b.deadline ? Date.parse(a.deadline.dueAt) - Date.parse(b.deadline.dueAt) : 0)
    || a.record.id.localeCompare(b.record.id));
}
