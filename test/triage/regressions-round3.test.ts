// Regressions from the third round (issue 14): missed danger, exposure and
// repeats, praise read as a complaint, refunds not received, emotion that
// follows written definitions, and the customer's motive. Every case is tested
// in English, Simplified Chinese and Traditional Chinese (Taiwan usage and
// Hong Kong Cantonese), in wordings the corpus does not hold.
import { describe, expect, it } from 'vitest';
import { loadTriage } from '../../src/lexicon-files/triage-files.js';

const triage = loadTriage();
const reasons = (text: string) => triage(text).escalate.reasons;

describe('danger told calmly or described rather than named is safety', () => {
  it.each([
    // a part that fell and injured someone
    'Just letting you know the shelf bracket came loose and the shelf dropped onto my son\'s foot. He needed two stitches.',
    '衣柜的门板松了，掉下来砸到我女儿的脚，肿了一大块。',
    '個層架跌咗落嚟，啱啱打中我阿媽個頭。',
    '櫃子的層板掉下來砸到我媽的手，現在還腫著。',
    // a burn or blisters from hot food or drink
    'The lid on my coffee was not fitted and it spilled over my hand. I have blisters now.',
    '奶茶盖子没盖好，洒在手上起了几个水泡。',
    '杯熱朱古力個蓋冇蓋好，倒瀉落手度，起晒水泡。',
    '外送的熱湯灑出來，我的手被燙到起水泡。',
    // an appliance that melted its own plug or threw sparks while charging
    'The plug of the heater you sold me has melted into the extension lead.',
    'My e-scooter threw sparks from the port while it was charging last night.',
    '电动车充电的时候插头冒火花，插头都熔掉了。',
    '部電動滑板車叉電嗰陣個插頭溶咗。',
    '吹風機的插頭燒熔了，外殼也變形。',
    // water pooling next to a socket
    'Since the dishwasher was installed there is water pooling next to the wall socket.',
    '洗衣机一直漏水，水都流到插座旁边了。',
    '部冷氣滴水，啲水積喺個插蘇隔籬。',
    '冷氣一直滴水，地上的積水就在插座旁邊。',
    // a skin reaction a doctor has diagnosed
    'My GP diagnosed contact dermatitis from your face cream.',
    '用了你们的面霜脸上长疹子，医生诊断是接触性皮炎。',
    '用咗你哋支防曬之後塊面出疹，醫生話係接觸性皮膚炎。',
    '擦了你們的乳液之後起疹子，醫生診斷是皮膚炎。',
    // a person trapped in a lift with a heart condition
    'My father was stuck in your lift for forty minutes. He has a heart condition.',
    '我爸被困在你们商场的电梯里四十分钟，他有心脏病。',
    '我阿爸困咗喺你哋商場部𨋢入面四十分鐘，佢有心臟病。',
    '我爸被困在電梯裡四十分鐘，他有心臟病。',
    // a child, an elderly or ill person at risk
    'The heating has been off for four days and my 92-year-old mother lives with me.',
    '暖气停了四天，家里有个九十岁的老人。',
    '屋企暖爐壞咗四日，我阿嫲九十幾歲。',
  ])('%s', (text) => {
    expect(reasons(text)).toContain('safety');
  });

  it.each([
    'The shelf arrived with a scratch on the front.',
    '衣柜门板有一道划痕。',
    '個層架送到嗰陣有花痕。',
    'The coffee was cold when it arrived.',
    '奶茶送到的时候已经凉了。',
    '外送的湯送到時已經涼了。',
  ])('no danger, no safety: %s', (text) => {
    expect(reasons(text)).not.toContain('safety');
  });
});

