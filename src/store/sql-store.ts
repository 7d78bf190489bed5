// The Store: one repository per table family, each in its own file, over one
// Kysely handle shared by SQLite and PostgreSQL.
import type { ComplaintConfig } from '../complaints/index.js';
import { chatTranscripts } from './chat-transcripts.js';
import { complaintRepository } from './complaint-repository.js';
import { escalationThreadRepository } from './escalation-thread-repository.js';
import { feedbackRepository } from './feedback-repository.js';
import { guardAuditRepository } from './guard-audit-repository.js';
import { insightReads } from './insight-reads.js';
import { outboxRepository } from './outbox-repository.js';
import { reminderRepository } from './reminder-repository.js';
import type { Db } from './schema.js';
import { stateStorage } from './state-storage.js';
import { surveyRepository } from './survey-repository.js';
import { lexiconVersionRepository } from './lexicon-version-repository.js';
import type { Backend, Store } from './types.js';

/**
 * The Store over Kysely: one code path for SQLite and PostgreSQL. The only
 * backend-specific query is the claim of work rows (claims.ts), which adds FOR
 * UPDATE SKIP LOCKED on PostgreSQL (SQLite serialises writers instead).
 */
export function createSqlStore(backend: Backend, db: Db, config: ComplaintConfig, onClose: () => Promise<void> = () => db.destroy()): Store {
  const complaints = complaintRepository(db, config);
  const state = stateStorage(db);
  let closed = false;
  return {
    backend,
    complaints,
    transcripts: chatTranscripts(state, complaints),
    guardAudit: guardAuditRepository(db),
    botStorage: state,
    reminders: reminderRepository(backend, db),
    outbox: outboxRepository(backend, db),
    surveys: surveyRepository(backend, db),
    escalations: escalationThreadRepository(db),
    lexiconVersions: lexiconVersionRepository(db),
    feedback: feedbackRepository(db),
    insights: insightReads(db),
    async close() {
      if (closed) return;
      closed = true;
      await onClose();
    },
  };
}
