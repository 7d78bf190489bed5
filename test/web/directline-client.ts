/**
 * Runs the real botframework-directlinejs client in Node. It expects a browser:
 * requests go through rxjs' XMLHttpRequest ajax, and WebSocket mode is only
 * chosen when a global WebSocket exists. Its documented `ajax` and `WebSocket`
 * service hooks let us hand it fetch and the `ws` package instead.
 */
import { createRequire } from 'node:module';
import { DirectLine, ConnectionStatus, type Activity } from 'botframework-directlinejs';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);
// The rxjs 5 that directlinejs itself uses (its operators are patched onto this Observable).
const { Observable } = require('rxjs/Observable') as { Observable: { create(fn: (subscriber: Subscriber) => () => void): unknown } };

interface Subscriber {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

interface AjaxRequest {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: number;
}

function fetchAjax(request: AjaxRequest | string) {
  const req: AjaxRequest = typeof request === 'string' ? { url: request } : request;
  return Observable.create((subscriber) => {
    const controller = new AbortController();
    const timer = req.timeout ? setTimeout(() => controller.abort(), req.timeout) : undefined;
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    fetch(req.url, { method: req.method ?? 'GET', headers: req.headers ?? {}, ...(body !== undefined ? { body } : {}), signal: controller.signal })
      .then(async (res) => {
        const text = await res.text();
        let response: unknown = text;
        try {
          response = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON */
        }
        const result = { status: res.status, response, request: req, xhr: { getResponseHeader: (name: string) => res.headers.get(name) } };
        if (res.status >= 200 && res.status < 300) {
          subscriber.next(result);
          subscriber.complete();
        } else subscriber.error(result);
      })
      .catch((error: Error) => subscriber.error({ status: 0, message: error.message, request: req, xhr: { getResponseHeader: () => null } }))
      .finally(() => clearTimeout(timer));
    return () => clearTimeout(timer);
  });
}

// directlinejs decides on WebSocket mode by looking for a global WebSocket (Node 20 has none).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export interface ClientSession {
  directLine: DirectLine;
  received: Activity[];
  /** Resolves with the first received activity matching `match` (already received ones count). */
  waitFor(match: (activity: Activity) => boolean, timeoutMs?: number): Promise<Activity>;
  say(text: string, extra?: Partial<Activity>): Promise<{ id: string; clientActivityID: string }>;
  end(): void;
}

let clientActivityCounter = 0;

export function connectDirectLine(baseUrl: string, token: string, transport: 'websocket' | 'polling', conversationId?: string): ClientSession {
  const directLine = new DirectLine({
    domain: `${baseUrl}/v3/directline`,
    token,
    webSocket: transport === 'websocket',
    pollingInterval: 200,
    ...(conversationId ? { conversationId } : {}),
    // Service hooks (see directLine.js makeServices); not in the public typings. random() = 0 makes
    // its reconnect wait the minimum 3 s instead of 3-15 s.
    ...({ ajax: fetchAjax, WebSocket, random: () => 0 } as object),
  });
  const received: Activity[] = [];
  const waiters: Array<{ match: (a: Activity) => boolean; resolve: (a: Activity) => void }> = [];
  const subscription = directLine.activity$.subscribe((activity) => {
    received.push(activity);
    for (const waiter of [...waiters]) {
      if (waiter.match(activity)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(activity);
      }
    }
  });
  return {
    directLine,
    received,
    waitFor(match, timeoutMs = 5000) {
      const already = received.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching activity within ${timeoutMs} ms; got ${JSON.stringify(received.map((a) => [a.type, (a as { text?: string }).text]))}`)), timeoutMs);
        waiters.push({ match, resolve: (a) => { clearTimeout(timer); resolve(a); } });
      });
    },
    say(text, extra = {}) {
      const clientActivityID = `client-${++clientActivityCounter}`;
      return new Promise((resolve, reject) => {
        directLine
          .postActivity({ type: 'message', text, from: { id: 'someone-else', role: 'user' }, channelData: { clientActivityID }, ...extra } as Activity)
          .subscribe({ next: (id) => resolve({ id, clientActivityID }), error: reject });
      });
    },
    end() {
      subscription.unsubscribe();
      directLine.end();
    },
  };
}

export { ConnectionStatus };
