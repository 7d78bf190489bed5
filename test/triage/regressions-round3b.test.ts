// Regressions from the second pass on issue 14 (triage round 2, blind round 3): harm,
// exposure and repeats in more wordings, found on the round-3 development set
// (test/triage/dev/round3.yaml) and written here in other words, each in English,
// Simplified Chinese and Traditional Chinese (Hong Kong Cantonese or Taiwan usage).
import { describe, expect, it } from 'vitest';
import { loadTriage } from '../../src/lexicon-files/triage-files.js';

const triage = loadTriage();
const reasons = (text: string) => triage(text).escalate.reasons;

describe('harm described calmly is safety, in every script', () => {
  it.each([
    // a plug or socket that runs hot, buzzes or deforms
    'The adapter gets really hot and the plastic round the pins has gone brown.',
    '充电器插头用一会儿就烫手，外壳都变形了。',
    '個火牛叉一陣就好熱，插頭位仲變形。',
    // a medical device that stops
    'Dad\'s oxygen concentrator stopped working last night.',
    '我爸的制氧机半夜停了，一直在报警。',
    '我媽的呼吸器停電後停了，家裡停電兩天。',
    // children's equipment that fails
    'The high chair folded up by itself with my son in it.',
    '宝宝坐的餐椅自己松脱了，宝宝差点摔下来。',
    '嬰兒車的煞車失靈，自己滑到馬路邊。',
    // a driver who endangers the passengers
    'Our driver was on his phone the whole journey and went through a red light.',
    '司机开车一直看手机，还闯了红灯。',
    '司機揸車一路覆手機，仲衝咗個紅燈。',
    // gas, smoke and a burnt smell
    'There is a faint smell of gas near the meter since your visit.',
    '石油气罐那边一直有气味，关了阀门也有。',
    '部焗爐開咗冇耐就有燶味，仲出煙。',
    // cuts that needed stitches; something heavy falling where people walk
    'The glass shelf shattered and my wife needed stitches in her hand.',
    '玻璃层板碎了，我老婆的手缝了五针。',
    '冷氣機架鬆咗，成部跌落街，差啲砸到途人。',
    // an old person left without a lift, heat or power
    'My father is 86 and the lift has been out of order for a week, so he cannot get out.',
    '我妈八十多岁，暖气一直不热，整个星期都冻着。',
    '我阿嫲九十歲，部𨋢壞咗成個禮拜，佢落唔到街。',
    // a fall, a knock on the head, a doctor's visit, a skin reaction, mould by a baby, expired formula
    'The stool gave way and my mum fell and hit her head.',
    '凳脚突然断了，我妈摔倒撞到头。',
    '張凳突然斷咗，我阿媽跌低撞親頭。',
    'We had to see a doctor after my daughter used the bubble bath.',
    '用了你们的洗发水，头皮红肿发痒，去看了医生。',
    '用咗你哋支洗頭水，頭皮紅腫痕癢，睇咗醫生。',
    'There is black mould round the window in the nursery and our baby keeps coughing.',
    '房间墙角发霉，宝宝一直咳嗽。',
    '房間牆角發霉，寶寶一直咳嗽。',
    'The baby formula you delivered had expired a month ago.',
    '你们送来的奶粉已经过期一个月了。',
    '你哋送嚟嗰罐奶粉已經過期一個月。',
    // a short circuit; a door that caught a child's fingers
    'The extension lead short-circuited as soon as I plugged the heater in.',
    '电暖器一插上插线板就短路了。',
    '部暖爐一插落拖板就短路。',
    'The automatic door closed on my son\'s hand.',
    '商场的自动门夹到我儿子的手。',
    '商場道自動門夾到我個仔隻手。',
  ])('%s', (text) => {
    expect(reasons(text)).toContain('safety');
  });

  it.each([
    'Please put the allergy information on the front of the box.',
    'It is like banging my head against a brick wall getting a refund out of you.',
    '过敏原信息能不能印在包装正面？',
    '個螢幕爆咗，唔該幫我換過部新嘅。',
    'My water bill doubled and I want to switch supplier.',
    '房间有烟味，我们订的是无烟房。',
    '我來過兩次這家店，都很滿意。',
  ])('no hazard, no safety: %s', (text) => {
    expect(reasons(text)).not.toContain('safety');
  });
});

describe('going public, in more wordings, is media', () => {
  it.each([
    'The whole thing is going on TikTok tonight.',
    'I have 25k subscribers and they will hear about this.',
    'I am writing this up for Reddit so nobody else gets caught out.',
    'I will be writing about this in the residents\' Facebook group.',
    '我有五万粉丝，这件事我会在抖音上讲清楚。',
    '我会在亲子王国和Mobile01发文。',
    'Other parents need to know about how you handled this.',
    '我要让更多人知道你们是怎么对待顾客的。',
    '我要讓更多人知道你們是怎麼對待客人的。',
    '我有成萬個followers，會喺IG講呢件事。',
    '我會在PTT和Dcard把這件事說清楚。',
  ])('%s', (text) => {
    expect(reasons(text)).toContain('media');
  });

  it.each([
    'Please put the allergy list on the back page of the menu.',
    'I follow you on Instagram and saw the new range.',
    '我在网上看到有人说你们质量不好。',
    '我喺IG見到你哋嘅新貨。',
  ])('no publishing, no media: %s', (text) => {
    expect(reasons(text)).not.toContain('media');
  });
});

describe('repeats after a repair, a second trip, and visits that did not fix it', () => {
  it.each([
    'They replaced the pump in May and the same fault has come back.',
    'The technician fixed the oven last week and it is not heating again.',
    '我第三次来门店换这个耳机了。',
    '师傅来过三次了，热水器还是不出热水。',
    '師傅嚟咗兩次，部雪櫃仲係唔凍。',
    '我第二次來門市退這雙鞋了。',
    'I reported this exact fault last month.',
    '上个月我也反映过同样的问题。',
    '上個月我都已經投訴過同一個問題。',
    'This is not the first time the router has dropped out.',
    '路由器断网已经不是第一次了。',
    '條網斷線已經唔係第一次。',
  ])('%s', (text) => {
    expect(reasons(text)).toContain('repeat');
  });
});

describe('what is not a complaint has no category, and praise is not upset', () => {
  it.each([
    'Really appreciate how quickly the engineer fixed the boiler, thank you!',
    '师傅修得又快又好，非常感谢！',
    '師傅整得又快又好，多謝晒！',
    'Do you deliver on Sundays?',
    '你们周日送货吗？',
    '你哋禮拜日送唔送貨？',
  ])('%s', (text) => {
    const r = triage(text);
    expect(r.kind.label).not.toBe('complaint');
    expect(r.category.label).toBe('other');
    expect(r.intent.label).toBe('unspecified');
    expect(r.emotion.label).toBe('neutral');
  });
});

describe('emotion follows its signs', () => {
  it.each([
    'The kettle lid does not close properly. Could you send a replacement?',
    '水壶盖子关不紧，麻烦换一个。',
    '個水煲蓋閂唔實，唔該換過個。',
  ])('a calm report is neutral, and not venting: %s', (text) => {
    const r = triage(text);
    expect(r.emotion.label).toBe('neutral');
    expect(r.motive.label).not.toBe('vent');
  });

  it.each([
    'I will be reporting this to the ombudsman.',
    '这件事我会向市场监管局反映。',
    '呢件事我會交畀消委會處理。',
  ])('a threat said calmly is still anger: %s', (text) => {
    expect(triage(text).emotion.label).toBe('anger');
  });
});
