/**
 * A customer who lodges one delivery complaint, answering whatever the bot
 * asks. Triage decides which facts are needed, so the customer reads the bot's
 * last prompt and looks it up in the wording files instead of assuming an order.
 */
import { loadDialogData } from '../../src/bot/index.js';
import type { Wording } from '../../src/bot/wording.js';

export type ChatLocale = 'en' | 'zh-Hans';

export interface CustomerLines {
  hello: string;
  story: [string, string];
  done: string;
  facts: Record<string, string>;
  /** What the stored complaint must show for each fact key (contact becomes `email` or `phone`). */
  contactKey: 'email' | 'phone';
}

export const LINES: Record<ChatLocale, CustomerLines> = {
  en: {
    hello: 'hello',
    story: ['My parcel never arrived.', 'I have waited a whole week and nobody called me back.'],
    done: "that's all",
    facts: {
      affected: 'my headphones',
      when: 'last Monday',
      order_number: 'HK12345678',
      delivery_address: '12 Long Street, Springfield',
      bill_period: 'October 2026',
      promise: 'A call back within one day, from the shop manager',
      product: 'dishwasher DW-300',
      where: 'the Central branch',
      contact: 'me@example.com',
      name: 'Sam Okafor',
    },
    contactKey: 'email',
  },
  'zh-Hans': {
    hello: '你好',
    story: ['我的包裹一直没到。', '已经等了整整一周，也没人给我回电话。'],
    done: '就这些',
    facts: {
      affected: '我的耳机',
      when: '上周一',
      order_number: 'HK87654321',
      delivery_address: '北京市朝阳区建国路88号',
      bill_period: '2026年10月',
      promise: '店长答应一天内给我回电话',
      product: '洗碗机 DW-300',
      where: '中山路门店',
      contact: '13800138000',
      name: '我姓韩',
    },
    contactKey: 'phone',
  },
};

export type CustomerMove =
  | { kind: 'say'; text: string; factKey?: string }
  | { kind: 'tap'; label: string }
  | { kind: 'recorded'; complaintId: string }
  | { kind: 'unknown'; prompt: string };

const dialogData = loadDialogData();

export function wordingFor(locale: ChatLocale): Wording {
  return dialogData.wording[locale];
}

/** Decides the customer's next move from the bot's most recent messages (oldest first). */
export function nextMove(locale: ChatLocale, botTexts: string[]): CustomerMove {
  const w = wordingFor(locale);
  const lines = LINES[locale];
  for (let i = botTexts.length - 1; i >= 0; i--) {
    const text = botTexts[i]!.trim();
    const id = /C-\d{8}-\d{4,}/.exec(text)?.[0];
    if (id) return { kind: 'recorded', complaintId: id };
    if (text === w.closing.done.trim()) continue;
    if (text === w.readback.intro) return { kind: 'tap', label: w.readback.confirm.label };
    if (text === w.resolution.ask || text === w.resolution.askEarly) return { kind: 'tap', label: w.resolution.choices.refund.label };
    // Invited to say more (triage heard venting): they have said it all.
    if (text.endsWith(w.empathy.ventRoom)) return { kind: 'say', text: lines.done };
    if (text === w.greeting.choose) return { kind: 'tap', label: w.menu.lodge.label };
    if (text === w.listen.ask) return { kind: 'say', text: lines.story[0] };
    for (const [key, fact] of Object.entries(w.facts)) {
      if (text === fact?.ask || text === fact?.retry || text === fact?.askNameKnown) {
        const answer = lines.facts[key];
        if (answer === undefined) return { kind: 'unknown', prompt: text };
        return { kind: 'say', text: answer, factKey: key };
      }
    }
    return { kind: 'unknown', prompt: text };
  }
  return { kind: 'unknown', prompt: '(no bot message)' };
}
