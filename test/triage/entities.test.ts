import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/contracts/triage.js';
import { loadTriage } from '../../src/lexicon-files/triage-files.js';

const triage = loadTriage();
const entities = (text: string) => triage(text).entities;
const values = (text: string, type: Entity['type']) => entities(text).filter((e) => e.type === type).map((e) => e.value);

describe('entities', () => {
  it('points into the original text, also after full-width characters', () => {
    for (const text of ['Order #445566 was charged $45.99 twice', '订单号：ＳＨ２０２６１１２３ 金额￥１２９，电话１３８１２３４５６７８', '我的投诉C-20261123-0042还没回复']) {
      for (const e of entities(text)) {
        const slice = text.slice(e.start, e.end).normalize('NFKC');
        expect(slice, `${e.type} in ${text}`).toBe(e.value.normalize('NFKC'));
      }
    }
  });

  it('finds complaint ids', () => {
    expect(values('Any news on C-20261123-0042?', 'complaint_id')).toEqual(['C-20261123-0042']);
    expect(values('我的投诉C-20261123-0042还没回复', 'complaint_id')).toEqual(['C-20261123-0042']);
  });

  it('finds order and ticket numbers in all three scripts', () => {
    expect(values('My order number is AB123456 and it is late', 'order_number')).toEqual(['AB123456']);
    expect(values('Order #448812 never arrived', 'order_number')).toEqual(['#448812']);
    expect(values('订单号：20261123998 还没发货', 'order_number')).toEqual(['20261123998']);
    expect(values('訂單編號 TW55190 三個禮拜都沒到', 'order_number')).toEqual(['TW55190']);
    expect(values('ticket RMA-55102 has no updates', 'ticket_number')).toEqual(['RMA-55102']);
    expect(values('我的维修单RMA-55102进度怎么样', 'ticket_number')).toEqual(['RMA-55102']);
  });

  it('finds amounts with currency signs and words', () => {
    expect(values('You charged me $45.99 and then £20', 'amount')).toEqual(['$45.99', '£20']);
    expect(values('扣了我89块，还有¥129', 'amount')).toEqual(['89块', '¥129']);
    expect(values('帳單上有一筆NT$350的費用，另外HK$1,200', 'amount')).toEqual(['NT$350', 'HK$1,200']);
    expect(values('多收了三百块钱', 'amount')).toEqual(['三百块钱']);
  });

  it('finds dates', () => {
    expect(values('delivered on 2026-11-20, promised by 5 May 2026', 'date')).toEqual(['2026-11-20', '5 May 2026']);
    expect(values('I called last Tuesday and yesterday', 'date')).toEqual(['last Tuesday', 'yesterday']);
    expect(values('11月20日下单，昨天才发货', 'date')).toEqual(['11月20日', '昨天']);
    expect(values('琴日打咗電話，上個禮拜三已經投訴過', 'date')).toContain('琴日');
    expect(values('上个月15号买的，3号楼的师傅来过', 'date')).toEqual(['上个月', '15号']);
    expect(values('I took the day off on Thursday, Thursday came and went', 'date')).toEqual(['Thursday', 'Thursday']);
  });

  it('finds phones and emails', () => {
    expect(values('call me on 13812345678', 'phone')).toEqual(['13812345678']);
    expect(values('my number is +852 9123 4567', 'phone')).toEqual(['+852 9123 4567']);
    expect(values('手機 0912-345-678', 'phone')).toEqual(['0912-345-678']);
    expect(values('ring (555) 123-4567 please', 'phone')).toEqual(['(555) 123-4567']);
    expect(values('write to jane.doe+orders@example.co.uk', 'email')).toEqual(['jane.doe+orders@example.co.uk']);
  });

  it('does not read an order number as a phone number', () => {
    const found = entities('order 13812345678 is missing');
    expect(found.map((e) => e.type)).toEqual(['order_number']);
  });

  it('finds products where cheap', () => {
    expect(values('My washing machine leaks', 'product')).toEqual(['washing machine']);
    expect(values('新买的洗衣机漏水', 'product')).toEqual(['洗衣机']);
    expect(values('新買的洗衣機漏水', 'product')).toEqual(['洗衣機']);
  });
});

describe('english date tagger', () => {
  it('a tagger that throws or returns nonsense cannot break triage', async () => {
    const { createTriage } = await import('../../src/triage/index.js');
    const { readTriageModel } = await import('../../src/lexicon-files/triage-files.js');
    const model = readTriageModel();
    const throwing = createTriage(model, { englishDates: () => { throw new Error('tagger exploded'); } });
    const r = throwing('I called yesterday about order #445566');
    expect(r.entities.map((e) => e.type)).toEqual(['date', 'order_number']);
    const nonsense = createTriage(model, { englishDates: () => [{ start: -5, length: 3 }, { start: 2, length: 9999 }] });
    expect(nonsense('I called yesterday').entities.map((e) => e.value)).toEqual(['yesterday']);
  });
});
