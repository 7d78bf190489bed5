// The server's bot watches the guard lexicons: an edit goes live without a
// restart, and a broken edit is reported while the last good guard stays.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultGuardLexiconDir } from '../../src/lexicon-files/index.js';
import { createServerBot, type ServerBot } from '../../src/server/compose.js';
import { ChatLog } from '../../src/store/chat-log.js';
import { GroupCommitStorage } from '../../src/store/group-commit-storage.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { ConversationHub } from '../../src/web/conversation-hub.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function serverBotOnCopiedLexicons(): Promise<{ bot: ServerBot; guardDir: string; logs: string[] }> {
  const root = mkdtempSync(join(tmpdir(), 'hearken-guard-reload-'));
  const guardDir = join(root, 'guard');
  cpSync(defaultGuardLexiconDir(), guardDir, { recursive: true });
  const store: Store = await openSqliteStore({ dataDir: join(root, 'data') });
  const logs: string[] = [];
  const hub = new ConversationHub({ storage: new ChatLog(store.botStorage), log: () => {} });
  const bot = createServerBot(hub, store, { storage: new GroupCommitStorage(store.botStorage), lexicons: root, log: (message) => logs.push(message) });
  cleanups.push(async () => {
    bot.dispose();
    await hub.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });
  return { bot, guardDir, logs };
}

async function waitForLog(logs: string[], pattern: RegExp): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const line = logs.find((entry) => pattern.test(entry));
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no log line matched ${pattern}; got ${JSON.stringify(logs)}`);
}

describe('the server bot reloads the guard lexicons', () => {
  it('picks up an edit to a lexicon file', async () => {
    const { guardDir, logs } = await serverBotOnCopiedLexicons();
    appendFileSync(join(guardDir, 'en.yaml'), '\n# a supervisor note\n');
    expect(await waitForLog(logs, /phrasing guard reloaded: \d+ rules/)).toMatch(/reloaded/);
  });

  it('reports a broken edit, naming the file (the watcher keeps the last good guard; see test/guard)', async () => {
    const { guardDir, logs } = await serverBotOnCopiedLexicons();
    appendFileSync(join(guardDir, 'en.yaml'), '\n  - : [unclosed\n');
    const line = await waitForLog(logs, /phrasing guard reload failed/);
    expect(line).toMatch(/keeping the last good lexicons/);
    expect(line).toMatch(/en\.yaml/);
  });
});
