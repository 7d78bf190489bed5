import {
  COMPLAINT_SCHEMA_VERSION, ComplaintDraftSchema, ComplaintRecordSchema,
  type Channel, type ComplaintDraft, type ComplaintRecord,
} from '../contracts/complaint.js';
import type { ComplaintConfig } from './config.js';
import { deadlinesFor } from './deadlines.js';
import { complaintDay, formatComplaintId } from './ids.js';
import { queueOwner, routeDepartment } from './routing.js';

export interface NewComplaintOptions {
  now: Date;
  config: ComplaintConfig;
  /** This complaint's number within its business day (see complaintDay), from the store's per-day sequence. */
  sequence: number;
  /** Who recorded it: the bot (`bot:<name>`), an agent, or `system` for imports. */
  actor: string;
}

export class ComplaintDraftError extends Error {
  constructor(message: string, readonly issues: string[]) {
    super(message);
    this.name = 'ComplaintDraftError';
  }
}

/**
 * Turns an accepted draft into a complaint record: numbered, routed to its
 * department, owned (by the first responder, or the department queue until
 * someone acknowledges), with working-day deadlines and a first history entry.
 */
export function newComplaint(draft: ComplaintDraft, options: NewComplaintOptions): ComplaintRecord {
  const parsed = ComplaintDraftSchema.safeParse(draft);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'draft'}: ${issue.message}`);
    throw new ComplaintDraftError(`complaint draft is invalid, nothing was stored: ${issues.join('; ')}`, issues);
  }
  const d = parsed.data;
  const { now, config } = options;
  const at = now.toISOString();
  const department = routeDepartment(d.category, config.routing);
  const owner = d.owner ?? queueOwner(department);
  const record: ComplaintRecord = {
    schemaVersion: COMPLAINT_SCHEMA_VERSION,
    id: formatComplaintId(complaintDay(now, config.calendar.timeZone), options.sequence),
    channel: d.channel,
    locale: d.locale,
    customer: d.customer,
    subject: d.subject,
    description: d.description,
    facts: d.facts,
    ...(d.triage ? { triage: d.triage } : {}),
    desiredResolution: d.desiredResolution,
    ...(d.desiredResolutions && d.desiredResolutions.length > 0 ? { desiredResolutions: d.desiredResolutions } : {}),
    category: d.category,
    department,
    severity: d.severity,
    owner,
    status: 'received',
    ...deadlinesFor({ category: d.category, severity: d.severity, start: now }, config.deadlines, config.calendar),
    createdAt: at,
    updatedAt: at,
    version: 1,
    history: [{
      at, actor: options.actor, channel: d.channel as Channel, event: 'received', to: 'received',
      detail: { department, owner },
    }],
  };
  // The record is the contract other areas rely on: fail here, not in a reader.
  return ComplaintRecordSchema.parse(record);
}
