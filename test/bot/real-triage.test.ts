import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MainDialog } from '../../src/bot/dialogs/main.js';
import { channelLocale, data, harness, words } from './fixtures.js';
import { SCRIPTS } from './scripts.js';

// The shipped triage model is built by the triage area (npm run train:triage).
const modelFile = join(import.meta.dirname, '..', '..', 'lexicons', 'triage', 'model.json');
const hasModel = existsSync(modelFile);
if (!hasModel) console.warn(`test/bot/real-triage: ${modelFile} is missing, so the bot-with-real-triage tests are SKIPPED. Build it with npm run train:triage.`);

describe.skipIf(!hasModel)('the bot with the shipped triage model', async () => {
  const { loadTriage } = hasModel ? await import('../../src/lexicon-files/triage-files.js') : { loadTriage: undefined };
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

  it.each([
    { locale: 'en' as const, praise: 'Not a complaint! Just wanted to say the engineer who came today was brilliant, thank you', done: "that's all" },
    { locale: 'zh-Hans' as const, praise: '不是要投诉，就是想表扬一下你们的快递小哥，服务很好，谢谢', done: '就这些' },
    { locale: 'zh-Hant' as const, praise: '唔係投訴呀，想讚下你哋個師傅好有禮貌，多謝晒', done: '講完' },
  ])('thanks praise instead of taking it through the complaint flow ($locale)', async ({ locale, praise, done }) => {
    // Cantonese is answered in Hong Kong words.
    const w = locale === 'zh-Hant' ? data.variants.hongKong : words(locale);
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say(praise);
    const replies = await h.texts(done);
    // Thanked, told it will be passed on, then offered more help: no apology, no questions, nothing recorded as a complaint.
    expect(replies).toEqual([`${w.empathy.compliment}${locale === 'en' ? ' ' : ''}${w.feedback.complimentNoted}`, w.closing.done]);
    // Kept as feedback instead, in the customer's words and language.
    expect(h.desk.feedback).toEqual([expect.objectContaining({ kind: 'compliment', locale, text: praise })]);
    expect(h.desk.complaints).toEqual([]);
    expect(h.desk.handoffs).toEqual([]);
  });

  it.each([
    { locale: 'en' as const, text: 'You should add a Sunday delivery slot, it would help a lot of people who work weekdays.', done: "that's all" },
    { locale: 'zh-Hans' as const, text: '建议你们以后在App里加一个夜间模式，晚上看太刺眼了。', done: '就这些' },
    { locale: 'zh-Hant' as const, text: '提個意見：希望你哋分店可以早啲開門。', done: '講完' },
  ])('records a suggestion as feedback and does not take it through the complaint flow ($locale)', async ({ locale, text, done }) => {
    const w = locale === 'zh-Hant' ? data.variants.hongKong : words(locale);
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say(text);
    const replies = await h.texts(done);
    expect(replies).toEqual([`${w.feedback.suggestion}${locale === 'en' ? ' ' : ''}${w.feedback.suggestionNoted}`, w.closing.done]);
    expect(h.desk.feedback).toEqual([expect.objectContaining({ kind: 'suggestion', locale, text })]);
    expect(h.desk.complaints).toEqual([]);
  });

  it.each([
    { locale: 'en' as const, text: 'Just venting here, the queue at your Leeds store was ridiculous and nobody cared.', done: "that's all" },
    { locale: 'zh-Hans' as const, text: '我就是想吐槽一下，你们的客服太差了，等了一个小时都没人理。', done: '就这些' },
    { locale: 'zh-Hant' as const, text: '真的很想抱怨一下，你們的客服電話等了一個小時都沒人接。', done: '說完了' },
  ])('gives a venting customer room to say more before any question ($locale)', async ({ locale, text, done }) => {
    const w = words(locale);
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say(text);
    const replies = await h.texts(done);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(w.empathy.vent);
    expect(replies[0]!.endsWith(w.empathy.ventRoom)).toBe(true);
  });

  it.each([
    { locale: 'en' as const, praise: 'Just wanted to say the engineer who came today was brilliant, thank you', nothing: 'not sure, sorry', more: 'I want to complain about something else', question: 'when do you open on Sunday?' },
    { locale: 'zh-Hans' as const, praise: '想表扬一下你们的快递小哥，服务很好，谢谢', nothing: '没事了', more: '还有，我另一个订单也没到', question: '请问你们周日几点开门？' },
    { locale: 'zh-Hant' as const, praise: '想讚下你哋個師傅好有禮貌，多謝晒', nothing: '暫時冇', more: '仲有，另一部機都壞咗', question: '請問你哋禮拜日幾點開門？' },
  ])('after "anything else?", a reply that reports nothing ends politely; more to tell starts a story; a question gets the menu ($locale)', async ({ locale, praise, nothing, more, question }) => {
    const w = locale === 'zh-Hant' ? data.variants.hongKong : words(locale);
    const offered = async () => {
      const h = harness((sv) => new MainDialog(sv), { triage });
      await h.say(praise);
      expect(await h.texts(locale === "en" ? "that's all" : locale === "zh-Hans" ? "就这些" : "講完")).toContain(w.closing.done);
      return h;
    };
    let h = await offered();
    expect(await h.texts(nothing)).toEqual([w.closing.goodbye]);
    h = await offered();
    const afterMore = await h.texts(more);
    expect(afterMore).not.toContain(w.closing.goodbye);
    // The new story is being listened to: it ends with the done signal and goes on as a complaint (the
    // details next, or, for a customer who wants it made good, the resolutions first; a venting one gets room).
    const replies = await h.texts(locale === 'en' ? "that's all" : locale === 'zh-Hans' ? '就这些' : '講完');
    expect([w.empathy.next, w.resolution.askEarly, w.empathy.ventRoom].some((line) => replies.join('\n').includes(line))).toBe(true);
    expect(h.desk.feedback).toEqual([expect.objectContaining({ kind: 'compliment' })]);
    h = await offered();
    const afterQuestion = await h.texts(question);
    expect(afterQuestion).not.toContain(w.closing.goodbye);
    expect(afterQuestion.at(-1)).toBe(w.greeting.choose);
    expect(h.desk.complaints).toEqual([]);
  });

  it('hands a story that threatens the media straight to a supervisor (en)', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say('Your heater caught fire in my kitchen. I am going to the newspapers and my lawyer about this.');
    const replies = await h.texts("that's all");
    expect(h.desk.handoffs).toHaveLength(1);
    expect(h.desk.handoffs[0]!.reason).toBe('escalation');
    expect(replies[0]).toContain(words('en').empathy.apology);
    expect(replies[1]).toContain(h.desk.handoffs[0]!.complaintId);
    // A fire: the immediate safety advice comes before anything else.
    expect(replies[1]!.startsWith(words('en').handoff.safety)).toBe(true);
    expect(replies[1]).toContain(words('en').handoff.escalation.slice(0, 20));
  });

  it('replies in Traditional Chinese to a Traditional billing story, offers the resolutions first, and asks for the bill month (zh-Hant)', async () => {
    const w = words('zh-Hant');
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say('這個月的帳單多扣了我兩百元，請幫我查一下。');
    const replies = await h.texts('說完了');
    expect(replies[0]).toContain(w.empathy.apology);
    // Charged too much and wanting it made right: what would put it right comes before the details.
    expect(replies[1]).toBe(w.resolution.askEarly);
    expect(await h.texts(w.resolution.choices.refund.label)).toEqual([w.empathy.next, w.facts.affected!.ask]);
    // "這個月" in the story already says when; the bill month is asked, and "this month" is a month.
    expect(await h.texts('我的手機門號')).toEqual([w.facts.bill_period!.ask]);
    expect(await h.texts('這個月')).toEqual([w.facts.contact!.ask]);
  });

  it('treats a customer who already called three times as a repeat complaint for a supervisor (zh-Hant)', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say('這個月的帳單多扣了我兩百元，我打了三次電話都沒有人處理。');
    await h.say('說完了');
    expect(h.desk.handoffs).toHaveLength(1);
    expect(h.desk.handoffs[0]!.triage?.escalate.reasons).toContain('repeat');
    expect(h.desk.handoffs[0]!.locale).toBe('zh-Hant');
  });
});

