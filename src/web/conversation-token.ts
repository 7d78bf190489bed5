import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Direct Line tokens are HS256 JWTs. Web Chat and directlinejs decode the token
 * (without verifying it) and take the `user` claim as the customer's id, so the
 * claim names follow what the client reads; `conv` scopes the token to one
 * conversation, `exp` keeps it short-lived and `gen` counts its refreshes, so a
 * refresh can retire the tokens it replaces (see TokenLedger).
 */
export interface ConversationTokenClaims {
  /** Conversation the token may touch, and nothing else. */
  conv: string;
  /** Customer id the server stamps on every activity the holder posts. */
  user: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  /** Refresh generation; tokens issued before this claim existed read as 0. */
  gen: number;
}

export type TokenCheck =
  | { ok: true; claims: ConversationTokenClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_conversation' };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function signature(secret: Buffer, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signConversationToken(
  secret: Buffer,
  subject: { conversationId: string; userId: string; generation?: number },
  nowMs: number,
  ttlSeconds: number,
): { token: string; expiresIn: number } {
  const iat = Math.floor(nowMs / 1000);
  const claims: ConversationTokenClaims = { conv: subject.conversationId, user: subject.userId, iat, exp: iat + ttlSeconds, gen: subject.generation ?? 0 };
  const signingInput = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return { token: `${signingInput}.${base64url(signature(secret, signingInput))}`, expiresIn: ttlSeconds };
}

/**
 * Checks signature, expiry and (when given) the conversation the caller wants to
 * reach. Every failure is a 403 to the client; the reason is for logs and tests.
 */
export function verifyConversationToken(secret: Buffer, token: string, nowMs: number, conversationId?: string): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = signature(secret, `${parts[0]}.${parts[1]}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let claims: Partial<ConversationTokenClaims> | null;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Partial<ConversationTokenClaims> | null;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof claims !== 'object' || claims === null ||
    typeof claims.conv !== 'string' || typeof claims.user !== 'string' || typeof claims.exp !== 'number' ||
    (claims.gen !== undefined && !(Number.isSafeInteger(claims.gen) && claims.gen >= 0))
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  if (conversationId !== undefined && claims.conv !== conversationId) return { ok: false, reason: 'wrong_conversation' };
  return { ok: true, claims: { conv: claims.conv, user: claims.user, iat: claims.iat ?? 0, exp: claims.exp, gen: claims.gen ?? 0 } };
}

/** Reads `Authorization: Bearer <token>`; undefined when absent or not a bearer. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * The signing secret: HEARKEN_DIRECTLINE_SECRET when set, otherwise a random
 * per-process key. A random key means every token dies with the process, so
 * open chats must start a new conversation after a restart; hence the warning.
 */
export function directLineSecretFrom(env: NodeJS.ProcessEnv, warn: (message: string) => void): Buffer {
  const configured = env.HEARKEN_DIRECTLINE_SECRET;
  if (configured !== undefined && configured !== '') {
    if (configured.length < 32) {
      throw new Error('HEARKEN_DIRECTLINE_SECRET is shorter than 32 characters; use e.g. `openssl rand -base64 48`.');
    }
    return Buffer.from(configured, 'utf8');
  }
  warn(
    'HEARKEN_DIRECTLINE_SECRET is not set: using a random key for this process only. ' +
      'Chat tokens will stop working when the server restarts; set the variable to keep open chats alive across restarts.',
  );
  return randomBytes(48);
}
