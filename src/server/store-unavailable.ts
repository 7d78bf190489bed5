import type { ServerResponse } from 'node:http';
import { storeUnavailableIn } from '../store/errors.js';
import { retryAfterSeconds, sendError } from './http-replies.js';

/**
 * Answers 503 with Retry-After when `error` comes from the database being away
 * (StoreUnavailableError anywhere in its `cause` chain) and returns true;
 * otherwise returns false and leaves the reply to the caller. Nothing the
 * request carried was acknowledged, so the client sends it again later.
 */
export function replyIfStoreUnavailable(res: ServerResponse, error: unknown): boolean {
  const unavailable = storeUnavailableIn(error);
  if (!unavailable) return false;
  if (res.headersSent) {
    res.destroy();
    return true;
  }
  const seconds = retryAfterSeconds(unavailable.retryAfterMs);
  sendError(res, 503, 'ServiceUnavailable', `the chat server cannot reach its database right now; send again in ${seconds} s`, {
    'retry-after': String(seconds),
  });
  return true;
}

/**
 * The raw HTTP answer to a WebSocket upgrade that failed because the database is
 * away (503 with Retry-After), or undefined for any other error. An upgrade has no
 * ServerResponse, so the answer is written on the socket itself; Web Chat then
 * falls back and reconnects later instead of seeing a dropped connection.
 */
export function upgradeRefusalIfStoreUnavailable(error: unknown): string | undefined {
  const unavailable = storeUnavailableIn(error);
  if (!unavailable) return undefined;
  const seconds = retryAfterSeconds(unavailable.retryAfterMs);
  return `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${seconds}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
}
