import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonTextNestsDeeper, MAX_BODY_DEPTH } from './json-limits.js';

/** Direct Line's error body shape, so clients that read `error.code` keep working. */
/** A wait in milliseconds as a Retry-After value: whole seconds, rounded up, at least 1. */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(payload);
}

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body is larger than ${limitBytes} bytes`);
  }
}

export class BadJsonError extends Error {}

/** The client closed the connection before its body was complete; there is nobody left to answer. */
export class ClientGoneError extends Error {}

/**
 * Reads a request body, refusing more than `limitBytes` before buffering it all
 * (the Content-Length is checked first, then the bytes actually received). On
 * refusal it stops reading: the caller answers 413 with `Connection: close`, so
 * a client streaming 50 MB costs the server no more than the limit.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limitBytes) return Promise.reject(new BodyTooLargeError(limitBytes));
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        req.pause();
        settle(() => reject(new BodyTooLargeError(limitBytes)));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks)));
    const onError = () => settle(() => reject(new ClientGoneError('the client closed the connection mid-body')));
    const onClose = () => settle(() => reject(new ClientGoneError('the client closed the connection mid-body')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** For routes that take no body: reads and drops what was sent, within the same limit as every other route. */
export async function skipBody(req: IncomingMessage, limitBytes: number): Promise<void> {
  await readBody(req, limitBytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON body within `limitBytes` and `maxDepth` levels of nesting. Invalid
 * UTF-8, too deep nesting and bad JSON are BadJsonError (400); the depth is
 * checked on the text, before JSON.parse builds anything. An empty body reads
 * as `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number, maxDepth = MAX_BODY_DEPTH): Promise<unknown> {
  const body = await readBody(req, limitBytes);
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new BadJsonError('request body is not valid UTF-8; send JSON encoded as UTF-8');
  }
  if (jsonTextNestsDeeper(text, maxDepth)) {
    throw new BadJsonError(`request body nests deeper than ${maxDepth} levels of objects and arrays; send flatter JSON`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadJsonError(`request body is not valid JSON: ${(error as Error).message}`);
  }
}
