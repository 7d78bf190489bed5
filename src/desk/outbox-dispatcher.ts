import type { OutboxPayload, OutboxTopic } from '../contracts/outbox.js';
import type { OutboxMessage, OutboxRepository } from '../store/types.js';
import { periodicSweep } from './periodic-sweep.js';

/** A subscriber's way to say "not now" (e.g. the customer is busy): retried after the backoff, logged without alarm. */
export class DeliveryDeferredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryDeferredError';
  }
}

export type OutboxSubscriber<T extends OutboxTopic> = (payload: OutboxPayload<T>, message: OutboxMessage) => Promise<void>;

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
  log?: (message: string) => void;
}

export interface OutboxDispatcher {
  /** Adds a subscriber for a topic; every subscriber of a topic gets each of its messages (at least once). */
  subscribe<T extends OutboxTopic>(topic: T, subscriber: OutboxSubscriber<T>): void;
  /** One sweep: claim due messages, deliver each to its topic's subscribers. Returns the messages delivered. */
  runOnce(): Promise<OutboxMessage[]>;
  start(): void;
  stop(): Promise<void>;
}

export const defaultBackoffMs = (attempt: number) => Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);

/**
 * Delivers the outbox: claims messages (one process each, FOR UPDATE SKIP LOCKED on
 * PostgreSQL), hands each to its topic's subscribers in order, and marks it
 * delivered; when a subscriber throws, the message is released with a retry time
 * (backoff) and every subscriber gets it again then. A process that dies while
 * delivering loses its claim when the lease ends. Delivery is at least once:
 * subscribers make a repeat harmless (the survey checks the complaint first).
 */
export function createOutboxDispatcher(outbox: OutboxRepository, options: OutboxDispatcherOptions = {}): OutboxDispatcher {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  const backoff = options.backoffMs ?? defaultBackoffMs;
  // Payloads are checked by topic when subscribing; the map holds them untyped.
  const subscribers = new Map<string, Array<(payload: unknown, message: OutboxMessage) => Promise<void>>>();

  async function deliver(message: OutboxMessage): Promise<boolean> {
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
      const retryAt = new Date(clock().getTime() + backoff(message.attempts + 1));
      const why = error instanceof Error ? error.message : String(error);
      log(`outbox message ${message.id} (${message.topic}) ${error instanceof DeliveryDeferredError ? 'deferred' : 'not delivered'}: ${why}; next attempt at ${retryAt.toISOString()}`);
      await outbox.markFailed(message.id, why, retryAt);
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
    for (const message of claimed) if (await deliver(message)) delivered.push(message);
    return delivered;
  }

  const onError = (error: unknown) => log(`outbox sweep failed: ${error instanceof Error ? error.message : String(error)}`);
  return {
    subscribe(topic, subscriber) {
      const list = subscribers.get(topic) ?? [];
      list.push(subscriber as unknown as (payload: unknown, message: OutboxMessage) => Promise<void>);
      subscribers.set(topic, list);
    },
    runOnce,
    ...periodicSweep(runOnce, options.intervalMs ?? 1_000, onError),
  };
}
