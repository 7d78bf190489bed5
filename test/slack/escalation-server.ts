// The composed server (`npm start`'s startHearkenServer) with Slack's escalation channel on, the
// Slack Web API on the loopback stand-in, a Direct Line customer (the real botframework-directlinejs
// client) who gets handed over, and signed Slack requests for agents: the pieces the escalation
// tests share.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botframework-directlinejs';
import { startHearkenServer, type HearkenServerConfig, type RunningHearken } from '../../src/server/hearken-server.js';
import { connectDirectLine, type ClientSession } from '../web/directline-client.js';
import { eventCallback, nowSeconds, send, type HearkenSlack, type SlackStandIn } from './harness.js';

export const ESC = 'C0ESC';
export const SUPERVISOR = 'U0SUE';
/** A story the triage must escalate: media, a regulator, a safety hazard, a repeat. */
export const STORY = "This is the third time. I'm going to the newspapers and the consumer council about this heater that caught fire.";
export const COMPLAINT_ID = /C-\d{8}-\d{4}/;

export interface EscalationServer {
  hearken: RunningHearken;
  /** For harness.send: the server's base URL and signing secret. */
  slack: HearkenSlack;
  logs: string[];
  /** Stops the server and starts it again on the same port, data and secrets (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startEscalationServer(standIn: SlackStandIn, over: Partial<HearkenServerConfig> = {}): Promise<EscalationServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearken-escalation-'));
  const signingSecret = `escalation-${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(48);
  const logs: string[] = [];
  const config = (port: number): HearkenServerConfig => ({
    port, dataDir, databaseUrl: '', secret, listenPauseMs: 60_000, outboxIntervalMs: 100, log: (m) => logs.push(m),
    slack: { signingSecret, botToken: 'xoxb-test-0000', apiUrl: standIn.apiUrl, escalationChannel: ESC, supervisors: [SUPERVISOR] },
    ...over,
  });
  let hearken = await startHearkenServer(config(0));
  const port = Number(new URL(hearken.url).port);
  const server: EscalationServer = {
    hearken,
    slack: { base: hearken.url, secret: signingSecret } as HearkenSlack,
    logs,
    async restart() {
      await hearken.close();
      hearken = await startHearkenServer(config(port));
      server.hearken = hearken;
    },
    async close() {
      await hearken.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await hearken.slack!.whenSignedIn();
  return server;
}

export const textOf = (a: Activity) => (a as { text?: string }).text ?? '';
const fromBot = (a: Activity) => a.type === 'message' && a.from?.role !== 'user';

export interface HandedOverCustomer {
  /** The customer's Direct Line client (a new one after `reconnect`). */
  session: ClientSession;
  complaintId: string;
  conversationId: string;
  /** Messages the customer received from Hearken (the bot or a relayed agent), in order. */
  received(): string[];
  /**
   * Opens the same conversation again with the same token, as Web Chat does when its connection
   * dropped (a server restart): the new client reads the conversation from its start.
   */
  reconnect(): void;
}

/** A Direct Line customer tells a story that must escalate, and is handed over. */
export async function handedOverCustomer(baseUrl: string): Promise<HandedOverCustomer> {
  const res = await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'en-GB' }) });
  if (res.status !== 200) throw new Error(`tokens/generate answered ${res.status}`);
  const { token, conversationId } = await res.json() as { token: string; conversationId: string };
  const session = connectDirectLine(baseUrl, token, 'polling');
  await session.waitFor((a) => fromBot(a) && /what would you like to do/i.test(textOf(a)), 10_000);
  const before = session.received.length;
  await session.say(STORY);
  await session.waitFor((a) => fromBot(a) && session.received.indexOf(a) >= before && /take your time|that's all/i.test(textOf(a)), 10_000);
  await session.say("that's all");
  const handoff = await session.waitFor((a) => fromBot(a) && COMPLAINT_ID.test(textOf(a)), 10_000);
  const customer: HandedOverCustomer = {
    session,
    complaintId: COMPLAINT_ID.exec(textOf(handoff))![0],
    conversationId,
    received: () => customer.session.received.filter(fromBot).map(textOf),
    reconnect() {
      customer.session.end();
      customer.session = connectDirectLine(baseUrl, token, 'polling', conversationId);
    },
  };
  return customer;
}

let tsSeq = 0;
/** A signed Events API `message` from a person in a thread of the escalation channel; returns the HTTP status and the message's ts. */
export async function threadReply(server: EscalationServer, reply: { user: string; text: string; threadTs: string; extra?: Record<string, unknown> }): Promise<{ status: number; ts: string }> {
  const ts = `${nowSeconds()}.${String(++tsSeq).padStart(6, '0')}`;
  const body = eventCallback({
    type: 'message', channel: ESC, channel_type: 'channel', user: reply.user, text: reply.text, ts, event_ts: ts, thread_ts: reply.threadTs, team: 'T0TEAM',
    ...(reply.extra ?? {}),
  });
  const answer = await send(server.slack, body);
  return { status: answer.status, ts };
}
