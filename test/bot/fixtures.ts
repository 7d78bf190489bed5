import { ConversationState, MemoryStorage, type Activity, type TurnContext } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import type { Dialog } from 'botbuilder-dialogs';
import { TriageResultSchema, type TriageResult } from '../../src/contracts/triage.js';
import type { Locale } from '../../src/contracts/complaint.js';
import { createBotServices, loadDialogData, type DialogData } from '../../src/bot/index.js';
import type {
  AppealOutcome, BotLogger, ComplaintDesk, ComplaintStatusView, ContactDetail, HandoffRequest, HandoffTicket, LodgeRequest, LodgedComplaint,
} from '../../src/bot/ports.js';
import type { BotServices } from '../../src/bot/services.js';
import type { ClosingMessageInput } from '../../src/desk/complaint-desk.js';
import { type StatusGuessCounter, storageGuessCounter } from '../../src/bot/status-guesses.js';
import type { Wording } from '../../src/bot/wording.js';

export const data: DialogData = loadDialogData();
export const words = (locale: Locale): Wording => data.wording[locale];
export const NOW = new Date('2026-11-23T02:00:00Z');
export const TIME_ZONE = 'Asia/Shanghai';

type TriageOverrides = {
  motive?: NonNullable<TriageResult['motive']>;
  kind?: NonNullable<TriageResult['kind']>['label'];
  lang?: TriageResult['lang'];
  intent?: TriageResult['intent']['label'];
  category?: TriageResult['category']['label'];
  emotion?: TriageResult['emotion'];
  escalate?: TriageResult['escalate'];
  entities?: TriageResult['entities'];
};

/** A schema-valid triage result; tests state exactly what triage "saw". */
export function triageResult(o: TriageOverrides = {}): TriageResult {
  return TriageResultSchema.parse({
    lang: o.lang ?? 'en',
    intent: { label: o.intent ?? 'unspecified', confidence: 0.8, runnersUp: [] },
    category: { label: o.category ?? 'other', confidence: 0.8, runnersUp: [] },
    emotion: o.emotion ?? { label: 'neutral', intensity: 0.1 },
    escalate: o.escalate ?? { value: false, reasons: [] },
    entities: o.entities ?? [],
    ...(o.motive ? { motive: o.motive } : {}),
    ...(o.kind ? { kind: { label: o.kind, confidence: 0.9 } } : {}),
  });
}

/** A triage port that answers with a fixed result and records every story it was given. */
export function scriptedTriage(result: TriageResult): ((text: string) => TriageResult) & { stories: string[] } {
  const stories: string[] = [];
  return Object.assign((text: string) => { stories.push(text); return result; }, { stories });
}

interface StoredComplaint extends LodgeRequest { id: string; owner: string; status: ComplaintStatusView['status']; satisfaction?: { score: number; comment: string | undefined }; appeal?: string }

/**
 * An in-memory ComplaintDesk that keeps what the bot asked it to do, so the
 * dialog tests can check what would be recorded. The real one over the Store
 * is tested in test/desk/complaint-desk.test.ts.
 */
export class MemoryDesk implements ComplaintDesk {
  complaints: StoredComplaint[] = [];
  handoffs: Array<HandoffRequest & { complaintId: string }> = [];
  failNextLodge = false;
  private seq = 0;

  private nextId(): string {
    this.seq++;
    return `C-20261123-${String(this.seq).padStart(4, '0')}`;
  }

  async lodge(request: LodgeRequest): Promise<LodgedComplaint> {
    if (this.failNextLodge) { this.failNextLodge = false; throw new Error('database is locked'); }
    const id = this.nextId();
    this.complaints.push({ ...request, id, owner: 'queue:web_chat', status: 'received' });
    return { id, owner: 'queue:web_chat', replyBy: '2026-11-24T10:00:00.000Z', severity: 'normal' };
  }

  async status(complaintId: string, contact: ContactDetail): Promise<ComplaintStatusView | null> {
    const found = this.complaints.find((c) => c.id === complaintId && c.contact.kind === contact.kind && c.contact.value === contact.value);
    if (!found) return null;
    const open = !['resolved', 'closed', 'rejected'].includes(found.status);
    return { id: found.id, status: found.status, owner: found.owner, nextDeadline: open ? '2026-11-26T10:00:00.000Z' : null, nextDeadlineKind: open ? 'investigate' : null };
  }

  async requestHandoff(request: HandoffRequest): Promise<HandoffTicket> {
    const complaintId = this.nextId();
    this.handoffs.push({ ...request, complaintId });
    return { complaintId, owner: 'supervisor:on-duty', contactBy: '2026-11-23T04:00:00.000Z' };
  }

  async recordSatisfaction(complaintId: string, score: number, comment: string | undefined): Promise<void> {
    const found = this.complaints.find((c) => c.id === complaintId);
    if (!found) throw new Error(`no complaint ${complaintId}`);
    found.satisfaction = { score, comment };
  }

  async appeal(complaintId: string, reason: string): Promise<AppealOutcome> {
    const found = this.complaints.find((c) => c.id === complaintId);
    if (!found) throw new Error(`no complaint ${complaintId}`);
    found.appeal = reason;
    found.status = 'appealed';
    found.owner = 'supervisor:appeals';
    return { id: complaintId, owner: 'supervisor:appeals', replyBy: '2026-11-30T10:00:00.000Z' };
  }

