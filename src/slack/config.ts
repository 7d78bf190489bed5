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
  /** SLACK_ESCALATION_CHANNEL: the channel id hand-overs are posted to; without it they are only logged. */
  escalationChannel?: string;
  /** SLACK_SUPERVISORS: user ids who approve resolutions and see today's figures on the App Home. */
  supervisors?: string[];
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
  const escalationChannel = value(env, 'SLACK_ESCALATION_CHANNEL');
  if (escalationChannel !== undefined && !/^[CG][A-Z0-9]{2,}$/.test(escalationChannel)) {
    throw new SlackConfigError(`SLACK_ESCALATION_CHANNEL=${JSON.stringify(escalationChannel)} is not a channel id; use the id (C… or G…) shown at the bottom of the channel's details in Slack, not its name`);
  }
  const supervisors = (value(env, 'SLACK_SUPERVISORS') ?? '').split(/[\s,]+/).filter((id) => id !== '');
  const notUser = supervisors.find((id) => !/^[UW][A-Z0-9]{2,}$/.test(id));
  if (notUser !== undefined) {
    throw new SlackConfigError(`SLACK_SUPERVISORS holds ${JSON.stringify(notUser)}, which is not a Slack user id; list member ids (U… or W…, from a profile's ⋮ → Copy member ID), separated by commas or spaces`);
  }
  return { on: true, config: { signingSecret, botToken, ...(appToken ? { appToken } : {}), apiUrl, ...(escalationChannel ? { escalationChannel } : {}), ...(supervisors.length > 0 ? { supervisors } : {}) } };
}
