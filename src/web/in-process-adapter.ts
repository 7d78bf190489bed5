import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';

/** Where the bot's outgoing activities go instead of the Bot Connector service. */
export interface BotActivitySink {
  /** Stores and delivers one bot activity; returns its server-assigned id. */
  deliverFromBot(activity: Partial<Activity>): string;
  updateFromBot(activity: Partial<Activity>): void;
  deleteFromBot(reference: Partial<ConversationReference>): void;
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

/**
 * The real botbuilder CloudAdapter, run in-process: turns come from Hearken's
 * own Direct Line, and replies are written straight into its transcripts, so no
 * HTTP hop and no Azure sign-in is involved. With no app id the adapter trusts
 * every caller, which is why nothing here is ever exposed as a connector route.
 */
export class InProcessAdapter extends CloudAdapter {
  private readonly authResult: AuthResult;

  constructor(private readonly sink: BotActivitySink) {
    super(new SharedUserTokenClientAuthentication({}));
    this.authResult = {
      audience: '',
      claimsIdentity: this.createClaimsIdentity(''),
      // CloudAdapter insists on a connector client; ours is never used because send/update/delete are overridden.
      connectorFactory: { create: async () => ({}) } as unknown as NonNullable<AuthResult['connectorFactory']>,
    };
  }

  /** Runs one bot turn for an activity the customer (or Hearken itself) sent. */
  async runTurn(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    await this.processActivityDirect(this.authResult, activity as Activity, logic);
  }

  /**
   * Proactive turn from a stored conversation reference (surveys, relayed agent
   * replies). The shape matches the bot's ProactiveHost port.
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const continuation = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'ContinueConversation' },
      reference,
      true,
    );
    await this.runTurn(continuation, logic);
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
        responses.push({ id: this.sink.deliverFromBot(activity) });
      }
    }
    return responses;
  }

  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.sink.updateFromBot(activity);
    return activity.id ? { id: activity.id } : undefined;
  }

  override async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    this.sink.deleteFromBot(reference);
  }
}
