import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { type Bucket, fullBucket, type MessageRateLimit, takeMessageToken } from './message-rate-limit.js';

/**
 * Limits on starting new chats. Every new conversation costs memory, a storage
 * record and a bot welcome turn, so one client must not be able to create them
 * without bound: a token bucket per client address, on top of the global bucket
 * in DirectLineRoutes and the hub's cap on conversations held in memory.
 */
export interface ConversationCreationLimits {
  /** New conversations per client address: a burst, then a slow refill. */
  perAddress: MessageRateLimit;
  /** Conversations held in memory at once; beyond it idle ones are dropped (they reload from storage). */
  maxLiveConversations: number;
  /**
   * Take the client address from the last `X-Forwarded-For` entry (the one the
   * proxy in front of Hearken appended). Only when that proxy is the sole way in:
   * otherwise any caller could claim any address and dodge the limit.
   */
  trustProxy: boolean;
}

export const DEFAULT_CREATION_LIMITS: ConversationCreationLimits = {
  perAddress: { burst: 10, perSecond: 1 / 6 },
  maxLiveConversations: 5000,
  trustProxy: false,
};

/**
 * The address a limit is charged to. The socket's peer unless `trustProxy`;
 * IPv4-mapped IPv6 reads as IPv4, and an IPv6 address counts as its /64,
 * since one customer line commonly owns a whole /64.
 */
export function clientAddressKey(req: IncomingMessage, trustProxy: boolean): string {
  let address = req.socket.remoteAddress ?? '';
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').pop()?.trim() ?? '';
    if (isIP(stripMapped(last)) !== 0) address = last;
  }
  return addressKey(address);
}

export function addressKey(address: string): string {
  const plain = stripMapped(address.trim().toLowerCase());
  const family = isIP(plain);
  if (family === 4) return plain;
  if (family !== 6) return 'unknown';
  return `${expandIpv6(plain).slice(0, 4).join(':')}::/64`;
}

function stripMapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** Eight 16-bit groups without leading zeros, so equal /64 prefixes give equal keys however written. */
function expandIpv6(address: string): string[] {
  const withoutZone = address.split('%')[0]!;
  const [head = '', tail] = withoutZone.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  let left = groups(head);
  let right = tail === undefined ? [] : groups(tail);
  // An embedded IPv4 tail (e.g. 64:ff9b::1.2.3.4) is two groups.
  const expandV4 = (list: string[]) => list.flatMap((group) => {
    if (!group.includes('.')) return [group];
    const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
    return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  });
  left = expandV4(left);
  right = expandV4(right);
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}

export type AddressDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * One token bucket per address, bounded in memory: a bucket that has refilled
 * completely is the same as no bucket, so such buckets are dropped by a sweep
 * (at most once per `sweepEveryMs`, or when `maxAddresses` is passed). If every
 * tracked address is still limited when the map is full, the least recently
 * charged ones are dropped (down to 90% of the cap): they get a fresh burst, and the global limit still holds.
 */
export class AddressBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweepMs: number;

  constructor(
    private readonly limit: MessageRateLimit,
    private readonly now: () => number,
    private readonly maxAddresses = 50_000,
    private readonly sweepEveryMs = 60_000,
  ) {
    this.lastSweepMs = now();
  }

  take(key: string): AddressDecision {
    const nowMs = this.now();
    const decision = takeMessageToken(this.limit, this.buckets.get(key) ?? fullBucket(this.limit, nowMs), nowMs);
    // Re-inserting keeps the map in least-recently-charged order for the overflow drop.
    this.buckets.delete(key);
    this.buckets.set(key, decision.bucket);
    if (this.buckets.size > this.maxAddresses || nowMs - this.lastSweepMs >= this.sweepEveryMs) this.sweep(nowMs);
    return decision.allowed ? { allowed: true } : { allowed: false, retryAfterMs: decision.retryAfterMs };
  }

  get trackedAddresses(): number {
    return this.buckets.size;
  }

  private sweep(nowMs: number): void {
    this.lastSweepMs = nowMs;
    for (const [key, bucket] of this.buckets) {
      const refilled = bucket.tokens + (Math.max(0, nowMs - bucket.updatedMs) / 1000) * this.limit.perSecond;
      if (refilled >= this.limit.burst) this.buckets.delete(key);
    }
    // Down to 90%, so a flood of new addresses costs one full sweep per many requests, not one each.
    const target = Math.floor(this.maxAddresses * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}
