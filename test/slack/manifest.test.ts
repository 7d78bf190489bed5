// slack/manifest.yaml is what a Slack admin installs; it must name what the code listens for.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CALLBACKS } from '../../src/slack/blocks.js';
import { SLACK_EVENTS_PATH } from '../../src/slack/index.js';

const manifest = parse(readFileSync(new URL('../../slack/manifest.yaml', import.meta.url), 'utf8')) as {
  display_information: { name: string; description: string; long_description: string };
  features: { slash_commands: { command: string; url: string; should_escape: boolean }[]; shortcuts: { type: string; callback_id: string; name: string }[]; app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
};

describe('slack/manifest.yaml', () => {
  it('sends the slash command, the shortcut, interactivity and events to /slack/events', () => {
    const urls = [manifest.features.slash_commands[0]!.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    for (const url of urls) expect(url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/hearken']);
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: CALLBACKS.shortcut, name: 'Check with Hearken' })]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    // Reminders are direct messages: the app's Messages tab must show them.
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for the bot scopes and events the issue lists, and no more', () => {
    // reactions:write: the ✅ on an agent's reply once the customer has it; im:write: reminders by DM.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'groups:history', 'im:write', 'reactions:write', 'users:read']);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'message.channels', 'message.groups']);
  });

  it('keeps within Slack\'s manifest limits', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    const long = manifest.display_information.long_description.length;
    expect(long).toBeGreaterThanOrEqual(175);
    expect(long).toBeLessThanOrEqual(4000);
  });
});
