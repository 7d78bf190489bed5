// Draft replies shared by the guard benches: realistic sentences, a few of
// them forbidden, joined into drafts of a fixed length.
export const EN_SENTENCES = [
  'Thank you for contacting us about your order.', 'I understand how frustrating the delay has been.',
  'Your parcel left our warehouse on Monday and should arrive within three working days.',
  'I have checked the tracking number and the courier confirms it is on its way.',
  "That's not my department, but I'll pass it on.", 'Please calm down, sir.',
  'We will refund the delivery fee to your original payment method.', 'Could you confirm the address on the order?',
  'If anything else comes up, reply to this message and I will pick it up personally.',
];
export const ZH_SENTENCES = [
  '您好，感谢您联系我们。', '我理解您的心情，快递延误确实给您带来了不便。', '您的包裹周一已经从仓库发出，预计三个工作日内送达。',
  '我查询了物流单号，快递公司确认正在派送中。', '这个不归我管，我回去把您的意见反映一下。', '我们会把运费退回到您的原支付账户。',
  '请您确认一下订单上的收货地址。', '如果还有其他问题，直接回复这条消息，我会亲自跟进。', '我们无法保证立即解决。',
];

/** A 1,000-character draft; `offset` starts it at another sentence, for varied drafts. */
export function draftOf(sentences: string[], separator: string, offset = 0): string {
  let text = '';
  for (let i = 0; text.length < 1000; i++) text += (text ? separator : '') + sentences[(i + offset) % sentences.length];
  return text.slice(0, 1000);
}

