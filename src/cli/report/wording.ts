// The words of `hearken report`, per language, from dialogs/report/<locale>.yaml (validated with
// zod; problems are reported as file:line:col). Every label set covers its whole vocabulary, so a
// new category or channel fails here, not as a blank in a supervisor's report; guard rule categories
// are an open list (lexicons/guard/categories.yaml), so a category not named here shows by its id.
import { join } from 'node:path';
import { z } from 'zod';
import { ChannelSchema, ComplaintStatusSchema, ResolutionTypeSchema, type Locale } from '../../contracts/complaint.js';
import { CATEGORY_LABELS, EMOTION_LABELS, ESCALATION_REASONS } from '../../contracts/triage.js';
import { loadDataFile } from '../../lexicon-files/data-files.js';
import { packageRoot } from '../../lexicon-files/package-root.js';

const text = z.string().trim().min(1);
const every = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, text])) as Record<K, typeof text>).strict();

export const ReportWordingSchema = z.object({
  title: text, period: text, timeZone: text, generated: text, anonymous: text, noData: text, noDataHint: text, chartNoData: text, more: text,
  tiles: every(['complaints', 'onTime', 'overdue', 'checks', 'blocked']),
  sections: every(['complaints', 'deadlines', 'outcomes', 'guard', 'triage']),
  charts: every(['volumeByCategory', 'volumeByChannel', 'compliance', 'overdue', 'resolutions', 'satisfaction', 'appeals',
    'blocksPerDay', 'blocksByRule', 'blocksByCategory', 'acceptance', 'disputes', 'agents', 'emotions', 'escalation']),
  notes: every(['compliance', 'satisfaction', 'appeals', 'acceptance', 'agents', 'escalation']),
  columns: every(['id', 'status', 'category', 'owner', 'deadline', 'standing', 'subject']),
  standing: every(['dueToday', 'left', 'overdue', 'overdueToday']),
  labels: z.object({
    deadline: every(['ack', 'investigate', 'resolve']),
    appeals: every(['appealed', 'notAppealed']),
    hidden: text,
    category: every(CATEGORY_LABELS),
    guardCategory: z.record(z.string().regex(/^[a-z][a-z_]*$/, 'must be a guard rule category id'), text),
    channel: every(ChannelSchema.options),
    emotion: every(EMOTION_LABELS),
    escalation: every(ESCALATION_REASONS),
    resolution: every(ResolutionTypeSchema.options),
    status: every(ComplaintStatusSchema.options),
    score: text,
  }).strict(),
}).strict();
export type ReportWording = z.infer<typeof ReportWordingSchema>;

/** The report's words in one language; throws DialogDataError naming file:line:col when the file is wrong. */
export function loadReportWording(locale: Locale, dir = join(packageRoot(), 'dialogs', 'report')): ReportWording {
  return loadDataFile(join(dir, `${locale}.yaml`), ReportWordingSchema).data;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
