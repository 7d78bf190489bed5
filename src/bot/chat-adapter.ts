/**
 * The bot on a chat transport: the real botbuilder CloudAdapter, run in-process.
 * Turns come from the transport's ChatHost (the web chat's ConversationHub), and
 * replies are written straight into its conversations, so no HTTP hop and no
 * Azure sign-in is involved. With no app id the adapter trusts every caller,
 * which is why nothing here is ever exposed as a connector route. This is the
 * only place where Hearken's ChatActivity meets botbuilder's Activity.
 */
import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type Middleware,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { ChatActivity, ChatHost } from '../contracts/chat.js';
import type { ProactiveHost } from './ports.js';

/** Anything with botbuilder's ActivityHandler.run shape. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export type TurnLogic = (context: TurnContext) => Promise<void>;

type AuthResult = Exclude<Parameters<CloudAdapter['processActivityDirect']>[0], string>;
type UserTokenClientPromise = ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>;

/**
 * CloudAdapter asks for a user-token client on every turn, and botbuilder builds a new one
 * each time: an Azure HTTP pipeline of about 13 KB that lives as long as the turn, so under
 * load it outlives young-generation GCs and piles up in the old generation (11 % of what a
 * turn promoted in `npm run soak`, by the sampling heap profiler). Every turn here has the
 * same empty app id, so one client serves them all (Hearken uses no OAuth sign-in anyway).
 */
class SharedUserTokenClientAuthentication extends ConfigurationBotFrameworkAuthentication {
  private shared: UserTokenClientPromise | undefined;

  override createUserTokenClient(claimsIdentity: Parameters<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>[0]): UserTokenClientPromise {
    this.shared ??= super.createUserTokenClient(claimsIdentity).catch((error: unknown) => {
      this.shared = undefined; // a failed build is not kept; the next turn tries again
      throw error;
    });
    return this.shared;
  }
}

/** Said when a turn throws past the bot's own handling (the bot normally answers in the customer's words itself). */
const TURN_FAILED = {
  zh: '抱歉，我们这边出了点问题，请稍后再发一次。',
  en: 'Sorry, something went wrong on our side. Please send that again in a moment.',
};

export class InProcessAdapter extends CloudAdapter {
  private readonly authResult: AuthResult;

  constructor(private readonly chat: ChatHost) {
    super(new SharedUserTokenClientAuthentication({}));
    this.authResult = {
      audience: '',
      claimsIdentity: this.createClaimsIdentity(''),
      // CloudAdapter insists on a connector client; ours is never used because send/update/delete are overridden.
      connectorFactory: { create: async () => ({}) } as unknown as NonNullable<AuthResult['connectorFactory']>,
    };
  }

  /** Runs one bot turn for an activity the customer (or the transport itself) sent. */
  async runTurn(activity: ChatActivity, logic: TurnLogic): Promise<void> {
    await this.processActivityDirect(this.authResult, activity as unknown as Activity, logic);
  }

  /** Proactive turn from a stored conversation reference (surveys, relayed agent replies). */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const continuation = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'ContinueConversation' },
      reference,
      true,
    );
    await this.runTurn(continuation as unknown as ChatActivity, logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.InvokeResponse || activity.type === ActivityTypes.Trace) {
        // Invoke responses and traces never reach a Direct Line client.
        responses.push({ id: '' });
      } else {
        responses.push({ id: this.chat.deliverFromBot(activity as unknown as ChatActivity) });
      }
    }
    return responses;
  }

  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.chat.updateFromBot(activity as unknown as ChatActivity);
    return activity.id ? { id: activity.id } : undefined;
  }

  override async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    this.chat.deleteFromBot(reference.conversation?.id ?? '', reference.activityId ?? '');
  }
}

export interface ChatConnection {
  /** Where the bot starts proactive turns: queued behind the conversation's running turn on the transport. */
  host: ProactiveHost;
  /** Serves `handler` on the transport, every turn passing through `middleware` first. Call once. */
  serve(handler: TurnHandler, middleware?: readonly Middleware[]): void;
}

/**
 * Connects a bot to a chat transport. The bot is built with `host` in hand (for its
 * proactive turns), then `serve` hands its handler to the transport; nothing runs
 * before that, because the server takes requests only afterwards.
 */
export function connectChat(chat: ChatHost, options: { log: (message: string) => void }): ChatConnection {
  const adapter = new InProcessAdapter(chat);
  adapter.onTurnError = async (context, error) => {
    options.log(`bot turn failed in conversation ${context.activity.conversation?.id}: ${error.stack ?? error.message}`);
    await context.sendActivity(context.activity.locale?.startsWith('zh') ? TURN_FAILED.zh : TURN_FAILED.en);
  };
  return {
    host: {
      continueConversation: (reference, logic) =>
        chat.continueConversation(reference.conversation?.id ?? '', () => adapter.continueConversation(reference, logic)),
    },
    serve(handler, middleware = []) {
      for (const layer of middleware) adapter.use(layer);
      chat.serve({ runTurn: (activity) => adapter.runTurn(activity, (context) => handler.run(context)) });
    },
  };
}
