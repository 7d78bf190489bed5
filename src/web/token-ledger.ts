import { type Bucket, fullBucket, type MessageRateLimit, takeMessageToken } from './message-rate-limit.js';

/**
 * What a token refresh does to the tokens it replaces, and how often one
 * conversation may refresh.
 *
 * Tokens carry a refresh generation (`gen`). A refresh issues generation g+1 and
 * retires the rest: the generation just replaced keeps working for a short
 * grace (requests already in flight with it, a reload that still holds it), any
 * older one stops at once. Tokens issued by a start or a reconnect carry the
 * conversation's current generation, so one refresh retires them too.
 *
 * The ledger lives in memory. After a restart every unexpired token counts again
 * until its conversation's next refresh; an entry is dropped once every token it
 * retired has expired anyway, so the ledger holds at most the conversations that
 * refreshed within one token lifetime.
 */
export interface TokenRefreshPolicy {
  /** Refreshes per conversation: a burst (reloads, retries), then a slow refill. Web Chat itself refreshes every 15 min. */
  rateLimit: MessageRateLimit;
  /** How long the token a refresh replaced keeps working. */
  graceMs: number;
}

export const DEFAULT_TOKEN_REFRESH_POLICY: TokenRefreshPolicy = {
  rateLimit: { burst: 10, perSecond: 1 / 30 },
  graceMs: 60_000,
};

export type RefreshDecision = { allowed: true; generation: number } | { allowed: false; retryAfterMs: number };

interface LedgerEntry {
  generation: number;
  refreshedAtMs: number;
  bucket: Bucket;
}

const SWEEP_EVERY_MS = 60_000;

export class TokenLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private lastSweepMs: number;

  constructor(
    private readonly policy: TokenRefreshPolicy,
    private readonly tokenTtlMs: number,
    private readonly now: () => number,
  ) {
    this.lastSweepMs = now();
  }

  /** False when a refresh has retired this token's generation (past the grace for the one just replaced). */
  accepts(conversationId: string, generation: number): boolean {
    const entry = this.entries.get(conversationId);
    if (!entry || generation >= entry.generation) return true;
    return generation === entry.generation - 1 && this.now() < entry.refreshedAtMs + this.policy.graceMs;
  }

  /** The generation for a token issued without a refresh (start, reconnect): the conversation's current one. */
  currentGeneration(conversationId: string, presented: number): number {
    return Math.max(this.entries.get(conversationId)?.generation ?? 0, presented);
  }

  /** Charges one refresh to the conversation; when allowed, the new token's generation retires the older ones. */
  refresh(conversationId: string, presented: number): RefreshDecision {
    const nowMs = this.now();
    this.sweep(nowMs);
    const entry = this.entries.get(conversationId) ?? { generation: presented, refreshedAtMs: nowMs, bucket: fullBucket(this.policy.rateLimit, nowMs) };
    const decision = takeMessageToken(this.policy.rateLimit, entry.bucket, nowMs);
    entry.bucket = decision.bucket;
    this.entries.set(conversationId, entry);
    if (!decision.allowed) return { allowed: false, retryAfterMs: decision.retryAfterMs };
    entry.generation = Math.max(entry.generation, presented) + 1;
    entry.refreshedAtMs = nowMs;
    return { allowed: true, generation: entry.generation };
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Drops entries whose retired tokens have all expired and whose bucket is full
   * again: forgetting them then changes nothing.
   */
  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweepMs < SWEEP_EVERY_MS) return;
    this.lastSweepMs = nowMs;
    const { burst, perSecond } = this.policy.rateLimit;
    for (const [id, entry] of this.entries) {
      const refilledAtMs = entry.bucket.updatedMs + ((burst - entry.bucket.tokens) / perSecond) * 1000;
      if (nowMs > entry.refreshedAtMs + this.tokenTtlMs && nowMs >= refilledAtMs) this.entries.delete(id);
    }
  }
}