describe.skipIf(!hasModel)('the bot handler with the shipped triage on the real store', async () => {
  const { loadTriage } = hasModel ? await import('../../src/lexicon-files/triage-files.js') : { loadTriage: undefined };
  const triage = loadTriage ? loadTriage() : () => { throw new Error('no model'); };

  it.each(['en', 'zh-Hans', 'zh-Hant'] as const)('a %s customer who answers whatever is asked ends with a complaint holding every fact', async (locale) => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { TestAdapter } = await import('botbuilder');
    const { createHearkenBot } = await import('../../src/bot/index.js');
    const { createComplaintDesk } = await import('../../src/desk/complaint-desk.js');
    const { loadGuardFromDir } = await import('../../src/lexicon-files/index.js');
    const { openSqliteStore } = await import('../../src/store/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'hearken-bot-triage-'));
    const store = await openSqliteStore({ dataDir: dir });
    const guard = loadGuardFromDir();
    const bot = createHearkenBot({
      storage: store.botStorage, desk: createComplaintDesk(store), triage, guard: (t) => guard.lint(t),
      host: { continueConversation: async () => {} },
    });
    try {
      const adapter = new TestAdapter(async (ctx) => { await bot.handler.run(ctx); });
      const w = words(locale);
      const s = SCRIPTS[locale];
      const answers = new Map<string, string>([
        [w.facts.affected!.ask, s.affected], [w.facts.when!.ask, s.when], [w.facts.order_number!.ask, s.order],
        [w.facts.delivery_address!.ask, s.address], [w.facts.contact!.ask, s.contact], [w.facts.contact!.askNameKnown!, s.contact], [w.facts.bill_period!.ask, s.billMonth],
        [w.facts.promise!.ask, s.comment], [w.facts.product!.ask, s.affected], [w.facts.where!.ask, s.address],
        [w.readback.intro, w.readback.confirm.label], [w.resolution.ask, w.resolution.choices.refund.label], [w.resolution.askEarly, w.resolution.choices.refund.label],
      ]);
      const send = async (text: string) => {
        await adapter.receiveActivity({ type: 'message', text, locale: channelLocale(locale) });
        return adapter.activeQueue.splice(0).map((a) => a.text ?? '').filter((t) => t);
      };
      await send(s.story[0]);
      await send(s.story[1]);
      let replies = await send(s.done);
      const asked: string[] = [];
      for (let turn = 0; turn < 15 && !replies.some((r) => /C-\d{8}-\d{4}/.test(r)); turn++) {
        const last = replies[replies.length - 1]!;
        // Invited to say more (a story triage reads as venting): they have said it all.
        const answer = answers.get(last) ?? (last.endsWith(w.empathy.ventRoom) ? s.done : undefined);
        if (!answer) throw new Error(`the test customer has no answer for: ${last}`);
        asked.push(last);
        replies = await send(answer);
      }
      const [record] = await store.complaints.list();
      expect(record, `asked: ${asked.join(' | ')}`).toBeDefined();
      expect(asked).toContain(w.readback.intro);
      expect(asked.length).toBeGreaterThan(3);
      expect(record!.locale).toBe(locale);
      expect(record!.description).toBe(`${s.story[0]}\n${s.story[1]}`);
      expect(record!.triage?.lang).toBe(locale);
      // Every question the customer answered is a fact on the record, with the answer given.
      const facts = Object.fromEntries(record!.facts.map((f) => [f.key, f.value]));
      for (const [key, fact] of Object.entries(w.facts)) {
        if (!asked.includes(fact.ask)) continue;
        const stored = key === 'contact' ? facts.email ?? facts.phone : facts[key];
        expect(stored, key).toBe(key === 'bill_period' ? '2026-10' : answers.get(fact.ask));
      }
      expect(record!.facts.every((f) => f.confirmed)).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
