// The desk: application services shared by every channel (web chat, Slack, the CLI). It uses the
// store and the cores, never a channel or an SDK.
export {
  createComplaintDesk, contactMatches,
  type AppealOutcome, type ClosingMessageInput, type ComplaintDesk, type ComplaintDeskOptions, type ComplaintStatusView, type ContactDetail, type HandoffReason,
  type HandoffRequest, type HandoffTicket, type LodgeRequest, type LodgedComplaint, type TurnOutbox, type FeedbackRequest, type RecordedFeedback,
} from './complaint-desk.js';
export {
  createDraftCheck, lintContextOf, withEmpathyPolicy, DraftCheckInputError, MAX_DRAFT_CHARS, MAX_REASON_CHARS,
  type CheckDraftInput, type CheckOrigin, type CustomerContextInput, type DraftCheckDeps, type DraftCheckOutcome, type DraftCheckService,
} from './draft-check.js';
export { applyEdit, applyEdits, editsFor, fixAll, sentenceAround, type DraftEdit, type FindingEdit, type FixAllOutcome } from './revise-draft.js';
export { draftLocale } from './draft-language.js';
export { EMPATHY_OPENERS } from './empathy-openers.js';
export { groupCommitAudit } from './group-commit-audit.js';
export {
  createOutboxDispatcher, defaultBackoffMs, DEFAULT_MAX_ATTEMPTS, DeliveryDeferredError,
  type OutboxDispatcher, type OutboxDispatcherOptions, type OutboxGiveUpHandler, type OutboxSubscriber,
} from './outbox-dispatcher.js';
export { createDeadlineWatcher, reminderDue, type DeadlineWatcher, type DeadlineWatcherOptions } from './deadline-watcher.js';
export { createSurveyDelivery, createSurveyWatcher, surveyDue, SURVEY_SENT_EVENT, type SurveyWatcher, type SurveyWatcherOptions } from './survey-watcher.js';
export {
  createAgentRelay, createAgentReplyDelivery, type AgentRelay, type AgentRelayDeps, type AgentReplyDeliveryOutcome, type RelayOutcome, type RelayRequest,
} from './agent-relay.js';
export {
  createEscalationDesk, isFinished, sortOpenComplaints, THREAD_POSTED_EVENT,
  type AgentRef, type ClaimOutcome, type EscalationDesk, type EscalationDeskDeps, type OpenComplaint, type ReplyOutcome, type ResolveOutcome,
  type ResolveRequest, type TakeOverOutcome,
} from './escalation-desk.js';
export { loadSupervisorReport, supervisorReport, type RuleCount, type SupervisorReport } from './supervisor-report.js';
