import { MemoryStorage, type StoreItems } from 'botbuilder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError, storeUnavailableIn } from '../../src/store/index.js';
import { ConversationHub } from '../../src/web/conversation-hub.js';
import { ChatLog } from '../../src/store/chat-log.js';
import { GroupCommitStorage } from '../../src/store/group-commit-storage.js';
import { echoBotOn } from './echo-bot.js';

/** botbuilder's MemoryStorage that can be told to fail its next transcript writes, like a full disk. */
class FlakyStorage extends MemoryStorage {
  failures = 0;
  /** The database is unreachable: every call fails as the PostgreSQL store does then. */
  away = false;
  override async read(keys: string[]): Promise<StoreItems> {
    if (this.away) throw new StoreUnavailableError(1000, new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    return super.read(keys);
  }
  override async write(changes: StoreItems): Promise<void> {
    if (this.away) throw new StoreUnavailableError(1000, new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    if (this.failures > 0 && Object.keys(changes).some((key) => key.startsWith('hearken-directline/'))) {
      this.failures -= 1;
      throw new Error('disk I/O error');
    }
    return super.write(changes);
  }
}

const hubs: ConversationHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

function hubOn(storage: MemoryStorage, options: { idleEvictMs?: number; log?: (m: string) => void } = {}): ConversationHub {
  const hub = new ConversationHub({ storage: new ChatLog(storage), log: options.log ?? (() => {}), ...(options.idleEvictMs ? { idleEvictMs: options.idleEvictMs } : {}) });
  echoBotOn(storage)(hub);
  hubs.push(hub);
  return hub;
}

describe('ConversationHub', () => {
  it('drops idle conversations from memory and reloads them, history and all, on the next request', async () => {
    const storage = new MemoryStorage();
    const hub = hubOn(storage, { idleEvictMs: 50 });
    const { conversationId } = await hub.create('en');
    await hub.postFromUser(conversationId, { type: 'message', text: 'hello' });
    expect(hub.liveCount).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(hub.liveCount).toBe(0);
    const reloaded = await hub.get(conversationId);
    expect(reloaded!.since('').activities.map((a) => a.text)).toEqual(['hello', 'echo 1: hello']);
    await hub.postFromUser(conversationId, { type: 'message', text: 'again' });
    expect(reloaded!.since('2').activities.map((a) => a.text)).toEqual(['again', 'echo 2: again']);
  });

  it('by default drops a chat nobody has looked at for a minute, keeps one with an open stream, and reloads the dropped one whole', async () => {
    // The hub's clock and its sweeper both run on the fake timers, so minutes pass without waiting.
    vi.useFakeTimers();
    try {
      const storage = new MemoryStorage();
      const hub = hubOn(storage);
      const left = await hub.create('en');
      await hub.postFromUser(left.conversationId, { type: 'message', text: 'hello' });
      const watched = await hub.create('en');
      const unsubscribe = (await hub.get(watched.conversationId))!.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(30_000);
      expect(hub.liveCount).toBe(2);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(hub.liveCount).toBe(1);
      expect((await hub.get(left.conversationId))!.since('').activities.map((a) => a.text)).toEqual(['hello', 'echo 1: hello']);
      expect(hub.liveCount).toBe(2);
      unsubscribe();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps what the customer said when a save fails, and stores it with the next save', async () => {
    const storage = new FlakyStorage();
    const logged: string[] = [];
    const hub = hubOn(storage, { log: (message) => logged.push(message) });
    const { conversationId } = await hub.create('en');
    storage.failures = 1;
    await hub.postFromUser(conversationId, { type: 'message', text: 'first' });
    expect(logged.join('\n')).toMatch(/saving Direct Line conversation .* failed: disk I\/O error; it will be retried/);
    await hub.postFromUser(conversationId, { type: 'message', text: 'second' });
    const stored = await new ChatLog(storage).loadConversation(conversationId);
    expect(stored!.activities.map((a) => a.text)).toEqual(['first', 'echo 1: first', 'second', 'echo 2: second']);
  });

  it('while the database is away, refuses a message before echoing it or running a turn', async () => {
    const flaky = new FlakyStorage();
    let clock = Date.now();
    const storage = new GroupCommitStorage(flaky, () => clock);
    const hub = new ConversationHub({ storage: new ChatLog(storage), log: () => {} });
    echoBotOn(storage)(hub);
    hubs.push(hub);
    const { conversationId } = await hub.create('en');
    await hub.postFromUser(conversationId, { type: 'message', text: 'before' });
    flaky.away = true;
    // The first message meets the drop: its turn runs, its save fails, the POST fails as unavailable.
    const first = await hub.postFromUser(conversationId, { type: 'message', text: 'during' }).catch((error: unknown) => error);
    expect(storeUnavailableIn(first)).toBeInstanceOf(StoreUnavailableError);
    const transcript = (await hub.get(conversationId))!;
    const shown = transcript.since('').activities.length;
    // Now the server knows: the next message is refused up front, nothing shown, nothing to store later.
    await expect(hub.postFromUser(conversationId, { type: 'message', text: 'again' })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(hub.create('en')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(transcript.since('').activities.length).toBe(shown);
    flaky.away = false;
    clock += 1000; // the retry time the store gave has passed
    await hub.postFromUser(conversationId, { type: 'message', text: 'after' });
    const stored = await new ChatLog(flaky).loadConversation(conversationId);
    expect(stored!.activities.map((a) => a.text)).toEqual(['before', 'echo 1: before', 'during', 'Sorry, something went wrong on our side. Please send that again in a moment.', 'after', 'echo 2: after']);
  });

  it('answers an unknown conversation with undefined rather than creating it', async () => {
    const hub = hubOn(new MemoryStorage());
    expect(await hub.postFromUser('no-such-conversation', { type: 'message', text: 'hi' })).toBeUndefined();
    expect(await hub.get('no-such-conversation')).toBeUndefined();
  });
});