describe('a customer going public on any platform is media', () => {
  it.each([
    'I will post a video about this on TikTok tonight.',
    'Happy to do a write-up on Reddit so others know what you are like.',
    'I am going to put this on Threads and tag your company.',
    'My IG followers will hear about this.',
    '我会在小红书写一篇笔记，让大家避雷。',
    '我要拍个抖音视频把这件事说清楚。',
    '我会去快手发视频。',
    '我會喺連登開post講你哋間公司。',
    '我要上Dcard發文。',
    '我會把這件事PO上PTT。',
    '我一定會放上高登話畀人知。',
  ])('%s', (text) => {
    expect(reasons(text)).toContain('media');
  });

  it.each([
    "I'm not going to post about it, I just want it fixed.",
    'I saw your ad on TikTok and ordered the lamp; it came broken.',
    'Found your shop on Instagram, the dress is the wrong size.',
    '我不会发到网上，只希望尽快处理。',
    '在抖音上看到你们的广告才买的，结果是坏的。',
    '我唔會喺連登講，只係想快啲解決。',
    '喺IG見到你哋嘅廣告先買，點知係壞嘅。',
    '在Dcard看到推薦才買的，結果尺寸不對。',
  ])('not media: %s', (text) => {
    expect(reasons(text)).not.toContain('media');
  });
});

describe('repeat complaints in words, digits, ordinals, "again" after a repair, "still" after a promise', () => {
  it.each([
    "This is the fourth time I'm writing about the same broken fridge.",
    'Writing for the 3rd time about my missing parcel.',
    'I have emailed you four times and nobody has replied.',
    'The engineer repaired it on Monday and it is leaking again.',
    'You promised a callback by Friday and I am still waiting.',
    '这是我第四次为同一台坏冰箱写信了。',
    '师傅上周刚修过，今天又漏水了。',
    '说好周五回电话，到现在还是没有消息。',
    '呢個係我第四次為同一部壞雪櫃寫信。',
    '師傅上個禮拜先修完，今日又漏水。',
    '講好禮拜五覆電話，到而家都仲未有消息。',
    '這是我第四次為同一台壞冰箱寫信了。',
  ])('%s', (text) => {
    expect(reasons(text)).toContain('repeat');
  });

  it.each([
    'The blender broke the second time I used it.',
    'Monday again, and my order from last week is missing a part.',
    'The printer works again after the update, but the tray is cracked.',
    '搅拌机第二次用就坏了。',
    '又到周一了，上周的订单少了一个零件。',
    '部攪拌機第二次用就壞咗。',
    '又到禮拜一，上星期張單少咗件嘢。',
  ])('not a repeat: %s', (text) => {
    expect(reasons(text)).not.toContain('repeat');
  });
});

describe('kind: praise and questions are not complaints', () => {
  it.each([
    'Thank you for replacing my kettle so quickly last time, great service!',
    'Just wanted to say your driver was lovely and the sofa looks perfect.',
    '谢谢你们上次很快就帮我换货，服务很好！',
    '快递小哥很有礼貌，东西也包装得很好，点赞！',
    '謝謝你們上次很快就幫我換貨，服務很好！',
    '多謝你哋上次咁快幫我換貨，服務一流！',
  ])('praise is a compliment, with no want and calm: %s', (text) => {
    const r = triage(text);
    expect(r.kind.label).toBe('compliment');
    expect(r.intent.label).toBe('unspecified');
    expect(r.intent.confidence).toBeLessThan(0.5);
    expect(r.emotion.label).toBe('neutral');
  });

  it.each([
    'Is there a minimum spend for free delivery?',
    'Can my partner use my membership card?',
    '请问满多少可以包邮？',
    '请问会员卡可以借给家人用吗？',
    '請問買幾多先有免運費？',
    '請問會員卡可以借給家人用嗎？',
  ])('a plain question is a question: %s', (text) => {
    const r = triage(text);
    expect(r.kind.label).toBe('question');
    expect(r.intent.label).toBe('unspecified');
  });

  it.each([
    'My parcel never arrived and nobody replies. Refund me.',
    'Why was I charged twice this month?',
    '我的快递一直没到，退款！',
    '为什么这个月扣了我两次钱？',
    '我嘅包裹一直都未到，退錢！',
    '點解呢個月扣咗我兩次錢？',
  ])('a complaint, even as a question, is a complaint: %s', (text) => {
    expect(triage(text).kind.label).toBe('complaint');
  });
});

