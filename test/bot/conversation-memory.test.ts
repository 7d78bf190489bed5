import { MemoryStorage, TestAdapter, TurnContext, type Storage, type StoreItems } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { conversationMemory } from '../../src/bot/proactive.js';

/** MemoryStorage that counts the keys written, to see which turns wrote a reference. */
class CountingStorage extends MemoryStorage implements Storage {
  readonly written: string[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.written.push(...Object.keys(changes));
    return super.write(changes);
  }
}

const adapter = new TestAdapter();
const turnIn = (conversationId: string) => new TurnContext(adapter, {
  type: 'message', text: 'hi', channelId: 'test', serviceUrl: 'https://example.test',
  conversation: { id: conversationId, isGroup: false, name: '', conversationType: 'personal' },
  from: { id: 'customer', name: 'customer' }, recipient: { id: 'bot', name: 'bot' },
});

describe('conversationMemory', () => {
  it('writes a conversation reference once per conversation, and the stored reference leads back to it', async () => {
    const storage = new CountingStorage();
    const remember = conversationMemory(storage);
    for (const id of ['a', 'a', 'b', 'a', 'b']) await remember(turnIn(id));
    expect(storage.written).toEqual(['hearken-bot/conversation/a', 'hearken-bot/conversation/b']);
    const stored = await storage.read(['hearken-bot/conversation/b']);
    expect((stored['hearken-bot/conversation/b'] as { reference: { conversation: { id: string } } }).reference.conversation.id).toBe('b');
  });

  it('remembers at most `capacity` ids, forgetting the oldest first (which then costs one more write)', async () => {
    const storage = new CountingStorage();
    const remember = conversationMemory(storage, 2);
    for (const id of ['a', 'b', 'c']) await remember(turnIn(id));
    expect(storage.written).toHaveLength(3);
    await remember(turnIn('c')); // still remembered
    await remember(turnIn('b')); // still remembered
    expect(storage.written).toHaveLength(3);
    await remember(turnIn('a')); // forgotten when c came: written again
    expect(storage.written.slice(3)).toEqual(['hearken-bot/conversation/a']);
  });
});
