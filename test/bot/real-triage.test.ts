import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MainDialog } from '../../src/bot/dialogs/main.js';
import { harness, words } from './fixtures.js';

// The shipped triage model is built by the triage area (npm run train:triage).
const modelFile = join(import.meta.dirname, '..', '..', 'lexicons', 'triage', 'model.json');
const hasModel = existsSync(modelFile);
if (!hasModel) console.warn(`test/bot/real-triage: ${modelFile} is missing, so the bot-with-real-triage tests are SKIPPED. Build it with npm run train:triage.`);

describe.skipIf(!hasModel)('the bot with the shipped triage model', async () => {
  const { loadTriage } = hasModel ? await import('../../src/triage/load.js') : { loadTriage: undefined };
  const triage = loadTriage ? loadTriage() : () => { throw new Error('no model'); };

  it('does not ask again for the order number and phone the customer already gave (zh-Hans)', async () => {
    const w = words('zh-Hans');
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say('我的快递三天了还没送到，订单号 HK12345678，我的电话是 13800138000。');
    const replies = await h.say('就这些');
    const asked = replies.map((r) => r.text);
    // Whatever else is asked, these two are not.
    expect(asked).not.toContain(w.facts.order_number!.ask);
    expect(asked).not.toContain(w.facts.contact!.ask);
  });

  it('hands a story that threatens the media straight to a supervisor (en)', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say('Your heater caught fire in my kitchen. I am going to the newspapers and my lawyer about this.');
    const replies = await h.texts("that's all");
    expect(h.desk.handoffs).toHaveLength(1);
    expect(h.desk.handoffs[0]!.reason).toBe('escalation');
    expect(replies[0]).toContain(h.desk.handoffs[0]!.complaintId);
    expect(replies[0]!.startsWith(words('en').handoff.escalation.slice(0, 20))).toBe(true);
  });

  it('replies in Traditional Chinese to a Traditional story, with the category\'s facts (zh-Hant)', async () => {
    const w = words('zh-Hant');
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say('這個月的帳單多扣了我兩百元，我打了三次電話都沒有人處理。');
    const replies = await h.texts('說完了');
    expect(replies[0]).toContain(w.empathy.apology);
    expect(Object.values(w.facts).map((f) => f.ask)).toContain(replies[1]);
  });
});
