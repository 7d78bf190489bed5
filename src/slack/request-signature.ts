// Slack's request signing (v0): HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret.
// Pure and synchronous; the receiver adds the body limit and the replay memory.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type SignatureVerdict = { ok: true; timestamp: number } | { ok: false; reason: string };

export interface SignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
}

export function signSlackRequest(signingSecret: string, timestamp: number | string, body: Buffer | string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

/**
 * Checks a request's signature and timestamp. Refuses a missing or malformed header, a
 * timestamp more than `maxSkewSeconds` in the past or in the future (a replay window Slack's
 * own SDK leaves open one way), and a signature that does not match (compared in constant time).
 */
export function verifySlackSignature(request: SignedRequest, signingSecret: string, nowSeconds: number, maxSkewSeconds = MAX_CLOCK_SKEW_SECONDS): SignatureVerdict {
  const { signature, timestamp } = request;
  if (!signature) return { ok: false, reason: 'no X-Slack-Signature header' };
  if (!timestamp) return { ok: false, reason: 'no X-Slack-Request-Timestamp header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is not a whole number of seconds' };
  const ts = Number(timestamp);
  const age = nowSeconds - ts;
  if (age > maxSkewSeconds) return { ok: false, reason: `timestamp is ${Math.round(age)} s old (more than ${maxSkewSeconds} s)` };
  if (-age > maxSkewSeconds) return { ok: false, reason: `timestamp is ${Math.round(-age)} s in the future (more than ${maxSkewSeconds} s)` };
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'X-Slack-Signature is not a v0 signature' };
  const expected = signSlackRequest(signingSecret, timestamp, request.body);
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return { ok: false, reason: 'signature does not match the signing secret' };
  return { ok: true, timestamp: ts };
}
