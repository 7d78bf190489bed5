import { z } from 'zod';
import type { ClientActivity } from './conversation-hub.js';

/**
 * What a Direct Line client may post. Unknown keys are dropped, and so are the
 * ones the server decides itself (id, from, recipient, conversation, timestamp):
 * the token, not the body, says who is speaking. Attachments are not accepted
 * because uploads are switched off in the widget.
 */
const ClientActivitySchema = z.object({
  type: z.enum(['message', 'typing', 'event']),
  text: z.string().max(4000, 'text is longer than 4000 characters; send it in several messages').optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'locale must be a BCP 47 tag such as zh-Hant-TW').optional(),
  value: z.unknown().optional(),
  name: z.string().max(100).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
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
  return { ok: true, activity: parsed.data as ClientActivity };
}
