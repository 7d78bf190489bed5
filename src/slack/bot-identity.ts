// Who the bot is in Slack (bot id, bot user id, team), learned from auth.test in the background.
// Start-up never waits for Slack: until auth.test answers, requests are handled without the ids
// (messages from bots are dropped by their bot_id anyway), and a failure is retried with backoff.

export interface BotIdentity {
  botId?: string;
  botUserId?: string;
  teamId?: string;
  /** The workspace's address, e.g. https://acme.slack.com/ (for links to threads). */
  url?: string;
}

export interface AuthTestAnswer {
  bot_id?: string;
  user_id?: string;
  team_id?: string;
  user?: string;
  team?: string;
  url?: string;
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1000, maxMs: 5 * 60_000 };

/** Retries `attempt` with doubling delays (capped) until it succeeds or `stop` is called. */
export class BackgroundRetry {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private delay: number;

  constructor(private readonly attempt: () => Promise<void>, private readonly onFailure: (error: Error, retryInMs: number) => void, private readonly backoff: Backoff = DEFAULT_BACKOFF) {
    this.delay = backoff.firstMs;
  }

  start(): void {
    this.stopped = false;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.attempt();
    } catch (error) {
      if (this.stopped) return;
      const wait = this.delay;
      this.delay = Math.min(this.delay * 2, this.backoff.maxMs);
      this.onFailure(error as Error, wait);
      this.timer = setTimeout(() => void this.run(), wait);
      // A pending retry must not keep a stopping process alive.
      this.timer.unref();
    }
  }
}

export class BotIdentityLookup {
  private identity: BotIdentity = {};
  private readonly retry: BackgroundRetry;
  private known: Promise<BotIdentity>;
  private resolveKnown!: (identity: BotIdentity) => void;

  constructor(authTest: () => Promise<AuthTestAnswer>, log: (message: string) => void, backoff: Backoff = DEFAULT_BACKOFF) {
    this.known = new Promise((resolve) => { this.resolveKnown = resolve; });
    this.retry = new BackgroundRetry(async () => {
      const answer = await authTest();
      this.identity = {
        ...(answer.bot_id ? { botId: answer.bot_id } : {}),
        ...(answer.user_id ? { botUserId: answer.user_id } : {}),
        ...(answer.team_id ? { teamId: answer.team_id } : {}),
        ...(answer.url ? { url: answer.url } : {}),
      };
      log(`slack: signed in as ${answer.user ?? answer.user_id ?? 'the bot'} (${answer.user_id ?? '?'}) in ${answer.team ?? answer.team_id ?? 'the workspace'}`);
      this.resolveKnown(this.identity);
    }, (error, retryInMs) => log(`slack: auth.test failed (${error.message}); Hearken keeps answering Slack and retries in ${Math.round(retryInMs / 1000)} s`), backoff);
  }

  start(): void {
    this.retry.start();
  }

  stop(): void {
    this.retry.stop();
  }

  get current(): BotIdentity {
    return this.identity;
  }

  /** Resolves once auth.test has answered (tests and diagnostics). */
  whenKnown(): Promise<BotIdentity> {
    return this.known;
  }
}
