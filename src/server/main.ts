#!/usr/bin/env node
/**
 * `npm start`: the web chat, its Direct Line and the complaint bot in one
 * process. Environment (see .env.example): PORT, HEARKEN_DATA_DIR,
 * DATABASE_URL, HEARKEN_DIRECTLINE_SECRET, HEARKEN_PUBLIC_URL,
 * HEARKEN_EMBED_ORIGINS, HEARKEN_LISTEN_PAUSE_MS, HEARKEN_WATCH_INTERVAL_MS, HEARKEN_NEW_CHAT_BURST,
 * HEARKEN_NEW_CHAT_REFILL_MS, HEARKEN_MAX_LIVE_CHATS, HEARKEN_TRUST_PROXY, HEARKEN_TOKEN_TTL_SECONDS,
 * HEARKEN_HEAP_GROWING_PERCENT, HEARKEN_COMPLAINTS_CONFIG, HEARKEN_DB_SCHEMA, HEARKEN_LEXICONS, SLACK_SIGNING_SECRET,
 * SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_API_URL, SLACK_ESCALATION_CHANNEL, SLACK_SUPERVISORS.
 */
import { slackConfigFrom } from '../slack/config.js';
import { directLineSecretFrom } from '../web/conversation-token.js';
import { creationLimitsFromEnv, tokenTtlSecondsFrom, wholeNumberFrom } from './environment.js';
import { boundHeapGrowth, DEFAULT_HEAP_GROWING_PERCENT } from './heap-growth.js';
import { startHearkenServer } from './hearken-server.js';
import { lexiconsFolderFrom } from '../lexicon-files/layout.js';

async function main(): Promise<number> {
  const env = process.env;
  let running;
  try {
    boundHeapGrowth(wholeNumberFrom(env, 'HEARKEN_HEAP_GROWING_PERCENT', 0, 400) ?? DEFAULT_HEAP_GROWING_PERCENT, process.execArgv);
    const port = wholeNumberFrom(env, 'PORT', 0, 65535) ?? 3978;
    const listenPauseMs = wholeNumberFrom(env, 'HEARKEN_LISTEN_PAUSE_MS', 0, 600_000);
    const watchIntervalMs = wholeNumberFrom(env, 'HEARKEN_WATCH_INTERVAL_MS', 100, 86_400_000);
    const tokenTtlSeconds = tokenTtlSecondsFrom(env);
    const slack = slackConfigFrom(env);
    if (!slack.on) console.log(`hearken: Slack is off: ${slack.reason}`);
    else if (!slack.config.escalationChannel) console.log('hearken: SLACK_ESCALATION_CHANNEL is not set: hand-overs are logged, not posted to Slack (see docs/slack.md)');
    // The lexicon folder the guard is read from and watched in (default ./lexicons).
    const lexiconsDir = lexiconsFolderFrom(env.HEARKEN_LEXICONS);
    running = await startHearkenServer({
      port,
      lexiconsDir,
      creationLimits: creationLimitsFromEnv(env),
      secret: directLineSecretFrom(env, (message) => console.warn(`warning: ${message}`)),
      ...(env.HEARKEN_DATA_DIR ? { dataDir: env.HEARKEN_DATA_DIR } : {}),
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      ...(env.HEARKEN_DB_SCHEMA ? { databaseSchema: env.HEARKEN_DB_SCHEMA } : {}),
      ...(env.HEARKEN_COMPLAINTS_CONFIG ? { complaintsConfig: env.HEARKEN_COMPLAINTS_CONFIG } : {}),
      ...(env.HEARKEN_PUBLIC_URL ? { publicUrl: env.HEARKEN_PUBLIC_URL } : {}),
      ...(env.HEARKEN_EMBED_ORIGINS ? { embedOrigins: env.HEARKEN_EMBED_ORIGINS } : {}),
      ...(listenPauseMs !== undefined ? { listenPauseMs } : {}),
      ...(watchIntervalMs !== undefined ? { watchIntervalMs } : {}),
      ...(tokenTtlSeconds !== undefined ? { tokenTtlSeconds } : {}),
      ...(slack.on ? { slack: slack.config } : {}),
    });
  } catch (error) {
    console.error(`hearken: could not start: ${(error as Error).message}`);
    return 2;
  }
  const where = running.store.backend === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'SQLite';
  console.log(`Hearken web chat: ${running.url}/  (storage: ${where}; embed snippet: ${running.url}/embed.js)`);

  const server = running;
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`hearken: ${signal} again, exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      console.log(`hearken: ${signal} received, finishing running turns and closing the store…`);
      server.close().then(resolve, (error: Error) => {
        console.error(`hearken: shutdown failed: ${error.message}`);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('hearken: stopped');
  return 0;
}

process.exitCode = await main();