  closingMessages: Array<{ complaintId: string } & ClosingMessageInput> = [];
  async recordClosingMessage(complaintId: string, message: ClosingMessageInput): Promise<void> {
    this.closingMessages.push({ complaintId, ...message });
  }

  addedDetails: Array<{ complaintId: string } & Parameters<ComplaintDesk['addCustomerDetails']>[1]> = [];
  async addCustomerDetails(complaintId: string, details: Parameters<ComplaintDesk['addCustomerDetails']>[1]): Promise<boolean> {
    this.addedDetails.push({ complaintId, ...details });
    return true;
  }

  feedback: Array<Parameters<ComplaintDesk['recordFeedback']>[0]> = [];
  failNextFeedback = false;
  async recordFeedback(request: Parameters<ComplaintDesk['recordFeedback']>[0]): Promise<{ id: number; createdAt: string }> {
    if (this.failNextFeedback) { this.failNextFeedback = false; throw new Error('database is locked'); }
    this.feedback.push(request);
    return { id: this.feedback.length, createdAt: NOW.toISOString() };
  }

  duringHandoff: Array<Parameters<ComplaintDesk['customerWroteDuringHandoff']>[0]> = [];
  async customerWroteDuringHandoff(message: Parameters<ComplaintDesk['customerWroteDuringHandoff']>[0]): Promise<void> {
    this.duringHandoff.push(message);
  }
}

export class RecordingLogger implements BotLogger {
  warnings: Array<{ message: string; detail?: Record<string, unknown> }> = [];
  errors: Array<{ message: string; detail?: Record<string, unknown> }> = [];
  warn(message: string, detail?: Record<string, unknown>) { this.warnings.push({ message, ...(detail ? { detail } : {}) }); }
  error(message: string, detail?: Record<string, unknown>) { this.errors.push({ message, ...(detail ? { detail } : {}) }); }
}

const CHANNEL_LOCALE: Record<Locale, string> = { en: 'en-GB', 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-TW' };
export const channelLocale = (locale: Locale): string => CHANNEL_LOCALE[locale];

export interface Harness {
  client: DialogTestClient;
  services: BotServices;
  desk: MemoryDesk;
  logger: RecordingLogger;
  /** Sends a message (or activity) and returns every reply of that turn. */
  say(input: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  /** The conversation state as stored after the last turn (what the bot keeps outside the dialog stack). */
  stored(): Promise<Record<string, unknown>>;
  /** Every text the bot has sent so far in this conversation. */
  sent(): string[];
  /** The texts of the replies of one turn. */
  texts(input: string | Partial<Activity>): Promise<string[]>;
}

export function harness(makeDialog: (services: BotServices) => Dialog, opts: {
  triage?: (text: string) => TriageResult; desk?: MemoryDesk; options?: unknown; locale?: string;
  /** Share one to see counts across conversations; default a fresh one per harness. */
  statusGuesses?: StatusGuessCounter;
  /** The conversation's clock; default NOW. */
  now?: Date;
} = {}): Harness {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  let conversationId = '';
  const history: string[] = [];
  const desk = opts.desk ?? new MemoryDesk();
  const logger = new RecordingLogger();
  const services = createBotServices({
    conversationState, data, desk, triage: opts.triage ?? scriptedTriage(triageResult()), clock: () => opts.now ?? NOW, timeZone: TIME_ZONE, logger,
    statusGuesses: opts.statusGuesses ?? storageGuessCounter(storage, data.flows.status.complaintLockHours * 3600_000, () => opts.now ?? NOW),
  });
  const rememberConversation = { onTurn: async (ctx: TurnContext, next: () => Promise<void>) => { conversationId = ctx.activity.conversation.id; await next(); } };
  const client = new DialogTestClient('test', makeDialog(services), opts.options, [rememberConversation], conversationState);
  const say = async (input: string | Partial<Activity>) => {
    const activity: Partial<Activity> = typeof input === 'string' ? { type: 'message', text: input } : input;
    if (opts.locale && !activity.locale) activity.locale = opts.locale;
    const replies: Partial<Activity>[] = [];
    let reply = await client.sendActivity(activity);
    while (reply) { replies.push(reply); reply = client.getNextReply(); }
    history.push(...replies.map((r) => r.text ?? '').filter((t) => t !== ''));
    return replies;
  };
  return {
    client, services, desk, logger, say,
    sent: () => [...history],
    stored: async () => {
      const key = `test/conversations/${conversationId}/`;
      return ((await storage.read([key]))[key] ?? {}) as Record<string, unknown>;
    },
    texts: async (input) => (await say(input)).map((r) => r.text ?? '').filter((t) => t !== ''),
  };
}

interface CardElement { type: string; id?: string; text?: string; items?: CardElement[] }

/** The read-back card's items: each label (bold) and the customer's words under it. */
export function cardItems(activity: Partial<Activity> | undefined): Array<{ title: string; value: string }> {
  const card = activity?.attachments?.[0]?.content as { body: CardElement[] } | undefined;
  return (card?.body ?? []).filter((b) => b.type === 'Container').map((c) => ({ title: c.items![0]!.text!, value: c.items![1]!.text! }));
}

export const buttonsOf = (activity: Partial<Activity> | undefined): string[] =>
  (activity?.suggestedActions?.actions ?? []).map((a) => String(a.title));
