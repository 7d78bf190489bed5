// The agents' desk: application services shared by every agent channel (Slack first).
export {
  createDraftCheck, withEmpathyPolicy, DraftCheckInputError, MAX_DRAFT_CHARS, MAX_REASON_CHARS,
  type CheckDraftInput, type CheckOrigin, type CustomerContextInput, type DraftCheckDeps, type DraftCheckOutcome, type DraftCheckService,
} from './draft-check.js';
export { applyEdit, applyEdits, editsFor, fixAll, sentenceAround, type DraftEdit, type FindingEdit, type FixAllOutcome } from './revise-draft.js';
export { draftLocale } from './draft-language.js';
export { EMPATHY_OPENERS } from './empathy-openers.js';
export { groupCommitAudit } from './group-commit-audit.js';
