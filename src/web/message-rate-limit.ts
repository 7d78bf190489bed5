/**
 * Token bucket per conversation: a customer may send a burst of messages (a
 * story told in several lines) but not sustain more than a human can type.
 */
export interface MessageRateLimit {
  /** Messages allowed back to back. */
  burst: number;
  /** Sustained messages per second once the burst is spent. */
  perSecond: number;
}

export const DEFAULT_MESSAGE_RATE_LIMIT: MessageRateLimit = { burst: 20, perSecond: 1 };

export interface Bucket {
  tokens: number;
  updatedMs: number;
}

export type BucketDecision = { allowed: true; bucket: Bucket } | { allowed: false; bucket: Bucket; retryAfterMs: number };

export function fullBucket(limit: MessageRateLimit, nowMs: number): Bucket {
  return { tokens: limit.burst, updatedMs: nowMs };
}

export function takeMessageToken(limit: MessageRateLimit, bucket: Bucket, nowMs: number): BucketDecision {
  const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000;
  const tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.perSecond);
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, updatedMs: nowMs } };
  return {
    allowed: false,
    bucket: { tokens, updatedMs: nowMs },
    retryAfterMs: Math.ceil(((1 - tokens) / limit.perSecond) * 1000),
  };
}
