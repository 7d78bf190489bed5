// Slack settings from an environment-like record. Pure: src/server/main.ts passes process.env.

/** What createSlackChannel needs from the environment. */
export interface SlackConfig {
  signingSecret: string;
  /** xoxb- bot token. */
  botToken: string;
  /** xapp- app-level token: Socket Mode instead of the HTTP route. */
  appToken?: string;
  /** Base of Slack's Web API, ending in `/`; every Web API call goes through it. */
  apiUrl: string;
}

export type SlackConfigResult = { on: true; config: SlackConfig } | { on: false; reason: string };

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** A Slack variable is set but unusable; start-up should stop and say which one. */
export class SlackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackConfigError';
  }
}

const value = (env: Readonly<Record<string, string | undefined>>, name: string) => {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
};

/**
 * Slack is on when SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are both set; otherwise the result
 * says why it is off. SLACK_APP_TOKEN switches to Socket Mode; SLACK_API_URL moves the Web API
 * (default https://slack.com/api/). A malformed value throws SlackConfigError naming the variable.
 */
export function slackConfigFrom(env: Readonly<Record<string, string | undefined>>): SlackConfigResult {
  const signingSecret = value(env, 'SLACK_SIGNING_SECRET');
  const botToken = value(env, 'SLACK_BOT_TOKEN');
  const appToken = value(env, 'SLACK_APP_TOKEN');
  const apiUrlRaw = value(env, 'SLACK_API_URL');
  if (!signingSecret && !botToken) {
    return { on: false, reason: 'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set (set both to turn the Slack app on; see docs/slack.md)' };
  }
  if (!signingSecret) return { on: false, reason: 'SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is not; copy the signing secret from the app\'s Basic Information page' };
  if (!botToken) return { on: false, reason: 'SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not; copy the Bot User OAuth Token (xoxb-…) from the app\'s OAuth & Permissions page' };
  if (!botToken.startsWith('xoxb-')) {
    throw new SlackConfigError('SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token), not a user or app token');
  }
  if (appToken !== undefined && !appToken.startsWith('xapp-')) {
    throw new SlackConfigError('SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write); unset it to use HTTP');
  }
  let apiUrl = DEFAULT_SLACK_API_URL;
  if (apiUrlRaw !== undefined) {
    let parsed: URL;
    try { parsed = new URL(apiUrlRaw); } catch { throw new SlackConfigError(`SLACK_API_URL=${JSON.stringify(apiUrlRaw)} is not a URL; use e.g. https://slack.com/api/ (or unset it)`); }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new SlackConfigError(`SLACK_API_URL must be an http(s) URL, got ${parsed.protocol}`);
    apiUrl = parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
  }
  return { on: true, config: { signingSecret, botToken, ...(appToken ? { appToken } : {}), apiUrl } };
}
