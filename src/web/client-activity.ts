import { z } from 'zod';
import type { ClientActivity } from './conversation-hub.js';
import { MAX_JSON_DEPTH, valueNestsDeeper } from '../server/json-limits.js';

/**
 * Largest JSON (in UTF-8 bytes) of each free-form field. Web Chat's own values are
 * far smaller (a clientActivityID, a card's submit data); the caps keep one
 * activity from filling the transcript and every replay of it.
 */
export const FIELD_LIMITS = { valueBytes: 8 * 1024, channelDataBytes: 4 * 1024, entitiesBytes: 4 * 1024 } as const;

/**
 * A free-form JSON field, refused when it nests deeper than MAX_JSON_DEPTH (saving
 * and streaming it would overflow the stack) or is larger than `maxBytes`. The
 * depth is checked first, so the size is only ever measured on a shallow value.
 */
function boundedJson<T extends z.ZodType>(schema: T, maxBytes: number) {
  return schema.superRefine((value, ctx) => {
    if (valueNestsDeeper(value, MAX_JSON_DEPTH)) {
      ctx.addIssue({ code: 'custom', message: `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays; send flatter JSON` });
    } else if (Buffer.byteLength(JSON.stringify(value) ?? '') > maxBytes) {
      ctx.addIssue({ code: 'custom', message: `is larger than ${maxBytes} bytes as JSON` });
    }
  });
}

/** A BCP 47 language tag; 35 characters is the longest tag in practical use (RFC 5646 §4.4.1). */
const LOCALE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const MAX_LOCALE_LENGTH = 35;

/** The locale a start or token request asked for, or undefined when it is missing or not a language tag. */
export function requestedLocale(body: unknown): string | undefined {
  const locale = (body as { locale?: unknown } | undefined)?.locale;
  return typeof locale === 'string' && locale.length <= MAX_LOCALE_LENGTH && LOCALE_TAG.test(locale) ? locale : undefined;
}

/**
 * What a Direct Line client may post. Unknown keys are dropped, and so are the
 * ones the server decides itself (id, from, recipient, conversation, timestamp):
 * the token, not the body, says who is speaking. Attachments are not accepted
 * because uploads are switched off in the widget.
 */
/**
 * Control characters other than tab and line breaks (NUL, escape sequences, C1 controls) carry
 * nothing a customer meant to say, and break terminals, logs and CSV exports downstream; they are
 * dropped from message text. Unpaired surrogates (half an emoji) become U+FFFD so the text stays
 * valid UTF-16 for every JSON and database writer after it.
 */
const UNSPOKEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const cleanMessageText = (text: string): string => text.replace(UNSPOKEN_CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');

const ClientActivitySchema = z.object({
  type: z.enum(['message', 'typing', 'event']),
  text: z.string().max(4000, 'text is longer than 4000 characters; send it in several messages').transform(cleanMessageText).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(MAX_LOCALE_LENGTH).regex(LOCALE_TAG, 'locale must be a BCP 47 tag such as zh-Hant-TW').optional(),
  value: boundedJson(z.unknown(), FIELD_LIMITS.valueBytes).optional(),
  name: z.string().max(100).optional(),
  channelData: boundedJson(z.record(z.string(), z.unknown()), FIELD_LIMITS.channelDataBytes).optional(),
  entities: boundedJson(z.array(z.record(z.string(), z.unknown())).max(20), FIELD_LIMITS.entitiesBytes).optional(),
});

export type ParsedClientActivity = { ok: true; activity: ClientActivity } | { ok: false; message: string };

export function parseClientActivity(body: unknown): ParsedClientActivity {
  const parsed = ClientActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `activity.${issue.path.join('.') || '(body)'}: ${issue.message}` };
  }
  if (parsed.data.type === 'message' && parsed.data.text === undefined && parsed.data.value === undefined) {
    return { ok: false, message: 'activity.text: a message needs text or a value (attachments are not accepted)' };
  }
  const sent = (body as { text?: unknown }).text;
  if (parsed.data.type === 'message' && parsed.data.text === '' && sent !== '' && parsed.data.value === undefined) {
    return { ok: false, message: 'activity.text: only control characters (such as NUL); nothing was left to send' };
  }
  return { ok: true, activity: parsed.data as ClientActivity };
}
