/**
 * The agents' draft check, for any channel (Slack first): run the phrasing guard with the
 * customer's context, apply the desk's policy for upset customers, and write every check to the
 * guard audit. Revisions (a suggestion applied, "fix all", an edited draft) are checks of their
 * own that name the check they revise and inherit its customer context.
 * An application service: it uses the store and the guard, never a channel or an SDK.
 */
import type { Locale } from '../contracts/complaint.js';
import type { Finding, LintResult } from '../contracts/finding.js';
import type { Emotion } from '../contracts/triage.js';
import { verdictOf, type Guard, type LintContext } from '../guard/index.js';
import { GuardAuditNotFoundError } from '../store/errors.js';
import type { AuditChannel, AuditCustomerContext, GuardAuditEntry, GuardAuditRepository } from '../store/types.js';
import { draftLocale } from './draft-language.js';
import { groupCommitAudit } from './group-commit-audit.js';
import { EMPATHY_OPENERS, OPENER_JOINER } from './empathy-openers.js';
import { applyEdit, fixAll, type DraftEdit } from './revise-draft.js';

/** Longest draft the desk checks; Slack messages are far shorter, and the audit keeps every draft. */
export const MAX_DRAFT_CHARS = 12_000;
/** Longest "why" an agent can give when disagreeing with a finding. */
export const MAX_REASON_CHARS = 2_000;

/** A request the desk cannot check as given; the message says what to do instead. */
export class DraftCheckInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DraftCheckInputError';
  }
}

export interface CustomerContextInput {
  /** The customer's last message (the guard looks for signs of upset in it when no triage is given). */
  customerMessage?: string;
  /** The customer's triage; its emotion decides whether the customer is upset. */
  customerTriage?: { emotion: Emotion };
}

/** Who checks, where. */
export interface CheckOrigin {
  /** The agent, e.g. a Slack user id. */
  by: string;
  channel: AuditChannel;
  /** The chat workspace, e.g. a Slack team id. */
  team?: string;
}

export interface CheckDraftInput extends CustomerContextInput, CheckOrigin {
  draft: string;
  complaintId?: string;
  conversationId?: string;
}

export interface DraftCheckOutcome {
  /** The draft that was checked (after applying an edit, the revised one). */
  draft: string;
  result: LintResult;
  auditId: number;
  locale: Locale;
  lexiconVersion: string;
  /** The complaint the draft answers (a reply to a customer), kept by its revisions. */
  complaintId?: string;
  conversationId?: string;
}

export interface DraftCheckDeps {
  /** The guard in use and the version of its lexicons (watchLexicons gives both). */
  lexicons: { current(): Guard; version(): string };
  audit: GuardAuditRepository;
  now?: () => Date;
}

export interface DraftCheckService {
  checkDraft(input: CheckDraftInput): Promise<DraftCheckOutcome>;
  /** One edit (a suggestion) applied to an earlier check's draft, checked again. */
  applyEdit(input: CheckOrigin & { auditId: number; edit: DraftEdit }): Promise<DraftCheckOutcome>;
  /** Every finding's first edit applied to an earlier check's draft, round after round, checked again. */
  fixAll(input: CheckOrigin & { auditId: number }): Promise<DraftCheckOutcome & { applied: number }>;
  /** The agent's own rewrite of an earlier check's draft, checked in the same customer context. */
  checkRevision(input: CheckOrigin & { auditId: number; draft: string }): Promise<DraftCheckOutcome>;
  /** An earlier check; throws GuardAuditNotFoundError for an unknown id. */
  recall(auditId: number): Promise<GuardAuditEntry>;
  /** Records that the agent thinks a finding of a check is wrong, and why. */
  recordDisagreement(input: { auditId: number; ruleId: string; reason: string; by: string }): Promise<GuardAuditEntry>;
}

/**
 * The desk's policy for upset customers: the guard's context check only advises (it never
 * blocks, and the CLI keeps it a suggestion); an agent answering an upset customer in a channel
 * gets a warning, with empathy openers in the draft's language and a fix that puts the first one
 * in front of the draft.
 */
export function withEmpathyPolicy(result: LintResult, locale: Locale): LintResult {
  if (!result.findings.some(isContextFinding)) return result;
  const openers = EMPATHY_OPENERS[locale];
  const findings = result.findings.map((f): Finding => (isContextFinding(f)
    ? { ...f, severity: 'warning', suggestions: [...openers], fix: { range: [0, 0], text: openers[0]! + OPENER_JOINER[locale] } }
    : f));
  return { verdict: verdictOf(findings), findings };
}

/** The guard's context check reports under the `empathy` category (lexicons/guard/categories.yaml). */
const isContextFinding = (f: Finding) => f.category === 'empathy';

/** The guard's view of the customer context a draft was (or is) judged in. */
export function lintContextOf(context: AuditCustomerContext | undefined): LintContext | undefined {
  if (!context || (!context.message && !context.emotion)) return undefined;
  return { ...(context.message ? { customerText: context.message } : {}), ...(context.emotion ? { customerEmotion: context.emotion } : {}) };
}

function validDraft(draft: unknown): string {
  if (typeof draft !== 'string' || draft.trim() === '') throw new DraftCheckInputError('the draft is empty: write the reply you want to send, then check it');
  if (draft.length > MAX_DRAFT_CHARS) throw new DraftCheckInputError(`the draft has ${draft.length} characters; the check takes at most ${MAX_DRAFT_CHARS}: split it into shorter replies`);
  return draft;
}

