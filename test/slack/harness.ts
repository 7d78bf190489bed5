// Test harness for the Slack channel: a loopback stand-in for Slack's Web API (reached through
// SLACK_API_URL, i.e. the channel's apiUrl) that records every call and every response_url post,
// and Hearken's Slack route mounted on its own loopback HTTP server, fed real signed requests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDraftCheck, type DraftCheckService } from '../../src/desk/index.js';
import { startHttpServer } from '../../src/server/http-server.js';
import type { Guard } from '../../src/guard/index.js';
import { loadGuardWithSummary, type LoadedGuard } from '../../src/lexicon-files/index.js';
import { createSlackChannel, signSlackRequest, type AgentMessage, type SlackChannel, type SlackChannelOptions } from '../../src/slack/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { defaultConfig } from '../complaints/fixtures.js';

export const TEAM = 'T0TEAM';
export const BOT_USER = 'U0HEARKEN';
export const BOT_ID = 'B0HEARKEN';
export const CHANNEL = 'C0SUPPORT';

let guard: LoadedGuard | undefined;
/** The shipped lexicons, compiled once per test file. */
export function shippedGuard(): LoadedGuard {
  guard ??= loadGuardWithSummary();
  return guard;
}

export interface WebApiCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** When it arrived (ms). */
  at: number;
  /** The HTTP status the stand-in answered. */
  status: number;
}

export interface ResponsePost {
  key: string;
  body: Record<string, unknown>;
}

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (/json/i.test(type ?? '')) body = raw ? JSON.parse(raw) as Record<string, unknown> : {};
  else for (const [k, v] of new URLSearchParams(raw)) body[k] = v;
  for (const k of JSON_FIELDS) if (typeof body[k] === 'string') body[k] = JSON.parse(body[k] as string);
  return body;
}

const readAll = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (d: string) => (raw += d));
  req.on('end', () => resolve(raw));
});

