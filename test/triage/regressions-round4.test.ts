// Regressions from the third pass on issue 14 (blind round 3 still missed about a third of the
// danger): escalation cues that generalise — two signs anywhere in the message rather than one
// fixed phrase. Found on the fresh development sets test/triage/dev/round4–7.yaml and written
// here in other words, each in English, Simplified Chinese and Traditional Chinese (Hong Kong
// Cantonese or Taiwan usage). Also: the detector's chunked rules, and a bare threat's category.
import { describe, expect, it } from 'vitest';
import type { EscalationLexicon } from '../../src/triage/lexicon.js';
import { createEscalationDetector } from '../../src/triage/escalation.js';
import { loadTriage } from '../../src/lexicon-files/triage-files.js';

const triage = loadTriage();
const reasons = (text: string) => triage(text).escalate.reasons;

describe('harm told in everyday words is safety, in every script', () => {
  it.each([
    // a body part with a sign of harm, anywhere in the message
    'After the ride my daughter said her wrist hurt, and by evening it was purple.',
    '坐完那个游乐设施，女儿说手腕疼，晚上整个都紫了。',
    '玩完嗰個機動遊戲，個女話手腕痛，夜晚成個紫晒。',
    // an electrical item with heat, noise or marks
    'The plug on the fan heater has a brown scorch mark and the socket feels hot.',
    '暖风机的插头有一块发黑的印子，插座摸上去很烫。',
    '部暖風機個插頭有一笪黑色印，插蘇摸落好熱。',
    // a flame or a chemical mix that makes someone ill
    'The burner kept burning after I turned the knob to off.',
    '煤气灶关了以后火还在烧，一直灭不掉。',
    '個爐頭熄咗掣之後仲有火，點都熄唔到。',
    // medicine spoiled by a power cut, or the wrong medicine
    'Your power cut lasted a day and my mum\'s insulin in the fridge is ruined.',
    '停电一整天，我妈冰箱里的胰岛素全都不能用了。',
    '停電成日，阿媽雪櫃入面啲胰島素全部用唔到。',
    // a child near a fall, bites, a drunk driver, scalding water
    'The bookcase tipped over when my three-year-old pulled on a shelf.',
    '我家三岁的孩子一拉书架，书架就倒下来，差点压到他。',
    '我三歲個仔一拉書櫃，成個書櫃冧落嚟，差啲壓到佢。',
    'The driver reeked of alcohol and kept drifting across lanes.',
    '司机一身酒气，车开得歪歪扭扭。',
    '司機成身酒味，揸車左搖右擺。',
  ])('%s', (text) => {
    expect(reasons(text)).toContain('safety');
  });
});

describe('repeats and threats said in other ways', () => {
  it.each([
    ['repeat', 'Here we go again: the lights went out for the third night running.'],
    ['repeat', '又来了，已经连着三个晚上停电了。'],
    ['repeat', '又嚟喇，已經連續三晚停電。'],
    ['repeat', 'I reported this leak back in May and was told it had been fixed.'],
    ['repeat', '这个漏水我五月就反映过，当时说修好了。'],
    ['repeat', '呢個漏水我五月已經反映過，嗰陣話整好咗。'],
    ['media', 'My clip about your checkout already has 15,000 views.'],
    ['media', '我吐槽你们收银台的视频已经一万五播放了。'],
    ['media', '我拍你哋收銀嘅片已經有一萬五觀看。'],
    ['legal', 'You will receive a letter before action from me this week.'],
    ['legal', '我朋友是读法律的，他说你们这样是违法的。'],
    ['legal', '我朋友讀法律，佢話你哋咁係犯法。'],
  ] as const)('%s: %s', (reason, text) => {
    expect(reasons(text)).toContain(reason);
  });
});

describe('near misses stay calm', () => {
  it.each([
    'The heater takes ages to warm the living room.',
    '取暖器要开好久客厅才暖和。',
    '部暖爐要開好耐個廳先暖。',
    'The news section of your app loads slowly.',
    '你们APP的新闻页面加载很慢。',
    '你哋app嘅新聞版好慢。',
    'Could you reissue the invoice with the right VAT?',
    '麻烦重新开一张税额正确的发票。',
    '麻煩重新開過張稅額啱嘅發票。',
    'The doctor-finder page on your site will not load.',
    '你们网站的医生查询页面打不开。',
    '你哋網站搵醫生嗰版開唔到。',
  ])('%s', (text) => {
    expect(reasons(text)).toEqual([]);
  });
});

