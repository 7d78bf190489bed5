/**
 * A Bolt receiver that is a route, not a server: the server owns HTTP and calls `handle(req, res)`
 * for POST /slack/events. Every request is checked before Bolt sees it, in this order:
 *
 * 1. size: a declared or streamed body over the limit is refused (413) before any hashing;
 * 2. signature: both headers present, the timestamp within 5 minutes either way, the v0 HMAC
 *    matching (constant time); otherwise 401;
 * 3. replay: a signature seen before (within its validity) is refused (401);
 * 4. body: JSON, form fields, or a form `payload=` holding JSON; anything else is 400.
 *
 * Refusals are logged with the reason and the peer, never with the body or the secret.
 * url_verification and ssl_check are answered here; everything else goes to `app.processEvent`
 * with an `ack` that writes the HTTP answer.
 *
 * Why not Bolt's HTTPReceiver behind pre-checks: it re-reads and re-verifies the body, accepts a
 * timestamp from the future, has no replay memory, matches the form content type only without a
 * charset, and throws for paths it does not own (its `requestListener` wants to be the server).
 * Here each check happens once and the server keeps its own routing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { MAX_CLOCK_SKEW_SECONDS, verifySlackSignature } from './request-signature.js';
import { SeenOnce } from './seen-once.js';

export interface SlackRouteReceiverOptions {
  signingSecret: string;
  log: (message: string) => void;
  /** Largest body accepted (bytes), checked before the signature is computed. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Clock in milliseconds; tests move it. */
  now?: () => number;
  /** A listener that has not acknowledged within this time gets the request answered 500. Default 3,000 ms (Slack's limit). */
  ackTimeoutMs?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

type Body = Record<string, unknown>;

class Refusal {
  constructor(readonly status: number, readonly reason: string) {}
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | Refusal> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(new Refusal(413, `declared body of ${declared} bytes is over the ${limit}-byte limit`));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        // Stop buffering; whatever else arrives is discarded until the connection closes.
        req.resume();
        resolve(new Refusal(413, `body over the ${limit}-byte limit`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', () => resolve(new Refusal(400, 'the request body could not be read')));
  });
}

function parseBody(raw: Buffer, contentType: string | undefined): Body {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  let body: unknown;
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    body = payload !== null ? JSON.parse(payload) : Object.fromEntries(form);
  } else if (type === 'application/json' || type === '') {
    body = JSON.parse(text);
  } else {
    throw new Error(`content type ${type} is neither JSON nor a form`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('the body is not a JSON object');
  return body as Body;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export class SlackRouteReceiver implements Receiver {
  private app: App | undefined;
  private readonly seenSignatures: SeenOnce;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: SlackRouteReceiverOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.now = options.now ?? Date.now;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 3000;
    // A signature stays acceptable for the skew window on both sides of its timestamp.
    this.seenSignatures = new SeenOnce((2 * MAX_CLOCK_SKEW_SECONDS + 5) * 1000);
  }

  init(app: App): void {
    this.app = app;
  }

  /** The server owns the listening socket; there is nothing to start. */
  async start(): Promise<void> {}

  /** Waits for listeners still working after their acknowledgement (the slow part of a check). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** The route handler for POST /slack/events. Resolves once the HTTP answer is written. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req, this.maxBodyBytes);
    if (raw instanceof Refusal) return this.refuse(req, res, raw);
    const verdict = verifySlackSignature({ signature: header(req, 'x-slack-signature'), timestamp: header(req, 'x-slack-request-timestamp'), body: raw }, this.options.signingSecret, this.now() / 1000);
    if (!verdict.ok) return this.refuse(req, res, new Refusal(401, verdict.reason));
    if (!this.seenSignatures.firstSighting(header(req, 'x-slack-signature')!, this.now())) {
      return this.refuse(req, res, new Refusal(401, 'replayed request: this signature was already used'));
    }
    let body: Body;
    try { body = parseBody(raw, header(req, 'content-type')); } catch (error) {
      return this.refuse(req, res, new Refusal(400, `malformed body: ${(error as Error).message.slice(0, 120)}`));
    }
    if (body.ssl_check === '1') return void res.writeHead(200).end();
    if (body.type === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    await this.dispatch(req, res, body);
  };

  private refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
    this.options.log(`slack: refused ${req.method ?? 'POST'} ${req.url ?? ''} from ${req.socket.remoteAddress ?? 'unknown'} (${refusal.status}): ${refusal.reason}`);
    // After a refused oversized body the connection is not reused: the rest of the body is not read.
    res.writeHead(refusal.status, refusal.status === 413 ? { connection: 'close' } : {}).end();
  }

  private dispatch(req: IncomingMessage, res: ServerResponse, body: Body): Promise<void> {
    const app = this.app;
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => { answer = resolve; });
    let acked = false;
    const write = (status: number, response?: unknown) => {
      answer();
      if (res.headersSent) return;
      if (response === undefined || response === '') res.writeHead(status).end();
      else if (typeof response === 'string') res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(response);
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(response));
    };
    const timer = setTimeout(() => {
      if (acked) return;
      acked = true;
      this.options.log(`slack: a ${String(body.type ?? body.command ?? 'request')} was not acknowledged within ${this.ackTimeoutMs} ms; answered 500`);
      write(500);
    }, this.ackTimeoutMs);
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        clearTimeout(timer);
        write(200, response);
      },
      ...(header(req, 'x-slack-retry-num') ? { retryNum: Number(header(req, 'x-slack-retry-num')) } : {}),
      ...(header(req, 'x-slack-retry-reason') ? { retryReason: header(req, 'x-slack-retry-reason')! } : {}),
    };
    const work = (async () => {
      try {
        if (!app) throw new Error('the Slack receiver got a request before the Bolt app was set up');
        await app.processEvent(event);
      } catch (error) {
        this.options.log(`slack: handling a ${String(body.type ?? 'request')} failed: ${(error as Error).message}`);
        if (!acked) { acked = true; clearTimeout(timer); write(500); }
        return;
      }
      // Nothing listened (an event or action Hearken does not handle): acknowledge it as done.
      if (!acked) { acked = true; clearTimeout(timer); write(200); }
    })();
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return answered;
  }
}