describe('a refund requested but not received is a refund; the phone as a channel is no product', () => {
  it.each([
    'I requested a refund two weeks ago and the money has not reached my account.',
    '退款申请提交一周了，钱还没到账。',
    '退款申请已经通过了，可是还没到账。',
    '退款申請咗一個禮拜，啲錢仲未入數。',
    '退款申請已經一週了，錢還沒入帳。',
  ])('%s', (text) => {
    expect(triage(text).intent.label).toBe('refund');
  });

  it.each([
    ['Nobody answers the phone at your store.', 'phone'],
    ['I was on the phone for an hour and got nowhere.', 'phone'],
    ['打了十次电话都没人接。', '电话'],
    ['打咗十次電話都冇人聽。', '電話'],
  ])('%s', (text, word) => {
    expect(triage(text).entities.filter((e) => e.type === 'product' && e.value.toLowerCase() === word)).toEqual([]);
  });

  it('a phone that is the product is still found', () => {
    expect(triage('The phone I bought last week will not charge.').entities.map((e) => e.type)).toContain('product');
  });
});

describe('emotion follows the written definitions (docs/triage.md)', () => {
  it.each([
    // anger: hostility, blame, insults, threats, capitals, exclamation runs
    'You lot are LIARS. Give me my money back NOW!!!',
    'Your courier is a thief and you are covering for him. Disgraceful!!',
    '你们这帮骗子，马上把钱退给我！！！',
    '你們班人呃錢㗎，即刻退錢俾我！！！',
    '你們根本就是詐騙集團，馬上退錢！！！',
  ])('anger: %s', (text) => {
    expect(triage(text).emotion.label).toBe('anger');
  });

  it.each([
    // frustration: repeated failure, weariness
    'The engineer has been out twice and the boiler still does not work. I am tired of this.',
    'Still no parcel. Another week of waiting, again.',
    '师傅来了两次还是修不好，真的好累。',
    '又係咁，等咗成個禮拜都未搞掂，好攰。',
    '已經修了兩次還是一樣，真的很累。',
  ])('frustration: %s', (text) => {
    expect(triage(text).emotion.label).toBe('frustration');
  });

  it.each([
    // anxiety: worry, fear, health or money at risk
    'Someone has used my card and my rent goes out tomorrow. I am really worried.',
    '我的卡被人盗刷了，明天要交房租，好担心。',
    '我張卡俾人盜用咗，聽日要交租，好驚。',
    '我的卡被盜刷了，明天要繳房租，很擔心。',
  ])('anxiety: %s', (text) => {
    expect(triage(text).emotion.label).toBe('anxiety');
  });

  it.each([
    // neutral: factual
    'The invoice shows the wrong postcode. Could you correct it?',
    'The parcel arrived without the charging cable. Please send it.',
    '发票上的地址写错了，麻烦改一下。',
    '收到的包裹少了充电线，请补发。',
    '張單地址寫錯咗，唔該改一改。',
    '收到的包裹少了充電線，麻煩補寄。',
  ])('neutral: %s', (text) => {
    expect(triage(text).emotion.label).toBe('neutral');
  });
});

describe('motive: what the customer is after', () => {
  it.each([
    ['Your cashier laughed at me in front of the queue. I expect to be treated with some respect.', 'respect'],
    ['收银员当着排队的人嘲笑我，我要你们给我一个尊重。', 'respect'],
    ['收銀員當住成條隊笑我，我要你哋尊重下客人。', 'respect'],
    ['I know there is nothing you can do, I just need to get this off my chest.', 'vent'],
    ['我知道你们也没办法，就是想吐槽一下。', 'vent'],
    ['我知你哋都冇辦法，我只係想呻下。', 'vent'],
    ['The freezer failed and I lost £200 of food. I want that covered.', 'compensation'],
    ['冰柜坏了，里面两百块的东西全坏了，这个损失你们要赔。', 'compensation'],
    ['雪櫃壞咗，入面幾百蚊嘢全部壞晒，你哋要賠返俾我。', 'compensation'],
    ['You should let customers pick a delivery slot in the app; it would save everyone a lot of trouble.', 'suggestion'],
    ['建议你们在App里加一个选择送货时间的功能，会方便很多。', 'suggestion'],
    ['建議你們在App加一個選擇送貨時段的功能，會方便很多。', 'suggestion'],
    ['I have been a platinum member for twelve years and I know your system better than your staff do.', 'recognition'],
    ['我是你们十几年的老会员了，你们的流程我比店员还熟。', 'recognition'],
    ['我幫襯咗你哋十幾年，係你哋嘅白金會員，你哋啲流程我仲熟過啲職員。', 'recognition'],
  ] as const)('%s → %s', (text, motive) => {
    expect(triage(text).motive.label).toBe(motive);
  });
});
