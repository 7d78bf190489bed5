import type { Activity, Middleware, TurnContext } from 'botbuilder';
import type { BotLogger, GuardPort } from './ports.js';

/** The id prefix of card blocks that quote the customer (src/bot/dialogs/lodge.ts summaryCard). */
export const CUSTOMER_WORDS_ID = 'customer-words';

const GUARDED = Symbol('hearken.guardedSends');

/**
 * The bot's own phrasing in an outgoing activity: the text, button titles,
 * and card text. FactSet values and text blocks marked as the customer's words
 * (id `customer-words-…`, the read-back card) are left out on purpose: the
 * guard judges how WE speak, not what they said.
 */
export function outgoingPhrasing(activity: Partial<Activity>): string[] {
  const texts: string[] = [];
  if (activity.text) texts.push(activity.text);
  for (const action of activity.suggestedActions?.actions ?? []) if (action.title) texts.push(action.title);
  for (const attachment of activity.attachments ?? []) collectCardText(attachment.content, texts);
  return texts;
}

function collectCardText(node: unknown, into: string[]): void {
  if (Array.isArray(node)) { node.forEach((n) => collectCardText(n, into)); return; }
  if (!node || typeof node !== 'object') return;
  const element = node as Record<string, unknown>;
  if (element.type === 'FactSet') {
    for (const fact of (element.facts as Array<{ title?: string }> | undefined) ?? []) if (fact.title) into.push(fact.title);
    return;
  }
  if (typeof element.id === 'string' && element.id.startsWith(CUSTOMER_WORDS_ID)) return;
  for (const key of ['text', 'title', 'subtitle'] as const) {
    if (typeof element[key] === 'string') into.push(element[key] as string);
  }
  for (const key of ['body', 'actions', 'buttons', 'items', 'columns']) collectCardText(element[key], into);
}

/**
 * Lints every outgoing message of this turn and drops any the guard blocks,
 * logging the rule ids so the wording can be fixed. Registered once per turn,
 * even if the middleware sits twice in a pipeline.
 */
function guardOutgoing(ctx: TurnContext, guard: GuardPort, logger: BotLogger): void {
  if (ctx.turnState.get(GUARDED)) return;
  ctx.turnState.set(GUARDED, true);
  ctx.onSendActivities(async (context, activities, next) => {
    const allowed = activities.filter((activity) => {
      if (activity.type !== 'message') return true;
      for (const text of outgoingPhrasing(activity)) {
        let result;
        try {
          result = guard(text);
        } catch (error) {
          // A broken guard must not silence the bot, but it must be loud.
          logger.error('phrasing guard threw; message sent unchecked', { text, error: (error as Error).message });
          continue;
        }
        if (result.verdict === 'block') {
          logger.warn('outgoing bot message blocked by the phrasing guard; fix the wording', {
            conversationId: context.activity.conversation?.id,
            text,
            findings: result.findings.map((f) => ({ ruleId: f.ruleId, actual: f.actual, source: f.source })),
          });
          return false;
        }
      }
      return true;
    });
    // Adapters refuse an empty batch, so a fully blocked batch ends here.
    if (allowed.length === 0) return [];
    activities.splice(0, activities.length, ...allowed);
    return next();
  });
}

/**
 * The one outgoing-guard path: the bot's adapter runs every turn (customer and
 * proactive ones) through it (src/server/compose.ts serves the bot behind it).
 */
export class GuardedSendMiddleware implements Middleware {
  constructor(private readonly guard: GuardPort, private readonly logger: BotLogger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    guardOutgoing(context, this.guard, this.logger);
    await next();
  }
}
