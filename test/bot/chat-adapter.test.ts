import { describe, expect, it } from 'vitest';
import { InProcessAdapter } from '../../src/bot/chat-adapter.js';
import type { ChatActivity, ChatHost } from '../../src/contracts/chat.js';

describe('InProcessAdapter', () => {
  it('gives every turn the same user-token client instead of building one (an HTTP pipeline) per turn', async () => {
    const host = { deliverFromBot: () => 'id', updateFromBot: () => {}, deleteFromBot: () => {} } as unknown as ChatHost;
    const adapter = new InProcessAdapter(host);
    const clients: unknown[] = [];
    const activity = (conversation: string, text: string) => ({
      type: 'message', id: text, text, channelId: 'directline', serviceUrl: 'hearken://directline',
      from: { id: 'u1', role: 'user' }, recipient: { id: 'hearken', role: 'bot' }, conversation: { id: conversation },
    }) as unknown as ChatActivity;
    for (const [conversation, text] of [['c1', 'one'], ['c1', 'two'], ['c2', 'three']] as const) {
      await adapter.runTurn(activity(conversation, text), async (context) => void clients.push(context.turnState.get(adapter.UserTokenClientKey)));
    }
    expect(clients).toHaveLength(3);
    expect(clients[0]).toBeTruthy();
    expect(new Set(clients).size).toBe(1);
  });
});
