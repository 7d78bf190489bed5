import { ActivityTypes, ConversationState, TestAdapter, UserState } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { harnesses } from './backends.js';

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`botbuilder ConversationState over the ${harness.name} store`, () => {
    let store: Store;
    beforeAll(async () => { store = await harness.open(); });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    it('keeps dialog state across turns and across store instances (a restart)', async () => {
      const conversationState = new ConversationState(store.botStorage);
      const userState = new UserState(store.botStorage);
      const turns = conversationState.createProperty<number>('turns');
      const name = userState.createProperty<string>('name');
      const adapter = new TestAdapter(async (context) => {
        if (context.activity.type !== ActivityTypes.Message) return;
        const count = (await turns.get(context, 0)) + 1;
        await turns.set(context, count);
        if (context.activity.text?.startsWith('I am ')) await name.set(context, context.activity.text.slice(5));
        await context.sendActivity(`turn ${count}, ${await name.get(context, 'stranger')}`);
        await conversationState.saveChanges(context);
        await userState.saveChanges(context);
      });
      await adapter.send('hello').assertReply('turn 1, stranger')
        .send('I am 王').assertReply('turn 2, 王')
        .send('again').assertReply('turn 3, 王');

      // A new store on the same database sees the saved state, as after a restart.
      const restarted = await harness.open();
      try {
        const keys = Object.keys(await restarted.botStorage.read([`test/conversations/Convo1/`]));
        expect(keys).toEqual(['test/conversations/Convo1/']);
        const state = (await restarted.botStorage.read(['test/conversations/Convo1/']))['test/conversations/Convo1/']!;
        expect(state.turns).toBe(3);
        expect(typeof state.eTag).toBe('string');
      } finally {
        await restarted.close();
      }
    });
  });
}
