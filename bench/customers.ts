#!/usr/bin/env node
/**
 * `npm run drive:customers`: plays the blind customers of test/bot/blind/customers.yaml
 * against the real server (`node dist/src/server/main.js` as a child process) over the
 * Direct Line 3.0 HTTP API, the way Web Chat does, then reads the stored complaints and
 * scores each conversation against the customer's `expect`.
 *
 * The customers were written by someone who never read dialogs/; this driver may read
 * the wording, but only to recognise which question the bot is asking. It never looks
 * at the bot's synonyms to phrase an answer: it types the customer's own lines and taps
 * a button only where a Web Chat user would (the confirmation, a single wanted outcome,
 * the "Change: …" item to correct).
 *
 *   node dist/bench/customers.js [--only ID]… [--verbose] [--json] [--parallel N] [--customers FILE]
 *
 * Not a *.bench.js file, so `npm run bench` does not pick it up: it measures behaviour, not speed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadDialogData } from '../src/bot/index.js';
import { wordingStrings, type Wording } from '../src/bot/wording.js';

/** Every wording a bot message may be in: the three languages and their regional forms (Hong Kong). */
type WordingBook = Readonly<Record<string, Wording>>;
import type { ComplaintRecord, Locale } from '../src/contracts/complaint.js';
import { detectLanguage } from '../src/script/detect-language.js';
import { foldTraditional } from '../src/script/fold-traditional.js';
import { buildScriptTables, scriptCharactersOf, type ScriptTables } from '../src/script/script-tables.js';
import { openSqliteStore } from '../src/store/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER_MAIN = join(ROOT, 'dist', 'src', 'server', 'main.js');
const DEFAULT_CUSTOMERS = join(ROOT, 'test', 'bot', 'blind', 'customers.yaml');
/** Short, so the listening phase ends without the production 20 s wait. */
const LISTEN_PAUSE_MS = 1500;
const MAX_CUSTOMER_MESSAGES = 25;
const MAX_CONVERSATION_MS = 90_000;
/** A question asked this many times (first ask + re-prompts) is given up on: the customer has nothing better to say. */
const MAX_ASKS_PER_PROMPT = 3;

// ------------------------------------------------------------------ customers file

const ANSWER_SLOTS = ['order', 'contact', 'name', 'when', 'want', 'confirm', 'other'] as const;
type AnswerSlot = (typeof ANSWER_SLOTS)[number];
const OUTCOMES = ['refund', 'replacement', 'repair', 'compensation', 'apology', 'explanation'] as const;
const CUSTOMER_REASONS = ['media', 'regulator', 'lawyer', 'safety', 'repeat'] as const;
const FACT_KINDS = ['order', 'phone', 'email', 'name', 'incident_date'] as const;
type FactKind = (typeof FACT_KINDS)[number];

const CustomerSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(['en', 'zh-Hans', 'zh-Hant']),
  persona: z.string().default(''),
  opening: z.array(z.string().min(1)).min(1),
  answers: z.object(Object.fromEntries(ANSWER_SLOTS.map((s) => [s, z.string().min(1).optional()])) as Record<AnswerSlot, z.ZodOptional<z.ZodString>>).strict(),
  interjections: z.array(z.object({ after: z.number().int().min(0), text: z.string().min(1) }).strict()).default([]),
  closing: z.string().min(1).optional(),
  expect: z.object({
    complaint: z.boolean(),
    facts: z.object(Object.fromEntries(FACT_KINDS.map((k) => [k, z.string().nullable()])) as Record<FactKind, z.ZodNullable<z.ZodString>>).strict(),
    want: z.array(z.enum(OUTCOMES)),
    escalate: z.array(z.enum(CUSTOMER_REASONS)),
    handoff: z.boolean(),
  }).strict(),
}).strict();
type Customer = z.infer<typeof CustomerSchema>;

function loadCustomers(file: string): Customer[] {
  const parsed = z.object({ customers: z.array(CustomerSchema).min(1) }).safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const ids = new Set<string>();
  for (const c of parsed.data.customers) {
    if (ids.has(c.id)) throw new Error(`${file}: customer id ${c.id} appears twice`);
    ids.add(c.id);
  }
  return parsed.data.customers;
}

/** The channel locale Web Chat would send: en-GB for the UK customers, zh-HK or zh-TW by the persona. */
function channelLocale(customer: Customer): string {
  if (customer.lang === 'en') return 'en-GB';
  if (customer.lang === 'zh-Hans') return 'zh-CN';
  return /香港|廣東話|广东话/.test(customer.persona) ? 'zh-HK' : 'zh-TW';
}

// ------------------------------------------------------------------ the server

