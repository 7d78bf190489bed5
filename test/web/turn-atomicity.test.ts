/**
 * A turn's dialog state and its Direct Line activities are stored together.
 * The storage under the group commit records every write it commits; a crash
 * can stop the server after any of them, so every prefix of that log is a state
 * a restarted server may find. In each one, what the bot decided (its dialog
 * state) and what it said (its replies in the transcript) must agree.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServerBot, type ServerBot } from '../../src/server/compose.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { ConversationHub } from '../../src/web/conversation-hub.js';
import { ChatLog } from '../../src/store/chat-log.js';
import { GroupCommitStorage } from '../../src/store/group-commit-storage.js';
import { startWebChatServer, type RunningWebChatServer } from '../../src/server/web-chat-server.js';
import { LINES, wordingFor } from './complaint-customer.js';
import { echoBotOn } from './echo-bot.js';
import { HttpCustomer } from './http-customer.js';

/** Forwards to a storage and keeps a copy of every write it committed, in order. */
class CommitLog implements Storage {
  readonly commits: StoreItems[] = [];
  constructor(private readonly inner: Storage) {}
  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    await this.inner.write(changes);
    this.commits.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

const hubs: ConversationHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

describe('a turn\'s dialog state and replies after a crash at any point', () => {
  it('every crash point leaves as many echo replies stored as the dialog state has counted', async () => {
    const log = new CommitLog(new MemoryStorage());
    const storage = new GroupCommitStorage(log);
    const hub = new ConversationHub({ storage: new ChatLog(storage), log: () => {} });
    echoBotOn(storage)(hub);
    hubs.push(hub);
    const { conversationId } = await hub.create('en');
    await hub.start(conversationId, 'en');
    for (const text of ['one', 'two', 'three', 'four']) await hub.postFromUser(conversationId, { type: 'message', text });
    await hub.close();

    const stateKey = `directline/conversations/${conversationId}/`;
    const seen = new Set<string>();
    for (let crashAfter = 0; crashAfter <= log.commits.length; crashAfter++) {
      // What a restarted server would find had the process died after `crashAfter` commits.
      const disk = new MemoryStorage();
      for (const commit of log.commits.slice(0, crashAfter)) await disk.write(commit);
      const counted = ((await disk.read([stateKey]))[stateKey] as { count?: number } | undefined)?.count ?? 0;
      const loaded = await new ChatLog(disk).loadConversation(conversationId);
      const replies = (loaded?.activities ?? []).filter((a) => a.text?.startsWith('echo ')).map((a) => a.text);
      expect(replies, `after ${crashAfter} of ${log.commits.length} commits`).toEqual(['one', 'two', 'three', 'four'].slice(0, counted).map((t, i) => `echo ${i + 1}: ${t}`));
      seen.add(`${counted}/${replies.length}`);
    }
    // The whole conversation was played: every count from none to four was a possible crash state.
    expect([...seen]).toEqual(['0/0', '1/1', '2/2', '3/3', '4/4']);
  });
});

describe('the composed Hearken bot over SQLite', () => {
  let dir: string;
  let store: Store;
  let log: CommitLog;
  let web: RunningWebChatServer<ServerBot>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearken-turn-atomic-'));
    store = await openSqliteStore({ dataDir: dir });
    log = new CommitLog(store.botStorage);
    const storage = new GroupCommitStorage(log);
    web = await startWebChatServer({ bot: (chat) => createServerBot(chat, store, { storage, log: () => {} }), storage, secret: randomBytes(48), listenPauseMs: 0, log: () => {} });
  });
  afterAll(async () => {
    await web?.close();
    web?.bot.dispose();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never stores the dialog state of a conversation apart from its transcript', async () => {
    const customer = new HttpCustomer(web.url, 'en');
    await customer.start();
    const w = wordingFor('en');
    for (const text of [w.menu.lodge.label, LINES.en.story[0]!, LINES.en.story[1], "that's all"]) await customer.say(text);
    const id = customer.conversationId;
    const stateWrites = log.commits.filter((commit) => `directline/conversations/${id}/` in commit);
    expect(stateWrites.length).toBeGreaterThanOrEqual(4);
    for (const commit of stateWrites) {
      // The turn's replies ride in the same commit as the state that produced them.
      expect(Object.keys(commit), 'dialog state committed without the transcript').toContain(`hearken-directline/${id}`);
      expect(Object.keys(commit).some((key) => key.startsWith(`hearken-directline/${id}/`))).toBe(true);
    }
  });
});
