import { ActivityHandler, ConversationState, type Storage } from 'botbuilder';
import { type ChatConnection, connectChat } from '../../src/bot/chat-adapter.js';
import { type ChatHost, LISTEN_TIMEOUT_EVENT } from '../../src/contracts/chat.js';

/**
 * A small bot for transport tests: greets on join, echoes with a per-conversation
 * counter kept in ConversationState (so a restart that loses state shows up as a
 * reset counter), and answers the listen-pause event.
 */
export function createEchoBot(storage: Storage): ActivityHandler {
  const conversationState = new ConversationState(storage);
  const count = conversationState.createProperty<number>('count');
  const bot = new ActivityHandler();
  bot.onMembersAdded(async (context, next) => {
    for (const member of context.activity.membersAdded ?? []) {
      if (member.id !== context.activity.recipient.id) await context.sendActivity(`welcome ${context.activity.locale ?? ''}`.trim());
    }
    await next();
  });
  bot.onMessage(async (context, next) => {
    const n = (await count.get(context, 0)) + 1;
    await count.set(context, n);
    if (context.activity.text === 'think') await context.sendActivity({ type: 'typing' });
    if (context.activity.text === 'slow') await new Promise((resolve) => setTimeout(resolve, 300));
    await context.sendActivity(`echo ${n}: ${context.activity.text ?? ''}`);
    await next();
  });
  bot.onEvent(async (context, next) => {
    if (context.activity.name === LISTEN_TIMEOUT_EVENT) await context.sendActivity('heard you');
    await next();
  });
  const run = bot.run.bind(bot);
  bot.run = async (context) => {
    await run(context);
    await conversationState.saveChanges(context, false);
  };
  return bot;
}

/** The echo bot over `storage`, served on a chat transport (the `bot` option of startWebChatServer). */
export function echoBotOn(storage: Storage): (chat: ChatHost) => ChatConnection {
  return (chat) => {
    const connection = connectChat(chat, { log: () => {} });
    connection.serve(createEchoBot(storage));
    return connection;
  };
}