interface RunningServer {
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

async function startServer(): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearken-customers-'));
  const child: ChildProcess = spawn(process.execPath, [SERVER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HEARKEN_DATA_DIR: dataDir,
      DATABASE_URL: '', // always a fresh SQLite file, never a shared database
      HEARKEN_DIRECTLINE_SECRET: randomBytes(36).toString('base64'),
      HEARKEN_LISTEN_PAUSE_MS: String(LISTEN_PAUSE_MS),
      HEARKEN_NEW_CHAT_BURST: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the server did not print its URL within 30 s:\n${output}`)), 30_000);
      child.stdout!.on('data', () => {
        const match = /Hearken web chat: (http:\/\/[^\s/]+)\//.exec(output);
        if (match) {
          clearTimeout(timer);
          done(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the server exited with ${code} before listening (did you run npm run build?):\n${output}`));
      });
    });
    return { url, dataDir, output: () => output, stop };
  } catch (error) {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

// ------------------------------------------------------------------ Direct Line, as Web Chat uses it

interface BotMessage { text: string; buttons: string[]; card: boolean }
interface WireActivity {
  type: string;
  text?: string;
  from?: { id: string; role?: string };
  suggestedActions?: { actions?: Array<{ title?: string; value?: unknown }> };
  attachments?: unknown[];
}

class DirectLineCustomer {
  conversationId = '';
  private token = '';
  private watermark = '';
  private readonly userId = `dl_${randomBytes(6).toString('hex')}`;

  constructor(private readonly baseUrl: string, private readonly locale: string) {}

  async start(): Promise<void> {
    const issued = await this.request<{ conversationId: string; token: string }>('POST', '/v3/directline/tokens/generate', { locale: this.locale });
    this.conversationId = issued.conversationId;
    this.token = issued.token;
    await this.request('POST', '/v3/directline/conversations', { locale: this.locale });
  }

  /** Posts one message; the answer comes back when the bot's turn is over. */
  async send(text: string): Promise<void> {
    await this.request('POST', `/v3/directline/conversations/${this.conversationId}/activities`, {
      type: 'message', from: { id: this.userId, role: 'user' }, text, locale: this.locale, textFormat: 'plain',
      channelData: { clientActivityID: `${Date.now()}${randomBytes(4).toString('hex')}` },
    });
  }

  /** The bot's messages since the last poll. */
  async poll(): Promise<BotMessage[]> {
    const set = await this.request<{ activities: WireActivity[]; watermark?: string }>(
      'GET', `/v3/directline/conversations/${this.conversationId}/activities?watermark=${encodeURIComponent(this.watermark)}`,
    );
    if (set.watermark !== undefined) this.watermark = set.watermark;
    return set.activities
      .filter((a) => a.type === 'message' && a.from?.role === 'bot')
      .map((a) => ({
        text: a.text ?? '',
        buttons: (a.suggestedActions?.actions ?? []).map((x) => String(x.value ?? x.title ?? '')),
        card: (a.attachments?.length ?? 0) > 0,
      }));
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      // The per-conversation limit is a burst of 20 then 1/s; a fast driver waits like a slow typist would.
      if (res.status === 429 && attempt < 5) {
        await sleep(1000 * Math.max(1, Number(res.headers.get('retry-after') ?? '1')));
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    }
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// ------------------------------------------------------------------ which question is the bot asking?

interface WordingPattern { key: string; pattern: RegExp; length: number }

/**
 * Every message of the three wording files as a pattern ({placeholders} match
 * anything), longest first, so a bot message can be split into the wording
 * keys it is made of (the empathy line, for one, is three messages joined).
 */
function wordingPatterns(book: WordingBook): WordingPattern[] {
  const patterns: WordingPattern[] = [];
  for (const wording of Object.values(book)) {
    for (const { path, text } of wordingStrings(wording)) {
      if (path.includes('synonyms') || path[path.length - 1] === 'label' || path[0] === 'satisfaction' && path[1] === 'scores') continue;
      const source = text.trim().split(/\{\w+\}/).map(escapeRegExp).join('.+?');
      patterns.push({ key: path.join('.'), pattern: new RegExp(source, 'su'), length: text.length });
    }
  }
  return patterns.sort((a, b) => b.length - a.length);
}

/** The wording keys a bot message is made of, in the order they appear. */
function wordingKeys(text: string, patterns: WordingPattern[]): string[] {
  const found: Array<{ key: string; at: number; end: number }> = [];
  for (const { key, pattern } of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const at = match.index;
    const end = at + match[0].length;
    if (found.some((f) => at < f.end && end > f.at)) continue;
    found.push({ key, at, end });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.key);
}

/** For a prompt the wording files do not hold (the wording changed since): what does it seem to ask for? */
function guessPromptKey(text: string): string | null {
  const t = text.toLowerCase();
  if (/phone|e-?mail|reach you|手机|手機|邮箱|郵箱|電郵|電話|电话|联系|聯絡|聯繫/.test(t)) return 'facts.contact.ask';
  if (/order|订单|訂單|單號|单号/.test(t)) return 'facts.order_number.ask';
  if (/when|什么时候|什麼時候|幾時|几时|日期/.test(t)) return 'facts.when.ask';
  if (/put this right|would you like us|怎样处理|怎樣處理|點樣處理|希望我們|希望我们/.test(t)) return 'resolution.ask';
  if (/is everything right|correct\?|核对|核對|正確嗎|正确吗/.test(t)) return 'readback.intro';
  if (/anything else|还有什么|還有什麼|仲有乜/.test(t)) return 'closing.done';
  return null;
}

// ------------------------------------------------------------------ one customer

type Move =
  | { kind: 'menu' } | { kind: 'tell' } | { kind: 'listening' }
  | { kind: 'fact'; fact: string; retry: boolean; withName?: boolean }
  | { kind: 'withoutOrder' }
  | { kind: 'confirm'; retry: boolean } | { kind: 'newValue' }
  | { kind: 'want'; retry: boolean } | { kind: 'wantText' }
  | { kind: 'closing' } | { kind: 'recordRetry' } | { kind: 'error' };

function moveFor(key: string): Move | null {
  const fact = /^facts\.(\w+)\.(ask|retry|askNameKnown)$/.exec(key);
  if (fact) return { kind: 'fact', fact: fact[1]!, retry: fact[2] === 'retry', ...(fact[1] === 'contact' && fact[2] === 'ask' ? { withName: true } : {}) };
  switch (key) {
    case 'greeting.choose': case 'greeting.again': case 'menu.unclear': return { kind: 'menu' };
    case 'facts.order_number.without': return { kind: 'withoutOrder' };
    case 'listen.ask': case 'listen.askAgain': return { kind: 'tell' };
    case 'help.listening': return { kind: 'listening' };
    case 'readback.intro': return { kind: 'confirm', retry: false };
    case 'readback.whichRetry': case 'readback.askWhich': return { kind: 'confirm', retry: true };
    case 'readback.newValue': return { kind: 'newValue' };
    case 'resolution.ask': case 'resolution.askEarly': return { kind: 'want', retry: false };
    case 'resolution.retry': return { kind: 'want', retry: true };
    case 'resolution.other': return { kind: 'wantText' };
    case 'closing.done': return { kind: 'closing' };
    case 'record.failed': return { kind: 'recordRetry' };
    case 'errors.generic': case 'handoff.failed': return { kind: 'error' };
    default: return null;
  }
}

/** Which of the customer's prepared answers a fact question calls for. */
const FACT_SLOT: Record<string, AnswerSlot> = {
  affected: 'order', order_number: 'order', product: 'order', when: 'when', bill_period: 'when', contact: 'contact', name: 'name',
};

/**
 * Questions the writer did not prepare an answer for (they never saw the bot's facts).
 * A real customer would just answer them, so the driver gives a neutral, valid answer
 * rather than letting a missing script line dead-end the conversation; the report notes it.
 */
const UNPREPARED: Record<string, Record<'en' | 'zh-Hans' | 'zh-HK' | 'zh-TW', string>> = {
  delivery_address: { en: '12 Station Road, Leeds LS1 4DY', 'zh-Hans': '上海市静安区南京西路100号', 'zh-HK': '九龍旺角彌敦道600號', 'zh-TW': '台北市信義區信義路五段7號' },
  where: { en: 'at home', 'zh-Hans': '在家里', 'zh-HK': '喺屋企', 'zh-TW': '在家裡' },
  promise: { en: 'the shop said it would be sorted out', 'zh-Hans': '客服说会帮我处理好', 'zh-HK': '客服話會幫我搞掂', 'zh-TW': '客服說會幫我處理好' },
};

/** A bill month the way the bot's own retry example writes it, for a customer told "please give the month of the bill". */
function currentBillMonth(lang: Locale, now = new Date()): string {
  if (lang === 'en') return now.toLocaleString('en-GB', { month: 'long', year: 'numeric' });
  return `${now.getFullYear()}年${now.getMonth() + 1}月`;
}

interface TranscriptLine { who: 'bot' | 'customer'; text: string; keys?: string[]; buttons?: string[]; tapped?: boolean; afterEnd?: boolean }

interface Conversation {
  customer: Customer;
  conversationId: string;
  transcript: TranscriptLine[];
  /** `thanked`: a suggestion or praise the bot thanked and kept as feedback, no complaint. */
  outcome: 'recorded' | 'handoff' | 'cancelled' | 'thanked' | 'stuck' | 'capped' | 'silent' | 'failed';
  reasks: number;
  reaskSlots: string[];
  /** Questions for something the customer had already put in the opening story. */
  storyReasks: string[];
  messagesSent: number;
  /** Whether the bot asked when it happened (otherwise a stored date came from the story). */
  askedWhen: boolean;
  ms: number;
  notes: string[];
}

class Ended extends Error {
  constructor(readonly outcome: Conversation['outcome'], message: string) {
    super(message);
  }
}

const ORDER_TOKEN = /\b[A-Za-z]{1,4}-?\d{6,14}\b|(?<![\d+])\d{6,16}(?!\d)/u;
const EMAIL_TOKEN = /[^\s@,，;；:：()（）]+@[^\s@,，;；()（）]+\.[A-Za-z]{2,}/u;
const PHONE_TOKEN = /\+?\d[\d\s\-()]{5,20}\d/u;
const AFFIRMATIVE = /^(yes|yeah|yep|yup|correct|ok|okay|right|sure|that's right|对|對|是|嗯|没错|沒錯|没问题|沒問題|冇問題|啱|係|好|可以)/iu;
const NEGATIVE = /^(no\b|nope|not\b|wrong|不|唔|冇錯嘅|錯)/iu;
const CONTACT_WORDS = /phone|mobile|number is|email|手机|手機|电话|電話|邮箱|郵箱|電郵|tel/iu;

/** The bare value inside an answer ("ring me on 07700 900461" → "07700 900461"), the way a customer retries after "that doesn't look like…". */
function bareValue(slot: AnswerSlot | 'correction', text: string): string | null {
  const normal = text.normalize('NFKC');
  if (slot === 'contact' || slot === 'correction') {
    const email = EMAIL_TOKEN.exec(normal);
    const phone = PHONE_TOKEN.exec(normal);
    if (email && (!phone || email.index < phone.index)) return email[0];
    if (phone) return phone[0].trim();
    return null;
  }
  if (slot === 'order') return ORDER_TOKEN.exec(normal)?.[0] ?? null;
  return null;
}

class CustomerPlayer {
  private readonly dl: DirectLineCustomer;
  private readonly conversation: Conversation;
  private readonly started = Date.now();
  private readonly asked = new Map<string, number>();
  private readonly answered = new Set<string>();
  private readonly sentByPrompt = new Map<string, string[]>();
  private readonly interjections: Customer['interjections'];
  private pending: BotMessage[] = [];
  private tellings = 0;
  private recorded = false;
  private handedOff = false;
  private cancelled = false;
  /** The bot thanked a suggestion or praise (kept as feedback) instead of taking a complaint. */
  private thanked = false;
  private correctionSent = false;
  private askedWhen = false;
  private correctionApplied = false;
  private lastKey = '';
  private errorsSeen = 0;
  private lastSent = '';
  private endIndex = -1;

  constructor(baseUrl: string, private readonly customer: Customer, private readonly patterns: WordingPattern[], private readonly book: WordingBook) {
    this.dl = new DirectLineCustomer(baseUrl, channelLocale(customer));
    this.interjections = [...customer.interjections].sort((a, b) => a.after - b.after);
    this.conversation = {
      customer, conversationId: '', transcript: [], outcome: 'failed', reasks: 0, reaskSlots: [], storyReasks: [], messagesSent: 0, askedWhen: false, ms: 0, notes: [],
    };
  }

  async play(): Promise<Conversation> {
    const c = this.conversation;
    try {
      await this.dl.start();
      c.conversationId = this.dl.conversationId;
      // The welcome turn runs when the conversation starts; read the greeting before typing.
      await this.waitForBot(10_000, (keys) => keys.includes('greeting.choose'));
      this.pending = [];
      for (const line of this.customer.opening) await this.say(line);
      await this.converse();
    } catch (error) {
      if (error instanceof Ended) {
        c.outcome = error.outcome;
        if (error.message) c.notes.push(error.message);
      } else {
        c.outcome = 'failed';
        c.notes.push(`driver error: ${(error as Error).message}`);
      }
    }
    if (c.outcome === 'recorded' || c.outcome === 'handoff' || c.outcome === 'cancelled' || c.outcome === 'thanked') await this.finish();
    c.ms = Date.now() - this.started;
    c.askedWhen = this.askedWhen;
    return c;
  }

  private async converse(): Promise<void> {
    for (;;) {
      if (this.pending.length === 0) {
        const waitMs = LISTEN_PAUSE_MS + 5000;
        await this.waitForBot(waitMs, () => true);
        if (this.pending.length === 0) {
          if (this.handedOff) throw this.ended('handoff');
          if (this.recorded) throw this.ended('recorded');
          if (this.interjections.length > 0) {
            await this.say(this.interjections.shift()!.text);
            continue;
          }
          throw new Ended('silent', `bot silent for ${waitMs / 1000} s after "${clip(this.lastSent)}"`);
        }
      }
      const batch = this.pending;
      this.pending = [];
      let move: Move | null = null;
      let moveKey = '';
      let asking = batch[batch.length - 1]!;
      for (const message of batch) {
        const keys = this.keysOf(message);
        for (const key of keys) {
          if (key === 'record.done') this.recorded = true;
          if (key === 'handoff.escalation' || key === 'handoff.request') this.handedOff = true;
          if (key === 'cancel.done') this.cancelled = true;
          if (key === 'feedback.suggestion' || key === 'empathy.compliment') this.thanked = true;
          const m = moveFor(key);
          if (m) {
            move = m;
            moveKey = key;
            asking = message;
          }
        }
      }
      if (this.handedOff) throw this.ended('handoff');
      if (this.cancelled) throw this.ended('cancelled');
      if (!move) {
        // Only statements (empathy, help): the question may follow on its own (the listen pause).
        continue;
      }
      // The buttons that count are the ones on the question being answered.
      await this.perform(move, moveKey, asking);
      this.lastKey = moveKey;
    }
  }

  private keysOf(message: BotMessage): string[] {
    if (!message.text) return [];
    const keys = wordingKeys(message.text, this.patterns);
    if (keys.length > 0) return keys;
    const guessed = guessPromptKey(message.text);
    this.conversation.notes.push(`unknown bot text${guessed ? ` (taken as ${guessed})` : ''}: "${clip(message.text)}"`);
    return guessed ? [guessed] : [];
  }

  private async perform(move: Move, key: string, last: BotMessage): Promise<void> {
    const answers = this.customer.answers;
    // A fact's question and its re-prompt are one question asked again.
    const family = move.kind === 'fact' ? `facts.${move.fact}` : key;
    const asks = (this.asked.get(family) ?? 0) + 1;
    this.asked.set(family, asks);
    if (asks > MAX_ASKS_PER_PROMPT && move.kind !== 'listening') {
      throw new Ended('stuck', `gave up: ${family} asked ${asks} times`);
    }
    switch (move.kind) {
      case 'menu':
        // A start over lands on the menu; Web Chat users tap "Make a complaint".
        return this.tap(last, Object.values(this.book).map((w) => w.menu.lodge.label), 'menu');
      case 'tell':
        return this.retell();
      case 'listening':
        // The bot listens quietly; the pause ends the story.
        return;
      case 'fact': {
        const slot = FACT_SLOT[move.fact];
        // Which bill is a new question even though the customer's answer for it is their "when".
        const reaskKey = slot && move.fact !== 'bill_period' ? slot : move.fact;
        this.countReask(reaskKey, key);
        if (slot === 'order' || slot === 'contact') this.noteStoryReask(slot, move.fact);
        if (move.fact === 'when') this.askedWhen = true;
        this.answered.add(reaskKey);
        const family = `facts.${move.fact}`;
        if (!slot) {
          const filler = UNPREPARED[move.fact]?.[this.fillerLocale()];
          if (!filler) throw new Ended('stuck', `no answer prepared for ${key}`);
          this.note(`asked for ${move.fact} (not in the script; answered "${filler}")`);
          return this.say(filler, family);
        }
        // A customer with no order number says so in their own words (their `other` line).
        const prepared = answers[slot] ?? (slot === 'order' ? answers.other : undefined);
        if (!prepared) throw new Ended('stuck', `no prepared answer for ${key}`);
        let text = prepared;
        // "May I have your name, and a phone or e-mail?": the customer gives both, as they prepared them.
        if (move.withName && answers.name && !move.retry) {
          text = `${answers.name}, ${prepared}`;
          this.answered.add('name');
        }
        if (move.retry && move.fact === 'bill_period') {
          // "Please give the month of the bill, for example October 2026": the customer names this month.
          text = currentBillMonth(this.customer.lang);
        } else if (move.retry) {
          // After "that doesn't look like…", a customer sends just the number or address.
          const bare = bareValue(slot, prepared);
          if (bare && !this.sentFor(family).includes(bare)) text = bare;
        }
        return this.say(text, family);
      }
      case 'confirm': {
        // After a correction the bot reads everything back again; that is not asking twice.
        if (!(this.lastKey === 'readback.newValue' && !move.retry)) this.countReask('confirm', key);
        this.answered.add('confirm');
        const confirmLabels = Object.values(this.book).map((w) => w.readback.confirm.label);
        const said = answers.confirm ?? '';
        const correction = said !== '' && (NEGATIVE.test(said.trim()) || /\d|@/.test(said) || !AFFIRMATIVE.test(said.trim()));
        if (!correction || this.correctionApplied) return this.tap(last, confirmLabels, 'confirm');
        if (!this.correctionSent) {
          this.correctionSent = true;
          return this.say(said, key);
        }
        // Typed corrections are not understood at the read-back: tap the item to change, as the retry says.
        const fact = CONTACT_WORDS.test(said) || !ORDER_TOKEN.test(said) ? 'contact' : 'order_number';
        const labels = Object.values(this.book).map((w) => w.facts[fact]!.label);
        const button = last.buttons.find((b) => labels.some((l) => b.includes(l)));
        if (!button) throw new Ended('stuck', `no "change ${fact}" button at the read-back`);
        return this.say(button, key, true);
      }
      case 'newValue': {
        const value = bareValue('correction', answers.confirm ?? '') ?? answers.confirm ?? '';
        this.correctionApplied = true;
        return this.say(value, key);
      }
      case 'want': {
        this.countReask('want', key);
        this.answered.add('want');
        const wanted = this.customer.expect.want;
        if (!move.retry && wanted.length === 1) {
          return this.tap(last, Object.values(this.book).map((w) => w.resolution.choices[wanted[0]!].label), 'want');
        }
        if (!move.retry) return this.say(answers.want ?? '', key);
        // "Please tap the option closest…": the first thing they want, or "Something else" and their own words.
        const closest = wanted[0] ?? 'other';
        return this.tap(last, Object.values(this.book).map((w) => w.resolution.choices[closest].label), 'want');
      }
      case 'wantText':
        return this.say(answers.want ?? '', key);
      case 'withoutOrder':
        // "Where and when did you buy it, or skip": the writer prepared no shop or date; a Web Chat user taps Skip.
        this.note('offered a way forward without an order number (tapped skip)');
        return this.tap(last, Object.values(this.book).flatMap((w) => (w.facts.order_number?.skip ? [w.facts.order_number.skip.label] : [])), 'skip');
      case 'closing':
        // "Anything else?" gets the customer's last word; finish() then says goodbye.
        if (!this.recorded && !this.thanked) throw new Ended('stuck', 'bot said "anything else?" without recording');
        this.ended(this.recorded ? 'recorded' : 'thanked');
        if (answers.other) await this.say(answers.other, key);
        throw this.ended(this.recorded ? 'recorded' : 'thanked');
      case 'recordRetry':
        return this.tap(last, Object.values(this.book).map((w) => w.record.retry.label), 'retry');
      case 'error':
        this.note(`bot error reply after "${clip(this.lastSent)}"`);
        if (++this.errorsSeen > 2) throw new Ended('stuck', 'bot kept failing');
        return this.say(this.lastSent, key);
    }
  }

  /** Retelling after a start over: the opening again, with the order number the customer corrected in their answers. */
  private async retell(): Promise<void> {
    if (++this.tellings > 2) throw new Ended('stuck', 'asked for the story three times');
    const corrected = bareValue('order', this.customer.answers.order ?? '');
    for (const line of this.customer.opening) {
      const wrong = ORDER_TOKEN.exec(line.normalize('NFKC'))?.[0];
      await this.say(corrected && wrong && wrong !== corrected ? line.normalize('NFKC').replace(wrong, corrected) : line, 'listen.ask');
    }
  }

  private async tap(last: BotMessage, labels: string[], what: string): Promise<void> {
    const button = last.buttons.find((b) => labels.includes(b));
    if (button) return this.say(button, what, true);
    // No such button on the message: type the customer's own words instead.
    const fallback = what === 'confirm' ? this.customer.answers.confirm : what === 'want' ? this.customer.answers.want : labels[0];
    this.note(`no ${what} button offered; typed instead`);
    return this.say(fallback ?? labels[0]!, what);
  }

  private countReask(slot: string, key: string): void {
    if (!this.answered.has(slot)) return;
    this.conversation.reasks++;
    this.conversation.reaskSlots.push(`${slot}(${key})`);
  }

  private noteStoryReask(slot: 'order' | 'contact', fact: string): void {
    const story = this.customer.opening.join(' ').normalize('NFKC');
    const f = this.customer.expect.facts;
    const inStory = slot === 'order'
      ? !!f.order && fact === 'order_number' && alnum(story).includes(alnum(f.order))
      : (!!f.phone && story.replace(/\D/g, '').includes(f.phone)) || (!!f.email && story.toLowerCase().includes(f.email));
    if (inStory && !this.conversation.storyReasks.includes(fact)) this.conversation.storyReasks.push(fact);
  }

  private fillerLocale(): 'en' | 'zh-Hans' | 'zh-HK' | 'zh-TW' {
    const locale = channelLocale(this.customer);
    return locale === 'zh-HK' || locale === 'zh-TW' ? locale : this.customer.lang === 'en' ? 'en' : 'zh-Hans';
  }

  private sentFor(key: string): string[] {
    return this.sentByPrompt.get(key) ?? [];
  }

  private note(text: string): void {
    if (!this.conversation.notes.includes(text)) this.conversation.notes.push(text);
  }

  /** Sends one message, keeps the bot's replies for the next decision, and types any interjection now due. */
  private async say(text: string, prompt = '', tapped = false): Promise<void> {
    const c = this.conversation;
    if (c.messagesSent >= MAX_CUSTOMER_MESSAGES) throw new Ended('capped', `stopped after ${MAX_CUSTOMER_MESSAGES} customer messages`);
    if (Date.now() - this.started > MAX_CONVERSATION_MS) throw new Ended('capped', `stopped after ${MAX_CONVERSATION_MS / 1000} s`);
    await this.dl.send(text);
    c.messagesSent++;
    this.lastSent = text;
    if (prompt) this.sentByPrompt.set(prompt, [...this.sentFor(prompt), text]);
    c.transcript.push({ who: 'customer', text, ...(tapped ? { tapped } : {}) });
    await this.collect();
    const due = this.interjections[0];
    if (due && c.messagesSent >= due.after) {
      this.interjections.shift();
      await this.say(due.text);
    }
  }

  private async collect(afterEnd = false): Promise<BotMessage[]> {
    const messages = await this.dl.poll();
    for (const m of messages) {
      this.conversation.transcript.push({ who: 'bot', text: m.text, keys: m.text ? wordingKeys(m.text, this.patterns) : ['(card)'], buttons: m.buttons, ...(afterEnd ? { afterEnd } : {}) });
    }
    if (!afterEnd) this.pending.push(...messages);
    return messages;
  }

  /**
   * The bot's part is over (recorded and "anything else?", handed off, cancelled): what it
   * says from here on answers the customer's goodbye and is judged in finish().
   */
  private ended(outcome: 'recorded' | 'handoff' | 'cancelled' | 'thanked'): Ended {
    if (this.endIndex < 0) {
      const closers: Record<typeof outcome, string[]> = {
        recorded: ['closing.done', 'record.done'], handoff: ['handoff.escalation', 'handoff.request'], cancelled: ['cancel.done'],
        thanked: ['closing.done', 'feedback.suggestion', 'empathy.compliment'],
      };
      const t = this.conversation.transcript;
      let i = t.length - 1;
      while (i >= 0 && !(t[i]!.who === 'bot' && t[i]!.keys?.some((k) => closers[outcome].includes(k)))) i--;
      // The hand-over's own question ("what would you like us to do?") belongs to it.
      if (outcome === 'handoff' && t[i + 1]?.who === 'bot' && t[i + 1]!.keys?.includes('handoff.askWant')) i++;
      this.endIndex = i + 1;
    }
    return new Ended(outcome, '');
  }

  private async waitForBot(ms: number, until: (keys: string[]) => boolean): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const got = await this.collect();
      if (got.some((m) => until(m.text ? wordingKeys(m.text, this.patterns) : []))) return;
      await sleep(100);
    }
  }

  /** Interjections not yet typed (a handoff ends the bot's part early), the goodbye, and whatever the bot says after it. */
  private async finish(): Promise<void> {
    try {
      // "If you may leave, send your name and a phone or e-mail" (or just one of them): a customer gives what they prepared.
      // The hand-over message and the question after it ("what would you like us to do?").
      const lastBotLines = this.conversation.transcript.slice(0, this.endIndex).filter((l) => l.who === 'bot').slice(-2);
      const { contact, name, want } = this.customer.answers;
      const asks = (key: string) => this.handedOff && lastBotLines.some((l) => l.keys?.includes(key));
      const reply = asks('handoff.askContact') && contact ? (name && !this.answered.has('name') ? `${name}, ${contact}` : contact)
        : asks('handoff.askContactNameKnown') && contact ? contact
        : asks('handoff.askName') && name && !this.answered.has('name') ? name
        : undefined;
      if (reply) {
        await this.dl.send(reply);
        this.logSent(reply);
      }
      // "If you have the order or account number to hand, please send it": the number they prepared, once.
      const order = this.customer.answers.order;
      if (asks('handoff.askOrder') && order) {
        const bare = bareValue('order', order) ?? order;
        await this.dl.send(bare);
        this.logSent(bare);
      }
      if (asks('handoff.askWant') && want) {
        await this.dl.send(want);
        this.logSent(want);
      }
      if (this.handedOff) for (const i of this.interjections.splice(0)) await this.dl.send(i.text).then(() => this.logSent(i.text));
      if (this.customer.closing) {
        await this.dl.send(this.customer.closing);
        this.logSent(this.customer.closing);
      }
      if (this.interjections.length > 0) this.note(`interjection never reached: "${clip(this.interjections[0]!.text)}"`);
      await sleep(LISTEN_PAUSE_MS + 1500);
      await this.collect(true);
      const after = this.conversation.transcript.slice(Math.max(0, this.endIndex)).filter((l) => l.who === 'bot');
      for (const line of after) line.afterEnd = true;
      const asked = after.flatMap((m) => (m.text ? wordingKeys(m.text, this.patterns) : [])).filter((k) => moveFor(k) && k !== 'help.listening');
      const listening = after.some((m) => m.text && wordingKeys(m.text, this.patterns).includes('help.listening'));
      // During a hand-over each message is acknowledged ("passed on, they will answer here"); anything else is the bot talking over the person.
      const acknowledgements = new Set(['handoff.stillWaiting', 'handoff.notedAndWaiting']);
      const spoke = after.filter((m) => !(m.text && wordingKeys(m.text, this.patterns).every((k) => acknowledgements.has(k))));
      if (this.handedOff) this.note(`hand-over: ${after.length - spoke.length} acknowledgement(s)${spoke.length > 0 ? `, ${spoke.length} other message(s)` : ''}`);
      if (this.handedOff && spoke.length > 0) this.note(`bot spoke during the handoff: ${spoke.length} message(s)`);
      else if (asked.length > 0) this.note(`after the goodbye the bot started again (${[...new Set(asked)].join(', ')})`);
      else if (listening) this.note('after the goodbye the bot took it as a new story');
    } catch (error) {
      this.note(`driver error while closing: ${(error as Error).message}`);
    }
  }

  private logSent(text: string): void {
    this.conversation.messagesSent++;
    this.conversation.transcript.push({ who: 'customer', text });
  }
}

// ------------------------------------------------------------------ scoring against the stored complaints

interface Score {
  id: string;
  lang: Locale;
  conversationId: string;
  outcome: Conversation['outcome'];
  complaints: string[];
  created: boolean;
  createdOk: boolean;
  facts: Record<FactKind, 'ok' | 'missing' | 'wrong' | 'extra' | '-'>;
  factsGiven: number;
  factsCaptured: number;
  storedWhen: string | null;
  /** Where the stored date came from: the bot's question, or triage reading the story. */
  whenSource: 'asked' | 'story' | null;
  want: string[];
  wantOk: boolean;
  reasons: string[];
  reasonsOk: boolean;
  handoff: boolean;
  handoffOk: boolean;
  scriptOk: number;
  scriptTotal: number;
  reasks: number;
  reaskSlots: string[];
  storyReasks: string[];
  messagesSent: number;
  seconds: number;
  notes: string[];
  /** What each stored complaint holds (facts, ✓ when confirmed; customer; wanted outcomes), for --verbose. */
  stored: string[];
  transcript: TranscriptLine[];
}

const alnum = (s: string) => s.normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '');
const digits = (s: string) => s.replace(/\D/g, '');

function conversationOf(record: ComplaintRecord): string | undefined {
  for (const h of record.history) {
    const id = (h.detail as { conversationId?: unknown } | undefined)?.conversationId;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** The writer's reasons use their own words: a lawyer is triage's `legal`, a consumer body counts as a regulator. */
function customerReason(reason: string): string {
  if (reason === 'legal') return 'lawyer';
  if (reason === 'consumer_association') return 'regulator';
  return reason;
}

function score(conversation: Conversation, records: ComplaintRecord[], tables: ScriptTables): Score {
  const { customer } = conversation;
  const expect = customer.expect;
  const facts = records.flatMap((r) => r.facts);
  const valuesOf = (...keys: string[]) => facts.filter((f) => keys.includes(f.key)).map((f) => f.value);
  const phones = [...records.map((r) => r.customer.phone), ...valuesOf('phone')].filter((v): v is string => !!v).map(digits);
  const emails = [...records.map((r) => r.customer.email), ...valuesOf('email')].filter((v): v is string => !!v).map((e) => e.trim().toLowerCase());
  const names = [...records.map((r) => r.customer.name), ...valuesOf('name')].filter((v): v is string => !!v).map((n) => n.trim());
  const orders = valuesOf('order_number').map(alnum);
  const orderTexts = valuesOf('affected', 'product').map(alnum);
  const whens = valuesOf('when');

  const judge = (kind: FactKind): Score['facts'][FactKind] => {
    const wanted = expect.facts[kind];
    switch (kind) {
      case 'order': {
        if (!wanted) return orders.length > 0 ? 'extra' : '-';
        const w = alnum(wanted);
        if (orders.includes(w) || orderTexts.some((t) => t.includes(w))) return 'ok';
        return orders.length > 0 ? 'wrong' : 'missing';
      }
      case 'phone': {
        if (!wanted) return phones.length > 0 ? 'extra' : '-';
        // A stored country code (+44…) in front of the national number still names the same phone.
        if (phones.some((p) => p === wanted || (p.endsWith(wanted.replace(/^0/, '')) && p.length - wanted.length <= 3))) return 'ok';
        return phones.length > 0 ? 'wrong' : 'missing';
      }
      case 'email':
        if (!wanted) return emails.length > 0 ? 'extra' : '-';
        if (emails.includes(wanted.toLowerCase())) return 'ok';
        return emails.length > 0 ? 'wrong' : 'missing';
      case 'name':
        if (!wanted) return names.length > 0 ? 'extra' : '-';
        if (names.some((n) => n === wanted.trim() || n.includes(wanted.trim()))) return 'ok';
        return names.length > 0 ? 'wrong' : 'missing';
      case 'incident_date':
        if (!wanted) return '-';
        if (whens.some((w) => sameDay(wanted, w, tables))) return 'ok';
        return whens.length > 0 ? 'wrong' : 'missing';
    }
  };
  const factScores = Object.fromEntries(FACT_KINDS.map((k) => [k, judge(k)])) as Score['facts'];
  const factsGiven = FACT_KINDS.filter((k) => expect.facts[k]).length;
  const factsCaptured = FACT_KINDS.filter((k) => factScores[k] === 'ok').length;

  // A handoff record carries no wanted outcome (its default is "other"): nothing was asked.
  const want = [...new Set(records.flatMap((r) => r.desiredResolutions ?? [r.desiredResolution]).filter((d) => d !== 'other'))].sort();
  const otherDetail = valuesOf('desired_resolution_detail');
  const reasons = [...new Set(records.flatMap((r) => (r.triage?.escalate.value ? r.triage.escalate.reasons : [])).map(customerReason))].sort();
  const handoff = records.some((r) => r.history.some((h) => h.event === 'handoff_requested'));
  const created = records.length > 0;

  const botLines = conversation.transcript.filter((l) => l.who === 'bot' && l.text);
  const scriptOk = botLines.filter((l) => inScript(l.text, customer.lang, tables)).length;

  const notes = [...conversation.notes];
  if (records.length > 1) notes.push(`${records.length} complaints from one conversation`);
  if (whens.length > 0 && factScores.incident_date !== 'ok') notes.push(`when stored as "${clip(whens.join(' | '), 40)}"`);
  if (otherDetail.length > 0) notes.push(`wanted "other": "${clip(otherDetail.join(' | '), 40)}"`);
  if (conversation.storyReasks.length > 0) notes.push(`asked again for ${conversation.storyReasks.join(', ')} given in the story`);
  const wrongScript = botLines.filter((l) => !inScript(l.text, customer.lang, tables));
  if (wrongScript.length > 0) notes.push(`wrong script: "${clip(wrongScript[0]!.text, 30)}"`);

  return {
    id: customer.id,
    lang: customer.lang,
    conversationId: conversation.conversationId,
    outcome: conversation.outcome,
    complaints: records.map((r) => r.id),
    created,
    createdOk: created === expect.complaint,
    facts: factScores,
    factsGiven,
    factsCaptured,
    storedWhen: whens[0] ?? null,
    whenSource: whens.length === 0 ? null : conversation.askedWhen ? 'asked' : 'story',
    want,
    wantOk: sameSet(want, expect.want),
    reasons,
    reasonsOk: sameSet(reasons, expect.escalate),
    handoff,
    handoffOk: handoff === expect.handoff,
    scriptOk,
    scriptTotal: botLines.length,
    reasks: conversation.reasks,
    reaskSlots: conversation.reaskSlots,
    storyReasks: conversation.storyReasks,
    messagesSent: conversation.messagesSent,
    seconds: Math.round(conversation.ms / 100) / 10,
    notes,
    stored: records.map((r) => [
      r.facts.map((f) => `${f.key}=${f.value}${f.confirmed ? ' ✓' : ''}`).join('; '),
      `customer ${JSON.stringify(r.customer)}`,
      `wants ${(r.desiredResolutions ?? [r.desiredResolution]).join('+')}`,
    ].join(' | ')),
    transcript: conversation.transcript,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** en replies carry no Han characters; Chinese replies are in the customer's script. */
function inScript(text: string, lang: Locale, tables: ScriptTables): boolean {
  if (lang === 'en') return !/\p{Script=Han}/u.test(text);
  return detectLanguage(text, scriptCharactersOf(tables)).script === lang;
}

// Days relative to the conversation, for date words that name one (yesterday = 昨天 = 琴日 = last night).
const RELATIVE_DAYS: Array<[RegExp, number]> = [
  [/前天|前日|day before yesterday/u, -2],
  [/yesterday|last night|昨天|昨晚|昨日|昨夜|琴晚|琴日|寻日|尋日/u, -1],
  [/today|this morning|this afternoon|this evening|tonight|今天|今早|今朝|今晚|今日|今天早上/u, 0],
];

function dayOffset(text: string): number | undefined {
  for (const [pattern, offset] of RELATIVE_DAYS) if (pattern.test(text)) return offset;
  return undefined;
}

/** The writer's date words and the stored "when" name the same day: the same words (loosely), or the same relative day. */
function sameDay(expected: string, stored: string, tables: ScriptTables): boolean {
  const norm = (s: string) => foldTraditional(s.normalize('NFKC').toLowerCase(), tables)
    .replace(/(\d+)(st|nd|rd|th)\b/g, '$1')
    .replace(/\b(the|of|on)\b/g, ' ')
    .replace(/[号號]/g, '日')
    .replace(/礼拜|禮拜|星期|週/g, '周')
    .replace(/[个個]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const e = norm(expected);
  const s = norm(stored);
  if (s.includes(e) || (s.length >= 3 && e.includes(s))) return true;
  const de = dayOffset(e);
  return de !== undefined && de === dayOffset(s);
}

// ------------------------------------------------------------------ report

function clip(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return [...flat].length <= max ? flat : `${[...flat].slice(0, max - 1).join('')}…`;
}

interface Totals {
  group: string;
  customers: number;
  createdOk: number;
  factsCaptured: number;
  factsGiven: number;
  byFact: Record<FactKind, { captured: number; given: number }>;
  /** Stored dates by where they came from, and how many of those were right. */
  dates: Record<'asked' | 'story', { stored: number; right: number }>;
  wantOk: number;
  reasonsOk: number;
  handoffOk: number;
  escalationOk: number;
  scriptOk: number;
  scriptTotal: number;
  reasks: number;
  storyReasks: number;
  outcomes: Record<string, number>;
}

function totalsOf(group: string, scores: Score[]): Totals {
  const byFact = Object.fromEntries(FACT_KINDS.map((k) => [k, {
    captured: scores.filter((s) => s.facts[k] === 'ok').length,
    given: scores.filter((s) => s.facts[k] !== '-' && s.facts[k] !== 'extra').length,
  }])) as Totals['byFact'];
  const outcomes: Record<string, number> = {};
  for (const s of scores) outcomes[s.outcome] = (outcomes[s.outcome] ?? 0) + 1;
  return {
    group,
    customers: scores.length,
    createdOk: scores.filter((s) => s.createdOk).length,
    factsCaptured: sum(scores.map((s) => s.factsCaptured)),
    factsGiven: sum(scores.map((s) => s.factsGiven)),
    byFact,
    dates: Object.fromEntries((['asked', 'story'] as const).map((source) => {
      // Only customers who named a date: a compliment's stored "when" has nothing to be right about.
      const stored = scores.filter((s) => s.whenSource === source && s.facts.incident_date !== '-');
      return [source, { stored: stored.length, right: stored.filter((s) => s.facts.incident_date === 'ok').length }];
    })) as Totals['dates'],
    wantOk: scores.filter((s) => s.wantOk).length,
    reasonsOk: scores.filter((s) => s.reasonsOk).length,
    handoffOk: scores.filter((s) => s.handoffOk).length,
    escalationOk: scores.filter((s) => s.reasonsOk && s.handoffOk).length,
    scriptOk: sum(scores.map((s) => s.scriptOk)),
    scriptTotal: sum(scores.map((s) => s.scriptTotal)),
    reasks: sum(scores.map((s) => s.reasks)),
    storyReasks: sum(scores.map((s) => s.storyReasks.length)),
    outcomes,
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(0)}%`);
const mark = (ok: boolean) => (ok ? 'ok' : 'NO');

function printTable(scores: Score[]): void {
  const rows = [['id', 'lang', 'outcome', 'created', 'facts', 'want', 'reasons', 'handoff', 'script', 're-asks', 'msgs', 'notes']];
  for (const s of scores) {
    const factMarks = FACT_KINDS.filter((k) => s.facts[k] !== '-').map((k) => `${k === 'incident_date' ? 'date' : k}:${s.facts[k]}`).join(' ');
    rows.push([
      s.id, s.lang, s.outcome,
      `${s.created ? 'yes' : 'no'} ${mark(s.createdOk)}`,
      `${s.factsCaptured}/${s.factsGiven}`,
      `${mark(s.wantOk)} ${s.want.join('+') || '-'}`,
      `${mark(s.reasonsOk)} ${s.reasons.join('+') || '-'}`,
      `${mark(s.handoffOk)}`,
      pct(s.scriptOk, s.scriptTotal),
      String(s.reasks),
      String(s.messagesSent),
      [factMarks, ...s.notes].filter(Boolean).join('; '),
    ]);
  }
  const widths = rows[0]!.slice(0, -1).map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  for (const r of rows) console.log(r.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]!) : cell)).join('  '));
}

function printTotals(totals: Totals[]): void {
  console.log('\nTotals');
  for (const t of totals) {
    const facts = FACT_KINDS.map((k) => `${k === 'incident_date' ? 'date' : k} ${t.byFact[k].captured}/${t.byFact[k].given}`).join(', ');
    console.log(`  ${t.group.padEnd(8)} ${t.customers} customers`
      + ` | created right ${t.createdOk}/${t.customers}`
      + ` | facts ${t.factsCaptured}/${t.factsGiven} (${pct(t.factsCaptured, t.factsGiven)}: ${facts};`
      + ` dates asked ${t.dates.asked.right}/${t.dates.asked.stored} right, taken from the story ${t.dates.story.right}/${t.dates.story.stored} right)`
      + ` | want right ${t.wantOk}/${t.customers}`
      + ` | escalation reasons right ${t.reasonsOk}/${t.customers}, handoff right ${t.handoffOk}/${t.customers}, both ${t.escalationOk}/${t.customers}`
      + ` | replies in script ${t.scriptOk}/${t.scriptTotal} (${pct(t.scriptOk, t.scriptTotal)})`
      + ` | re-asks ${t.reasks} (${(t.reasks / Math.max(1, t.customers)).toFixed(2)}/conversation), asked for story facts ${t.storyReasks}`
      + ` | outcomes ${Object.entries(t.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}

function printTranscript(s: Score): void {
  console.log(`\n--- ${s.id} (${s.lang}) conversation ${s.conversationId}, ${s.seconds} s, complaints ${s.complaints.join(', ') || 'none'}`);
  for (const line of s.stored) console.log(`  stored: ${line}`);
  for (const line of s.transcript) {
    if (line.who === 'customer') console.log(`  > ${line.tapped ? '[tap] ' : ''}${line.text}`);
    else {
      const buttons = line.buttons?.length ? `  [${line.buttons.join(' | ')}]` : '';
      console.log(`  <${line.afterEnd ? ' (after end)' : ''} ${line.text || '(card)'}${buttons}   {${(line.keys ?? []).join(', ')}}`);
    }
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      verbose: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      parallel: { type: 'string', default: '3' },
      customers: { type: 'string', default: DEFAULT_CUSTOMERS },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: node dist/bench/customers.js [--only ID]… [--verbose] [--json] [--parallel N] [--customers FILE]');
    return 0;
  }
  const parallel = Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 16) throw new Error(`--parallel ${values.parallel}: give a whole number from 1 to 16`);
  let customers = loadCustomers(values.customers);
  if (values.only?.length) {
    const unknown = values.only.filter((id) => !customers.some((c) => c.id === id));
    if (unknown.length > 0) throw new Error(`--only: no customer ${unknown.join(', ')} in ${values.customers}`);
    customers = customers.filter((c) => values.only!.includes(c.id));
  }

  const { wording, variants } = loadDialogData();
  const book: WordingBook = { ...wording, 'zh-Hant-HK': variants.hongKong };
  const patterns = wordingPatterns(book);
  const tables = buildScriptTables();
  const server = await startServer();
  const stopOnSignal = () => void server.stop().then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  let conversations: Conversation[];
  try {
    conversations = new Array<Conversation>(customers.length);
    let next = 0;
    const worker = async () => {
      while (next < customers.length) {
        const index = next++;
        const customer = customers[index]!;
        const played = await new CustomerPlayer(server.url, customer, patterns, book).play();
        conversations[index] = played;
        if (!values.json) process.stderr.write(`${customer.id} ${played.outcome} (${(played.ms / 1000).toFixed(1)} s)\n`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, customers.length) }, worker));
  } finally {
    await server.stop();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }

  let records: ComplaintRecord[];
  const store = await openSqliteStore({ dataDir: server.dataDir });
  try {
    records = await store.complaints.list();
  } finally {
    await store.close();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
  const byConversation = new Map<string, ComplaintRecord[]>();
  for (const r of records) {
    const id = conversationOf(r);
    if (id) byConversation.set(id, [...(byConversation.get(id) ?? []), r]);
  }
  const scores = conversations.map((c) => score(c, byConversation.get(c.conversationId) ?? [], tables));
  const totals = [
    ...(['en', 'zh-Hans', 'zh-Hant'] as const).filter((l) => scores.some((s) => s.lang === l)).map((l) => totalsOf(l, scores.filter((s) => s.lang === l))),
    totalsOf('all', scores),
  ];

  if (values.json) {
    console.log(JSON.stringify({ customers: scores.map((s) => (values.verbose ? s : { ...s, transcript: undefined })), totals }, null, 2));
    return 0;
  }
  if (values.verbose) for (const s of scores) printTranscript(s);
  console.log('');
  printTable(scores);
  printTotals(totals);
  return 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`customers: ${error.message}`);
    process.exitCode = 2;
  },
);
