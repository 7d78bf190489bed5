import type { ChatActivity, ChatConversationRecord } from '../contracts/chat.js';
import { GroupCommitStorage } from './group-commit-storage.js';
import type { StateStorage } from './types.js';

/**
 * The chat log: each web chat conversation's record and activities, kept in the
 * same key-value state storage as the bot's dialog state, so one database holds
 * everything a restarted server needs and a turn's state and replies can be
 * stored in one write. The record lives under `hearken-directline/<id>` and each
 * activity under `hearken-directline/<id>/<index>` (botbuilder's own state keys
 * start with the channel id, `directline/`, so the prefix keeps them apart); each
 * activity is written once, never the whole log.
 */
export class ChatLog {
  constructor(private readonly storage: StateStorage) {}

  async loadConversation(conversationId: string): Promise<{ record: ChatConversationRecord; activities: ChatActivity[] } | undefined> {
    const recordKey = conversationKey(conversationId);
    const found = await this.storage.read([recordKey]);
    const stored = found[recordKey] as (ChatConversationRecord & { eTag?: string }) | undefined;
    if (!stored) return undefined;
    const { eTag: _eTag, ...record } = stored;
    const keys = Array.from({ length: record.activityCount }, (_, index) => activityKey(conversationId, index));
    const items = keys.length > 0 ? await this.storage.read(keys) : {};
    const activities: ChatActivity[] = [];
    for (const key of keys) {
      const item = items[key] as { activity?: ChatActivity } | undefined;
      // A gap means the process died between the record write and an activity write; stop at the
      // last complete prefix so watermarks stay dense.
      if (!item?.activity) break;
      activities.push(item.activity);
    }
    record.activityCount = activities.length;
    return { record, activities };
  }

  async saveConversation(record: ChatConversationRecord, appended: Array<{ index: number; activity: ChatActivity }>): Promise<void> {
    const changes: Record<string, object> = {};
    for (const { index, activity } of appended) changes[activityKey(record.conversationId, index)] = { activity, eTag: '*' };
    // One write: the record never counts an activity that is not stored (and with
    // GroupCommitStorage, many conversations share that write's transaction).
    changes[conversationKey(record.conversationId)] = { ...record, eTag: '*' };
    await this.storage.write(changes);
  }

  assertAvailable(): void {
    if (this.storage instanceof GroupCommitStorage) this.storage.assertAvailable();
  }

  /** Dialog state and activities of one turn in one write, when the storage can hold a turn's writes. */
  async runTurn(turn: () => Promise<void>, save: () => Promise<void>): Promise<void> {
    if (this.storage instanceof GroupCommitStorage) return this.storage.runTurn(turn, save);
    try {
      await turn();
    } finally {
      await save();
    }
  }
}

const conversationKey = (conversationId: string) => `hearken-directline/${conversationId}`;
const activityKey = (conversationId: string, index: number) => `hearken-directline/${conversationId}/${index}`;