/** Slack's Web API and response_url endpoints on loopback. */
export class SlackStandIn {
  readonly calls: WebApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  /** Web API methods answering HTTP 500 (as an outage would), and how many times (Infinity: always). */
  readonly failing = new Map<string, number>();
  /** Web API methods answering 429 with Retry-After (seconds), and how many times. */
  readonly rateLimited = new Map<string, { times: number; retryAfter: number }>();
  /** response_url keys answering 404 (an expired response_url). */
  readonly deadResponseUrls = new Set<string>();
  /** users.info locales by user id (Slack's `locale`); default en-US. */
  readonly locales = new Map<string, string>();
  private tsSeq = 0;
  private server: Server | undefined;
  base = '';

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const raw = await readAll(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = parseBody(raw, req.headers['content-type']);
      if (url.pathname.startsWith('/respond/')) {
        const key = decodeURIComponent(url.pathname.slice('/respond/'.length));
        if (this.deadResponseUrls.has(key)) { res.writeHead(404).end('expired_url'); return; }
        this.responses.push({ key, body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const call: WebApiCall = { method, body, authorization: req.headers.authorization, at: Date.now(), status: 200 };
      this.calls.push(call);
      const limited = this.rateLimited.get(method);
      if (limited && limited.times > 0) {
        limited.times -= 1;
        call.status = 429;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limited.retryAfter) }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const failures = this.failing.get(method) ?? 0;
      if (failures > 0) {
        this.failing.set(method, failures - 1);
        call.status = 500;
        res.writeHead(500, { 'content-type': 'text/plain' }).end('stand-in outage');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(this.answer(method, body)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  responseUrl(key: string): string {
    return `${this.base}/respond/${encodeURIComponent(key)}`;
  }

  /** Web API calls other than the background auth.test. */
  callsTo(method: string): WebApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages posted (answered 200) to a channel: top-level ones, or the replies in one thread. */
  posts(channel: string, threadTs?: string): WebApiCall[] {
    return this.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200 && c.body.channel === channel
      && (threadTs === undefined ? c.body.thread_ts === undefined : String(c.body.thread_ts) === threadTs));
  }

  /** The ts the stand-in gave a successful chat.postMessage call. */
  tsOf(call: WebApiCall): string {
    return (call as WebApiCall & { ts: string }).ts;
  }

  responsesFor(key: string): ResponsePost[] {
    return this.responses.filter((r) => r.key === key);
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test': return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'hearken', team_id: TEAM, user_id: BOT_USER, bot_id: BOT_ID };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(++this.tsSeq).padStart(6, '0')}`;
        (this.calls.at(-1) as WebApiCall & { ts: string }).ts = ts;
        return { ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text ?? '', bot_id: BOT_ID, user: BOT_USER, ts } };
      }
      case 'chat.update': return { ok: true, channel: body.channel, ts: body.ts };
      case 'conversations.open': return { ok: true, channel: { id: `D${String(body.users)}` } };
      case 'users.info': return { ok: true, user: { id: body.user, locale: this.locales.get(String(body.user)) ?? 'en-US' } };
      case 'views.open': case 'views.publish': return { ok: true, view: { id: `V${this.calls.length}`, ...(body.view as object) } };
      case 'chat.postEphemeral': return { ok: true, message_ts: '1700000000.000100' };
      case 'apps.connections.open': return { ok: true, url: this.socketUrl ?? 'ws://127.0.0.1:1/' };
      default: return { ok: true };
    }
  }

  /** Socket Mode: where apps.connections.open points. */
  socketUrl: string | undefined;

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export interface HearkenSlack {
  base: string;
  secret: string;
  channel: SlackChannel;
  desk: DraftCheckService;
  store: Store;
  logs: string[];
  agentMessages: AgentMessage[];
  stop(): Promise<void>;
}

/** Hearken's Slack channel over a real SQLite store and the shipped lexicons, its route on a loopback server. */
export async function startHearkenSlack(standIn: SlackStandIn, over: Partial<SlackChannelOptions> = {}, wrapDesk: (desk: DraftCheckService) => DraftCheckService = (d) => d): Promise<HearkenSlack> {
  const secret = `test-signing-secret-${randomBytes(8).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'hearken-slack-'));
  const store = await openSqliteStore({ dataDir: dir, config: defaultConfig });
  const loaded = shippedGuard();
  const desk = createDraftCheck({ lexicons: { current: (): Guard => loaded.guard, version: () => loaded.version }, audit: store.guardAudit });
  const logs: string[] = [];
  const agentMessages: AgentMessage[] = [];
  const channel = createSlackChannel({
    signingSecret: secret,
    botToken: 'xoxb-test-0000',
    apiUrl: standIn.apiUrl,
    draftCheck: wrapDesk(desk),
    log: (m) => logs.push(m),
    webApiRetries: 0,
    retryBackoff: { firstMs: 20, maxMs: 100 },
    onAgentMessage: async (m) => { agentMessages.push(m); },
    ...over,
  });
  // The server's route table, as npm start mounts the channel.
  const server = await startHttpServer({ channels: [{ routes: channel.routes, close: () => channel.stop() }], maxBodyBytes: 16 * 1024, log: (m) => logs.push(m) });
  await channel.start();
  return {
    base: server.url,
    secret, channel, desk, store, logs, agentMessages,
    async stop() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface SendOptions {
  contentType?: string;
  timestamp?: number | string;
  /** Sign with this secret instead of the right one. */
  secret?: string;
  /** Send no signature headers at all. */
  unsigned?: boolean;
  signature?: string;
  headers?: Record<string, string>;
}

export interface SentRequest {
  status: number;
  text: string;
  ms: number;
  signature?: string;
  timestamp?: string;
}

/** POSTs a body to /slack/events, signed like Slack signs it unless told otherwise. */
export async function send(h: HearkenSlack, body: string, o: SendOptions = {}): Promise<SentRequest> {
  const timestamp = String(o.timestamp ?? nowSeconds());
  const signature = o.signature ?? signSlackRequest(o.secret ?? h.secret, timestamp, body);
  const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/json', ...o.headers };
  if (!o.unsigned) { headers['x-slack-request-timestamp'] = timestamp; headers['x-slack-signature'] = signature; }
  const started = performance.now();
  const response = await fetch(`${h.base}/slack/events`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started, signature, timestamp };
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export interface Agent {
  user: string;
  /** The response_url key this interaction answers to. */
  key: string;
}

export function slashCommand(standIn: SlackStandIn, text: string, agent: Agent): string {
  return form({
    token: 'legacy-token', team_id: TEAM, team_domain: 'test', channel_id: CHANNEL, channel_name: 'support',
    user_id: agent.user, user_name: agent.user.toLowerCase(), command: '/hearken', text, api_app_id: 'A0HEARKEN',
    is_enterprise_install: 'false', response_url: standIn.responseUrl(agent.key), trigger_id: `trigger-${agent.key}`,
  });
}

export function messageShortcut(standIn: SlackStandIn, text: string, agent: Agent): string {
  return form({
    payload: JSON.stringify({
      type: 'message_action', callback_id: 'hearken_check', trigger_id: `trigger-${agent.key}`, response_url: standIn.responseUrl(agent.key),
      team: { id: TEAM, domain: 'test' }, channel: { id: CHANNEL, name: 'support' }, user: { id: agent.user, name: 'agent', team_id: TEAM },
      message: { type: 'message', text, user: 'U0CUSTOMERS', ts: '1700000000.000200' }, message_ts: '1700000000.000200',
      token: 'legacy-token', action_ts: '1700000001.000000', is_enterprise_install: false,
    }),
  });
}

/** Where a pressed button sits: by default one of Hearken's ephemeral answers in CHANNEL. */
export interface ButtonPlace {
  channel: string;
  messageTs: string;
  ephemeral: boolean;
  threadTs?: string;
}

/** A button press on one of Hearken's messages (by default an ephemeral answer). */
export function blockAction(standIn: SlackStandIn, button: { action_id: string; value: string; block_id?: string }, agent: Agent, place: ButtonPlace = { channel: CHANNEL, messageTs: '1700000000.000300', ephemeral: true }): string {
  return form({
    payload: JSON.stringify({
      type: 'block_actions', team: { id: TEAM, domain: 'test' }, user: { id: agent.user, username: 'agent', team_id: TEAM },
      api_app_id: 'A0HEARKEN', token: 'legacy-token', trigger_id: `trigger-${agent.key}`, response_url: standIn.responseUrl(agent.key),
      container: { type: 'message', message_ts: place.messageTs, channel_id: place.channel, is_ephemeral: place.ephemeral, ...(place.threadTs ? { thread_ts: place.threadTs } : {}) },
      channel: { id: place.channel, name: 'support' }, is_enterprise_install: false,
      actions: [{ type: 'button', action_id: button.action_id, block_id: button.block_id ?? 'b', value: button.value, text: { type: 'plain_text', text: 'x' }, action_ts: '1700000001.000000' }],
    }),
  });
}

/** A modal submitted with text inputs (`values`) and, in `selects`, the value chosen in static selects. */
export function viewSubmission(view: { callback_id: string; private_metadata: string }, values: Record<string, string>, agent: Agent, selects: Record<string, string> = {}): string {
  const state = {
    ...Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { [id]: { type: 'plain_text_input', value } }])),
    ...Object.fromEntries(Object.entries(selects).map(([id, value]) => [id, { [id]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } }])),
  };
  return form({
    payload: JSON.stringify({
      type: 'view_submission', team: { id: TEAM, domain: 'test' }, user: { id: agent.user, username: 'agent', team_id: TEAM },
      api_app_id: 'A0HEARKEN', token: 'legacy-token', trigger_id: `trigger-submit-${agent.key}`, is_enterprise_install: false,
      view: { id: 'V0EDIT', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: state }, team_id: TEAM, app_id: 'A0HEARKEN', hash: 'h' },
      response_urls: [],
    }),
  });
}

export function eventCallback(event: Record<string, unknown>, eventId = `Ev${randomBytes(6).toString('hex')}`): string {
  return JSON.stringify({
    token: 'legacy-token', team_id: TEAM, api_app_id: 'A0HEARKEN', type: 'event_callback', event_id: eventId, event_time: nowSeconds(), event,
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }], is_ext_shared_channel: false,
  });
}

/** Polls until `check` returns a value (not undefined), or fails after `ms` naming what it waited for. */
export async function waitFor<T>(what: string, check: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every button in a message or view, with its action id and value. */
export function buttonsOf(blocks: unknown): { action_id: string; value: string; block_id: string; text: string }[] {
  const out: { action_id: string; value: string; block_id: string; text: string }[] = [];
  for (const block of (blocks as { type: string; block_id?: string; elements?: { type: string; action_id: string; value: string; text: { text: string } }[] }[]) ?? []) {
    if (block.type !== 'actions') continue;
    for (const e of block.elements ?? []) if (e.type === 'button') out.push({ action_id: e.action_id, value: e.value, block_id: block.block_id ?? '', text: e.text.text });
  }
  return out;
}

/** All visible text of a payload (section, context and rich text), joined. */
export function visibleText(node: unknown, out: string[] = []): string {
  if (Array.isArray(node)) { for (const n of node) visibleText(n, out); return out.join('\n'); }
  if (!node || typeof node !== 'object') return out.join('\n');
  const o = node as Record<string, unknown>;
  if (o.type === 'button') return out.join('\n');
  if (typeof o.text === 'string') out.push(o.text);
  for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') if (typeof v === 'object') visibleText(v, out);
  return out.join('\n');
}