describe('a bare threat names no fault', () => {
  it.each([
    "I'll be taking this to the ombudsman.",
    '我会去市场监管局投诉。',
    '我會去消委會投訴。',
  ])('%s → category other', (text) => {
    const result = triage(text);
    expect(result.escalate.value).toBe(true);
    expect(result.category.label).toBe('other');
  });

  it('a threat that names the fault keeps its category', () => {
    expect(triage('I was charged twice and I am reporting the double charge to the ombudsman.').category.label).toBe('billing');
  });
});

describe('the detector joins long rule lists in chunks and still finds every rule', () => {
  it('matches each of many long patterns, and terms on word edges only', () => {
    // 60 patterns of ~200 characters each: well past one chunk.
    const patterns = Array.from({ length: 60 }, (_, i) => `\\bneedle${i}\\b(?:${Array.from({ length: 20 }, (_, k) => `x${k}y`).join('|')})?`);
    const none = () => ({ en: { terms: [], patterns: [] }, zh: { terms: [], patterns: [] } });
    const lexicon: EscalationLexicon = {
      reasons: {
        media: none(), regulator: none(), consumer_association: none(), legal: none(), repeat: none(),
        safety: { en: { terms: ['hot plug'], patterns }, zh: { terms: ['冒烟'], patterns: [] } },
      },
      negators: { en: ['not'], zh: ['不'] }, cancellers: { en: [], zh: [] }, boundaries: { en: [], zh: [] },
      consequents: { en: [], zh: [] }, conditions: { en: [], zh: [] }, metaDenials: { en: [], zh: [] },
      professions: { en: [], zh: [] }, lookalikes: {},
    };
    const detector = createEscalationDetector(lexicon, Object.assign((t: string) => t, { chars: (t: string) => t }));
    for (const i of [0, 29, 59]) expect(detector.detect(`it was needle${i} today`).reasons).toEqual(['safety']);
    expect(detector.detect('a hot plug').value).toBe(true);
    expect(detector.detect('a shot plugs').value).toBe(false);
    expect(detector.detect('the needle60 is fine').value).toBe(false);
    expect(detector.detect('充电器冒烟了').value).toBe(true);
    // Two matches of the same rule in one text are both found (the scan resumes after the first).
    expect(detector.detect('needle1 and needle2').hits).toHaveLength(2);
  });
});

describe('a hazard told calmly: anxiety when someone vulnerable is at risk, else a neutral report', () => {
  it.each([
    ['The charger sparked when I plugged it in.', 'neutral'],
    ['充电器插上去的时候冒火花。', 'neutral'],
    ['個叉電器一插就出火花。', 'neutral'],
    ['The charger sparked right next to my baby\'s cot.', 'anxiety'],
    ['充电器在宝宝的小床旁边冒火花。', 'anxiety'],
    ['個叉電器喺BB床隔籬出火花。', 'anxiety'],
  ] as const)('%s → %s', (text, emotion) => {
    const result = triage(text);
    expect(result.escalate.reasons).toEqual(['safety']);
    expect(result.emotion.label).toBe(emotion);
  });

  it('a hazard told with shouting keeps the feeling it shows', () => {
    expect(triage('The charger SPARKED and nearly set the desk on fire!!').emotion.label).not.toBe('neutral');
  });
});

describe('"not a complaint" with praise is a compliment, in three scripts', () => {
  it.each([
    'Not a complaint! Just wanted to say the engineer who came today was brilliant, thank you',
    '不是要投诉，就是想表扬一下你们的快递小哥，服务很好，谢谢',
    '不是要客訴喔，只是想稱讚一下你們昨天來送貨的外送員，下大雨還幫我把箱子搬進門，很有禮貌，謝謝你們',
    '唔係投訴呀，想讚下你哋個師傅好有禮貌，多謝晒',
  ])('%s', (text) => {
    const result = triage(text);
    expect(result.kind.label).toBe('compliment');
    expect(result.intent.label).toBe('unspecified');
    expect(result.escalate.value).toBe(false);
  });

  it('still a complaint when a problem follows the disclaimer', () => {
    expect(triage('This is not a complaint about the engineer, who was great, but the part he fitted broke and I want a refund').kind.label).toBe('complaint');
    expect(triage('不是投诉师傅，他人很好，但是换的零件又坏了，我要退款').kind.label).toBe('complaint');
  });
});
