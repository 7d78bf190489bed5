#!/usr/bin/env node
/**
 * `npm start`: the web chat, its Direct Line and the complaint bot in one
 * process. Environment (see .env.example): PORT, HEARKEN_DATA_DIR,
 * DATABASE_URL, HEARKEN_DIRECTLINE_SECRET, HEARKEN_PUBLIC_URL,
 * HEARKEN_EMBED_ORIGINS, HEARKEN_LISTEN_PAUSE_MS, HEARKEN_WATCH_INTERVAL_MS (and, through
 * the store, HEARKEN_COMPLAINTS_CONFIG and HEARKEN_DB_SCHEMA).
 */
import { directLineSecretFrom } from '../web/conversation-token.js';
import { startHearkenServer } from './hearken-server.js';

function integerFrom(env: NodeJS.ProcessEnv, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not a whole number between ${min} and ${max}; fix it in the environment or .env`);
  }
  return value;
}

async function main(): Promise<number> {
  const env = process.env;
  let running;
  try {
    const port = integerFrom(env, 'PORT', 3978, 0, 65535)!;
    const listenPauseMs = integerFrom(env, 'HEARKEN_LISTEN_PAUSE_MS', undefined, 0, 600_000);
    const watchIntervalMs = integerFrom(env, 'HEARKEN_WATCH_INTERVAL_MS', undefined, 100, 86_400_000);
    running = await startHearkenServer({
      port,
      secret: directLineSecretFrom(env, (message) => console.warn(`warning: ${message}`)),
      ...(env.HEARKEN_DATA_DIR ? { dataDir: env.HEARKEN_DATA_DIR } : {}),
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      ...(env.HEARKEN_PUBLIC_URL ? { publicUrl: env.HEARKEN_PUBLIC_URL } : {}),
      ...(env.HEARKEN_EMBED_ORIGINS ? { embedOrigins: env.HEARKEN_EMBED_ORIGINS } : {}),
      ...(listenPauseMs !== undefined ? { listenPauseMs } : {}),
      ...(watchIntervalMs !== undefined ? { watchIntervalMs } : {}),
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