export function createDraftCheck(deps: DraftCheckDeps): DraftCheckService {
  const now = deps.now ?? (() => new Date());
  // Checks arriving together share one commit (see group-commit-audit.ts).
  const audit = groupCommitAudit(deps.audit);

  function lint(draft: string, context: AuditCustomerContext | undefined): { result: LintResult; locale: Locale; version: string } {
    const locale = draftLocale(draft);
    // Guard and version are read together (one synchronous step), so the audit names the lexicons that judged.
    const guard = deps.lexicons.current();
    const version = deps.lexicons.version();
    return { result: withEmpathyPolicy(guard.lint(draft, lintContextOf(context)), locale), locale, version };
  }

  async function record(draft: string, context: AuditCustomerContext | undefined, origin: CheckOrigin, extra: {
    suggestionApplied: boolean; revisionOf?: number; complaintId?: string; conversationId?: string;
  }, checked = lint(draft, context)): Promise<DraftCheckOutcome> {
    const entry = await audit.append({
      draft,
      verdict: checked.result.verdict,
      ruleIds: [...new Set(checked.result.findings.map((f) => f.ruleId))],
      suggestionApplied: extra.suggestionApplied,
      by: origin.by,
      channel: origin.channel,
      ...(origin.team ? { team: origin.team } : {}),
      ...(extra.complaintId ? { complaintId: extra.complaintId } : {}),
      ...(extra.conversationId ? { conversationId: extra.conversationId } : {}),
      ...(extra.revisionOf !== undefined ? { revisionOf: extra.revisionOf } : {}),
      ...(context ? { customerContext: context } : {}),
      locale: checked.locale,
      lexiconVersion: checked.version,
      at: now(),
    });
    return {
      draft, result: checked.result, auditId: entry.id, locale: checked.locale, lexiconVersion: checked.version,
      ...(extra.complaintId ? { complaintId: extra.complaintId } : {}),
      ...(extra.conversationId ? { conversationId: extra.conversationId } : {}),
    };
  }

  async function recall(auditId: number): Promise<GuardAuditEntry> {
    if (!Number.isSafeInteger(auditId) || auditId <= 0) throw new DraftCheckInputError(`"${auditId}" is not a check id; ids are positive whole numbers`);
    const entry = await audit.get(auditId);
    if (!entry) throw new GuardAuditNotFoundError(auditId);
    return entry;
  }

  /** A revision keeps the complaint, conversation and customer of the check it revises. */
  const inherited = (earlier: GuardAuditEntry) => ({
    revisionOf: earlier.id,
    ...(earlier.complaintId ? { complaintId: earlier.complaintId } : {}),
    ...(earlier.conversationId ? { conversationId: earlier.conversationId } : {}),
  });

  return {
    async checkDraft(input) {
      const draft = validDraft(input.draft);
      const context: AuditCustomerContext | undefined = input.customerMessage || input.customerTriage
        ? { ...(input.customerMessage ? { message: input.customerMessage } : {}), ...(input.customerTriage ? { emotion: { label: input.customerTriage.emotion.label, intensity: input.customerTriage.emotion.intensity } } : {}) }
        : undefined;
      return record(draft, context, input, {
        suggestionApplied: false,
        ...(input.complaintId ? { complaintId: input.complaintId } : {}),
        ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      });
    },

    async applyEdit({ auditId, edit, ...origin }) {
      const earlier = await recall(auditId);
      let revised: string;
      try { revised = applyEdit(earlier.draft, edit); } catch (error) { throw new DraftCheckInputError((error as Error).message); }
      return record(validDraft(revised), earlier.customerContext, origin, { suggestionApplied: true, ...inherited(earlier) });
    },

    async fixAll({ auditId, ...origin }) {
      const earlier = await recall(auditId);
      let last: ReturnType<typeof lint> | undefined;
      const fixed = fixAll(earlier.draft, (draft) => (last = lint(draft, earlier.customerContext)).result);
      const outcome = await record(validDraft(fixed.draft), earlier.customerContext, origin, { suggestionApplied: fixed.applied > 0, ...inherited(earlier) }, last);
      return { ...outcome, applied: fixed.applied };
    },

    async checkRevision({ auditId, draft, ...origin }) {
      const earlier = await recall(auditId);
      return record(validDraft(draft), earlier.customerContext, origin, { suggestionApplied: false, ...inherited(earlier) });
    },

    recall,

    async recordDisagreement({ auditId, ruleId, reason, by }) {
      const earlier = await recall(auditId);
      const why = typeof reason === 'string' ? reason.trim() : '';
      if (why === '') throw new DraftCheckInputError('say why the finding is wrong: the lexicon editors read it');
      if (why.length > MAX_REASON_CHARS) throw new DraftCheckInputError(`the reason has ${why.length} characters; keep it under ${MAX_REASON_CHARS}`);
      // Feedback names a rule the check actually reported, so it can be counted against that rule.
      if (!earlier.ruleIds.includes(ruleId)) throw new DraftCheckInputError(`check ${auditId} did not report rule ${ruleId}; it reported ${earlier.ruleIds.join(', ') || 'nothing'}`);
      return audit.addFeedback(auditId, { ruleId, reason: why, by, at: now() });
    },
  };
}
