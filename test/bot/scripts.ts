import type { Locale } from '../../src/contracts/complaint.js';

/** What a customer types, per language. Replies are checked against the wording files, not copied here. */
export interface CustomerScript {
  hello: string;
  story: [string, string];
  done: string;
  storyWithDone: string;
  /** A story with an order number, the day it happened and a phone number in it. */
  storyWithValues: string;
  /** storyWithDone without its done signal: what goes into the story. */
  storyWithDoneRest: string;
  affected: string;
  when: string;
  badOrder: string;
  order: string;
  address: string;
  newAddress: string;
  badContact: string;
  contact: string;
  /** The answer to "what name should we put on your complaint?". */
  name: string;
  /** The name as recorded. */
  nameAs: string;
  wrongContact: string;
  billMonth: string;
  badBillMonth: string;
  help: string;
  cancel: string;
  startOver: string;
  human: string;
  whereIs: (id: string) => string;
  comment: string;
  appealReason: string;
  otherResolution: string;
}

export const SCRIPTS: Record<Locale, CustomerScript> = {
  en: {
    hello: 'hello',
    story: ['My parcel never arrived.', 'I have waited a whole week and nobody called me back.'],
    done: "that's all",
    storyWithDone: "The courier left my parcel in the rain. That's all.",
    storyWithDoneRest: 'The courier left my parcel in the rain.',
    storyWithValues: 'My kettle from order HK87654321 arrived broken on 20 November. You can call me on 13800138000.',
    affected: 'my headphones',
    when: 'last Monday',
    badOrder: 'abc',
    order: 'HK12345678',
    address: '12 Long Street, Springfield',
    newAddress: '14 Long Street, Springfield',
    badContact: 'call me maybe',
    contact: 'me@example.com',
    name: 'Sam Okafor',
    nameAs: 'Sam Okafor',
    wrongContact: 'someone@example.com',
    billMonth: 'October 2026',
    badBillMonth: 'the expensive one',
    help: 'help',
    cancel: 'cancel',
    startOver: 'start over',
    human: 'can I talk to a human please',
    whereIs: (id) => `Where is my complaint ${id}?`,
    comment: 'Quick and polite, thank you.',
    appealReason: 'The refund was only half of what I paid.',
    otherResolution: 'Deliver it again on a weekend',
  },
  'zh-Hans': {
    hello: '你好',
    story: ['我的包裹一直没到。', '已经等了整整一周，也没人给我回电话。'],
    done: '就这些',
    storyWithDone: '快递员把我的包裹放在雨里淋湿了。就这些。',
    storyWithDoneRest: '快递员把我的包裹放在雨里淋湿了。',
    storyWithValues: '订单号HK87654321的水壶11月20日送到就是坏的。手机13800138000。',
    affected: '我的耳机',
    when: '上周一',
    badOrder: '12345',
    order: 'HK12345678',
    address: '北京市朝阳区建国路88号',
    newAddress: '北京市朝阳区建国路99号',
    badContact: '打我电话',
    contact: '13800138000',
    name: '我姓韩',
    nameAs: '韩',
    wrongContact: '13900139000',
    billMonth: '2026年10月',
    badBillMonth: '很贵的那张',
    help: '帮助',
    cancel: '取消',
    startOver: '重新开始',
    human: '我要转人工',
    whereIs: (id) => `我的投诉 ${id} 处理得怎么样了？`,
    comment: '处理得很快，态度也好。',
    appealReason: '退款只退了一半。',
    otherResolution: '周末重新送一次',
  },
  'zh-Hant': {
    hello: '哈囉，您好',
    story: ['我的包裹一直沒送到。', '已經等了整整一個禮拜，也沒有人回電給我。'],
    done: '說完了',
    storyWithDone: '快遞員把我的包裹放在雨裡淋濕了。說完了。',
    storyWithDoneRest: '快遞員把我的包裹放在雨裡淋濕了。',
    storyWithValues: '訂單編號HK87654321的熱水壺11月20日送到就是壞的。手機13800138000。',
    affected: '我的耳機',
    when: '上週一',
    badOrder: '12345',
    order: 'HK12345678',
    address: '台北市信義區松仁路100號',
    newAddress: '台北市信義區松仁路120號',
    badContact: '打電話給我',
    contact: '0912345678',
    name: '敝姓鄭',
    nameAs: '鄭',
    wrongContact: '0987654321',
    billMonth: '2026年10月',
    badBillMonth: '很貴的那張',
    help: '幫助',
    cancel: '取消',
    startOver: '重新開始',
    human: '我要轉人工',
    whereIs: (id) => `我的案件 ${id} 處理得怎麼樣了？`,
    comment: '處理得很快，態度也很好。',
    appealReason: '退款只退了一半。',
    otherResolution: '週末重新送一次',
  },
};
