// The bot's closing message of a complaint conversation (its reference and the promised date):
// sent to the customer, then linked to the complaint through the desk, so staff see in
// `hearken complaints show` what the customer was told. Recording it must not fail the turn:
// the customer has the message either way, so a failure is logged and the turn goes on.
import type { TurnContext } from 'botbuilder';
import type { ClosingMessageInput } from '../desk/complaint-desk.js';
import type { BotServices } from './services.js';

export async function sendClosingMessage(
  context: TurnContext, services: Pick<BotServices, 'desk' | 'logger'>,
  message: { complaintId: string; text: string; promisedBy: string; kind: ClosingMessageInput['kind'] },
): Promise<void> {
  const sent = await context.sendActivity(message.text);
  const conversationId = context.activity.conversation.id;
  try {
    await services.desk.recordClosingMessage(message.complaintId, {
      text: message.text, promisedBy: message.promisedBy, kind: message.kind, conversationId,
      ...(sent?.id ? { activityId: sent.id } : {}),
    });
  } catch (error) {
    services.logger.error('the closing message was sent but could not be linked to its complaint', {
      complaintId: message.complaintId, conversationId, error: (error as Error).message,
    });
  }
}
