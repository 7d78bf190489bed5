import type { Activity, Storage } from 'botbuilder';
import { GroupCommitStorage } from './group-commit-storage.js';
import type { ConversationRecord, TranscriptStorage } from './transcript.js';

/**
 * Keeps Direct Line transcripts in the same botbuilder Storage as the dialog
 * state, so one database holds everything a restarted server needs: the
 * conversation record under `hearken-directline/<id>` and each activity under
 * `hearken-directline/<id>/<index>` (botbuilder's own state keys start with the channel
 * id, `directline/`, so the prefix keeps them apart) (each activity written once, never the whole log).
 */
export class StorageTranscripts implements TranscriptStorage {
  constructor(private readonly storage: Storage) {}

  async loadConversation(conversationId: string): Promise<{ record: ConversationRecord; activities: Activity[] } | undefined> {
    const recordKey = conversationKey(conversationId);
    const found = await this.storage.read([recordKey]);
    const stored = found[recordKey] as (ConversationRecord & { eTag?: string }) | undefined;
    if (!stored) return undefined;
    const { eTag: _eTag, ...record } = stored;
    const keys = Array.from({ length: record.activityCount }, (_, index) => activityKey(conversationId, index));
    const items = keys.length > 0 ? await this.storage.read(keys) : {};
    const activities: Activity[] = [];
    for (const key of keys) {
      const item = items[key] as { activity?: Activity } | undefined;
      // A gap means the process died between the record write and an activity write; stop at the
      // last complete prefix so watermarks stay dense.
      if (!item?.activity) break;
      activities.push(item.activity);
    }
    record.activityCount = activities.length;
    return { record, activities };
  }

  async saveConversation(record: ConversationRecord, appended: Array<{ index: number; activity: Activity }>): Promise<void> {
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
