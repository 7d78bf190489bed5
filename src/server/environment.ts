import { type ConversationCreationLimits, DEFAULT_CREATION_LIMITS } from '../web/creation-limit.js';

/**
 * Reading settings from the environment happens here, at the process edge
 * (src/server/main.ts); the web, bot and store layers take them as options.
 * A bad value throws, naming the variable, so start-up stops with exit code 2.
 */

/** An integer variable within [min, max], or undefined when unset or blank. */
export function wholeNumberFrom(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not a whole number between ${min} and ${max}; fix it in the environment or .env`);
  }
  return value;
}

export function yesNoFrom(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new Error(`${name}=${JSON.stringify(env[name])} must be true or false (1/0, yes/no); fix it in the environment or .env`);
}

/** HEARKEN_NEW_CHAT_BURST, HEARKEN_NEW_CHAT_REFILL_MS, HEARKEN_MAX_LIVE_CHATS and HEARKEN_TRUST_PROXY (see .env.example). */
export function creationLimitsFromEnv(env: NodeJS.ProcessEnv): ConversationCreationLimits {
  const defaults = DEFAULT_CREATION_LIMITS;
  const burst = wholeNumberFrom(env, 'HEARKEN_NEW_CHAT_BURST', 1, 1_000_000) ?? defaults.perAddress.burst;
  const refillMs = wholeNumberFrom(env, 'HEARKEN_NEW_CHAT_REFILL_MS', 1, 86_400_000) ?? 1000 / defaults.perAddress.perSecond;
  const maxLive = wholeNumberFrom(env, 'HEARKEN_MAX_LIVE_CHATS', 1, 10_000_000) ?? defaults.maxLiveConversations;
  return { perAddress: { burst, perSecond: 1000 / refillMs }, maxLiveConversations: maxLive, trustProxy: yesNoFrom(env, 'HEARKEN_TRUST_PROXY') };
}

/**
 * HEARKEN_TOKEN_TTL_SECONDS: lifetime of a web chat token. Web Chat refreshes its
 * token every 15 minutes whatever the lifetime, so anything shorter than 16
 * minutes would expire open chats; a day is the longest a leaked token may live.
 */
export const TOKEN_TTL_RANGE_SECONDS = { min: 16 * 60, max: 24 * 60 * 60 } as const;

export function tokenTtlSecondsFrom(env: NodeJS.ProcessEnv): number | undefined {
  return wholeNumberFrom(env, 'HEARKEN_TOKEN_TTL_SECONDS', TOKEN_TTL_RANGE_SECONDS.min, TOKEN_TTL_RANGE_SECONDS.max);
}
