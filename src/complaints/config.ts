import { z } from 'zod';
import { DataFileError, parseDataFile } from '../contracts/data-file.js';
import { CATEGORY_LABELS, CategoryLabelSchema } from '../contracts/triage.js';
import { ResolutionTypeSchema, SeverityLevelSchema } from '../contracts/complaint.js';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM (24 h)');

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
const isoWeekday = z.number().int().min(1).max(7);

export const BusinessCalendarSchema = z.object({
  /** IANA zone in which working days and the end of the working day are reckoned. */
  timeZone: z.string().refine(isKnownTimeZone, 'unknown IANA time zone (e.g. Asia/Shanghai, Europe/London)'),
  weekend: z.array(isoWeekday).default([6, 7]),
  /** Public holidays: no work even on a weekday. */
  holidays: z.array(isoDay).default([]),
  /** Make-up working days (调休): work even on a weekend day. */
  workdays: z.array(isoDay).default([]),
  /** A deadline expires at this local time on its working day. */
  workdayEnd: clock.default('18:00'),
}).superRefine((calendar, ctx) => {
  const both = calendar.holidays.filter((day) => calendar.workdays.includes(day));
  if (both.length > 0) ctx.addIssue({ code: 'custom', path: ['workdays'], message: `listed both as holiday and as make-up working day: ${both.join(', ')}` });
});
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

/** Working days allowed for each deadline, counted from the day the clock starts (0 = the same working day). */
export const DeadlineDaysSchema = z.object({
  ack: z.number().int().min(0),
  investigate: z.number().int().min(0),
  resolve: z.number().int().min(0),
  /**
   * Acknowledge within this many hours when the clock starts during a working day (never later
   * than the `ack` deadline); something received after hours waits for the working day's end.
   */
  ackWithinHours: z.number().positive().optional(),
});
export type DeadlineDays = z.infer<typeof DeadlineDaysSchema>;

const PartialDeadlineDaysSchema = DeadlineDaysSchema.partial();

export const DeadlinePolicySchema = z.object({
  default: DeadlineDaysSchema,
  /** Overrides per category, applied over the default. */
  category: z.partialRecord(CategoryLabelSchema, PartialDeadlineDaysSchema).default({}),
  /** Overrides per severity, applied last so a major complaint is always fast. */
  severity: z.partialRecord(SeverityLevelSchema, PartialDeadlineDaysSchema).default({}),
});
export type DeadlinePolicy = z.infer<typeof DeadlinePolicySchema>;

export const ApprovalRuleSchema = z.object({
  type: ResolutionTypeSchema,
  /** Needs a supervisor when the amount (smallest currency unit) is at least this; omit to require approval always. */
  minAmount: z.number().nonnegative().optional(),
});
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;

export const ApprovalPolicySchema = z.object({
  rules: z.array(ApprovalRuleSchema).default([]),
  /** Every solution for a major complaint goes to a supervisor. */
  majorAlwaysNeedsApproval: z.boolean().default(true),
  /** The approver must not be the owner who proposed the solution. */
  approverMustDifferFromOwner: z.boolean().default(true),
});
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

export const RoutingSchema = z.object({
  departments: z.partialRecord(CategoryLabelSchema, z.string().min(1)).default({}),
  /** Where a category without a row goes. */
  fallback: z.string().min(1),
});
export type Routing = z.infer<typeof RoutingSchema>;

export const ComplaintConfigSchema = z.object({
  calendar: BusinessCalendarSchema,
  routing: RoutingSchema,
  deadlines: DeadlinePolicySchema,
  approval: ApprovalPolicySchema,
});
export type ComplaintConfig = z.infer<typeof ComplaintConfigSchema>;

/**
 * Parses and validates complaint configuration from YAML text. Throws
 * DataFileError naming `source:line:col` of each offending value, so an
 * operator can fix the file.
 */
export function parseComplaintConfig(text: string, source: string): ComplaintConfig {
  try {
    return parseDataFile(source, text, ComplaintConfigSchema).data;
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    throw new DataFileError(error.problems, {
      heading: `invalid complaint configuration in ${source}`,
      hint: `Fix the values above (categories are: ${CATEGORY_LABELS.join(', ')}).`,
    });
  }
}

/** Validates configuration given as a plain object (tests, programmatic overrides); no file, so no positions. */
export function validateComplaintConfig(value: unknown): ComplaintConfig {
  const result = ComplaintConfigSchema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(`invalid complaint configuration:\n  ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n  ')}`);
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
