import type { OutboxPayload, OutboxTopic } from '../contracts/outbox.js';
import type { OutboxMessage, OutboxRepository } from '../store/types.js';
import { periodicSweep } from './periodic-sweep.js';

/**
 * A subscriber's way to say "not now" (the customer is busy, Slack's rate limit): retried after
 * `retryAfterMs` when given (Slack's Retry-After), else after the backoff; logged without alarm
 * and never counted towards giving up.
 */
export class DeliveryDeferredError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'DeliveryDeferredError';
  }
}

export type OutboxSubscriber<T extends OutboxTopic> = (payload: OutboxPayload<T>, message: OutboxMessage) => Promise<void>;
/** Told when a message of its topic is given up, with the last error: someone must hear of it. */
export type OutboxGiveUpHandler<T extends OutboxTopic> = (payload: OutboxPayload<T>, message: OutboxMessage, error: Error) => Promise<void>;

export interface OutboxDispatcherOptions {
  /** Names this process on its claims (diagnostics only). */
  workerId?: string;
  clock?: () => Date;
  /** A claimed message neither delivered nor failed (its process crashed) is claimed again after this; default 60 s. */
  leaseMs?: number;
  /** Messages claimed per sweep; default 100. */
  limit?: number;
  /** Time between sweeps when started; default 1 s (customers' messages during a hand-over should reach agents quickly). */
  intervalMs?: number;
  /** Wait before the nth retry of a failed delivery; default 5 s doubling to at most 1 hour. */
  backoffMs?: (attempt: number) => number;
  /** Failed attempts (deferrals not counted) after which a message is given up; default 8 (about 10 minutes of retries). */
  maxAttempts?: number;
  log?: (message: string) => void;
}

export interface OutboxDispatcher {
  /**
   * Adds a subscriber for a topic; every subscriber of a topic gets each of its messages (at
   * least once). `onGiveUp` is told when a message of the topic fails for the last time.
   */
  subscribe<T extends OutboxTopic>(topic: T, subscriber: OutboxSubscriber<T>, options?: { onGiveUp?: OutboxGiveUpHandler<T> }): void;
  /** One sweep: claim due messages, deliver each to its topic's subscribers. Returns the messages delivered. */
  runOnce(): Promise<OutboxMessage[]>;
  /** Runs a sweep now, after any sweep under way (a message was just added and should go at once). */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
}

export const defaultBackoffMs = (attempt: number) => Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);
export const DEFAULT_MAX_ATTEMPTS = 8;

type AnySubscriber = (payload: unknown, message: OutboxMessage) => Promise<void>;
type AnyGiveUpHandler = (payload: unknown, message: OutboxMessage, error: Error) => Promise<void>;

/**
 * Delivers the outbox: claims messages (one process each, FOR UPDATE SKIP LOCKED on
 * PostgreSQL), hands each to its topic's subscribers in order, and marks it
 * delivered; when a subscriber throws, the message is released with a retry time
 * (Retry-After, else backoff) and every subscriber gets it again then. After
 * `maxAttempts` failures it is given up and the topic's give-up handlers are told;
 * it stays in the table with its error. Messages sharing an ordering key go one
 * after another: one that fails holds the later ones back until it is delivered or
 * given up. A process that dies while delivering loses its claim when the lease
 * ends. Delivery is at least once: subscribers make a repeat harmless.
 */
export function createOutboxDispatcher(outbox: OutboxRepository, options: OutboxDispatcherOptions = {}): OutboxDispatcher {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  // Payloads are checked by topic when subscribing; the maps hold them untyped.
  const subscribers = new Map<string, AnySubscriber[]>();
  const giveUpHandlers = new Map<string, AnyGiveUpHandler[]>();

  async function failed(message: OutboxMessage, error: unknown, heldBack: Set<string>): Promise<void> {
    const cause = error instanceof Error ? error : new Error(String(error));
    const deferred = error instanceof DeliveryDeferredError;
    const attempts = message.attempts + 1;
    if (!deferred && attempts >= maxAttempts) {
      log(`outbox message ${message.id} (${message.topic}) GIVEN UP after ${attempts} failed attempts: ${cause.message}; payload ${JSON.stringify(message.payload)}`);
      await outbox.giveUp(message.id, cause.message, clock());
      for (const handler of giveUpHandlers.get(message.topic) ?? []) {
        try { await handler(message.payload, message, cause); } catch (again) {
          log(`outbox message ${message.id} (${message.topic}): telling someone it was given up failed too: ${(again as Error).message}`);
        }
      }
      return;
    }
    const waitMs = deferred && error.retryAfterMs !== undefined ? error.retryAfterMs : backoff(attempts);
    const retryAt = new Date(clock().getTime() + waitMs);
    log(`outbox message ${message.id} (${message.topic}) ${deferred ? 'deferred' : 'not delivered'}: ${cause.message}; next attempt at ${retryAt.toISOString()}`);
    await outbox.markFailed(message.id, cause.message, retryAt);
    if (message.orderingKey) heldBack.add(message.orderingKey);
  }

  async function deliver(message: OutboxMessage, heldBack: Set<string>): Promise<boolean> {
    if (message.orderingKey && heldBack.has(message.orderingKey)) {
      // An earlier message with its key failed in this sweep: this one waits behind it.
      await outbox.release(message.id);
      return false;
    }
    const topicSubscribers = subscribers.get(message.topic) ?? [];
    if (topicSubscribers.length === 0) {
      // Nobody acts on this topic in this setup (e.g. Slack is off): there is nowhere to deliver it.
      log(`outbox message ${message.id} (${message.topic}) has no subscriber; marked delivered`);
      await outbox.markDelivered(message.id, clock());
      return true;
    }
    try {
      for (const subscriber of topicSubscribers) await subscriber(message.payload, message);
    } catch (error) {
      await failed(message, error, heldBack);
      return false;
    }
    await outbox.markDelivered(message.id, clock());
    return true;
  }

  async function runOnce(): Promise<OutboxMessage[]> {
    const claimed = await outbox.claim({
      now: clock(),
      ...(options.workerId ? { workerId: options.workerId } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    const delivered: OutboxMessage[] = [];
    const heldBack = new Set<string>();
    for (const message of claimed) if (await deliver(message, heldBack)) delivered.push(message);
    return delivered;
  }

  const onError = (error: unknown) => log(`outbox sweep failed: ${error instanceof Error ? error.message : String(error)}`);
  const sweep = periodicSweep(runOnce, options.intervalMs ?? 1_000, onError);
  return {
    subscribe(topic, subscriber, subscribeOptions) {
      subscribers.set(topic, [...(subscribers.get(topic) ?? []), subscriber as unknown as AnySubscriber]);
      if (subscribeOptions?.onGiveUp) giveUpHandlers.set(topic, [...(giveUpHandlers.get(topic) ?? []), subscribeOptions.onGiveUp as unknown as AnyGiveUpHandler]);
    },
    runOnce,
    wake: sweep.runNow,
    start: sweep.start,
    stop: sweep.stop,
  };
}
