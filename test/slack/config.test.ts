import { describe, expect, it } from 'vitest';
import { slackConfigFrom, SlackConfigError } from '../../src/slack/index.js';

describe('slackConfigFrom', () => {
  it('is off, saying why, unless both the signing secret and the bot token are set', () => {
    expect(slackConfigFrom({})).toEqual({ on: false, reason: expect.stringMatching(/SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set/) });
    expect(slackConfigFrom({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ on: false, reason: expect.stringMatching(/SLACK_SIGNING_SECRET is not/) });
    expect(slackConfigFrom({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: '  ' })).toEqual({ on: false, reason: expect.stringMatching(/SLACK_BOT_TOKEN is not/) });
  });
  it('is on over HTTP with the default Web API, or in Socket Mode with an app token', () => {
    expect(slackConfigFrom({ SLACK_SIGNING_SECRET: ' s ', SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ on: true, config: { signingSecret: 's', botToken: 'xoxb-1', apiUrl: 'https://slack.com/api/' } });
    expect(slackConfigFrom({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api' }))
      .toEqual({ on: true, config: { signingSecret: 's', botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:9/api/' } });
  });
  it('throws, naming the variable, for a token of the wrong kind or a bad URL', () => {
    const on = { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' };
    expect(() => slackConfigFrom({ ...on, SLACK_BOT_TOKEN: 'xoxp-user' })).toThrow(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(() => slackConfigFrom({ ...on, SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(SlackConfigError);
    expect(() => slackConfigFrom({ ...on, SLACK_API_URL: 'not a url' })).toThrow(/SLACK_API_URL="not a url" is not a URL/);
    expect(() => slackConfigFrom({ ...on, SLACK_API_URL: 'ftp://x/' })).toThrow(/http\(s\)/);
  });
  it('reads the escalation channel and the supervisors, refusing a channel name or a bad user id', () => {
    const on = { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' };
    expect(slackConfigFrom({ ...on, SLACK_ESCALATION_CHANNEL: ' C0ESC ', SLACK_SUPERVISORS: 'U0SUE, W0LI  U0MAX' }))
      .toEqual({ on: true, config: { signingSecret: 's', botToken: 'xoxb-1', apiUrl: 'https://slack.com/api/', escalationChannel: 'C0ESC', supervisors: ['U0SUE', 'W0LI', 'U0MAX'] } });
    expect(() => slackConfigFrom({ ...on, SLACK_ESCALATION_CHANNEL: '#escalations' })).toThrow(/SLACK_ESCALATION_CHANNEL="#escalations" is not a channel id/);
    expect(() => slackConfigFrom({ ...on, SLACK_SUPERVISORS: 'U0SUE,@max' })).toThrow(/SLACK_SUPERVISORS holds "@max", which is not a Slack user id/);
  });
});
