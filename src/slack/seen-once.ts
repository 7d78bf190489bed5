// A bounded memory of keys seen recently (request signatures, event ids), so a replay or a
// retried delivery is recognised. Per process: several servers behind one Slack app each keep
// their own (see docs/slack.md).

export class SeenOnce {
  // Insertion order is expiry order (one TTL for all), so expired keys are always at the front.
  private readonly expiries = new Map<string, number>();

  constructor(private readonly ttlMs: number, private readonly maxKeys = 100_000) {}

  /** True the first time `key` is offered within the TTL; false for a repeat. */
  firstSighting(key: string, nowMs: number): boolean {
    const expires = this.expiries.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    if (expires !== undefined) this.expiries.delete(key);
    this.forgetExpired(nowMs);
    // Full of live keys (a flood of valid, distinct requests): the oldest is forgotten first.
    if (this.expiries.size >= this.maxKeys) this.expiries.delete(this.expiries.keys().next().value!);
    this.expiries.set(key, nowMs + this.ttlMs);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private forgetExpired(nowMs: number): void {
    for (const [key, expires] of this.expiries) {
      if (expires > nowMs) break;
      this.expiries.delete(key);
    }
  }
}
