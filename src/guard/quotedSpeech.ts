// Finds reported speech in the ORIGINAL draft: someone else's words the
// agent quotes (the customer's message, a shop's reply, a policy, an e-mail's
// `>` lines). Those are not the agent's own phrasing. Quotation marks alone
// are not enough: `Honestly? "Not my problem." Call the bank.` and
// 这个嘛，“不归我管”，您自己找厂家。 put the agent's own phrase in quotes,
// and it is judged like any other.

const PAIRS: ReadonlyMap<number, number> = new Map([
  [0x201c, 0x201d], // “ ”
  [0x300c, 0x300d], // 「 」
  [0x300e, 0x300f], // 『 』
  [0xfe41, 0xfe42], // ﹁ ﹂
  [0xfe43, 0xfe44], // ﹃ ﹄
]);
const STRAIGHT_DOUBLE: readonly number[] = [0x22, 0xff02];

export interface Span { readonly start: number; readonly end: number }

/**
 * Closed quotation spans (inner text, without the marks). An unclosed quote
 * quotes nothing, and a quote never crosses a line break, so a stray mark
 * cannot hide the rest of a draft from the guard.
 */
const ANY_QUOTE = /["“「『﹁﹃＂]/;

export function findQuotedSpans(text: string): Span[] {
  const spans: Span[] = [];
  const first = text.search(ANY_QUOTE);
  if (first < 0) return spans;
  let i = first;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const close = PAIRS.get(c) ?? (STRAIGHT_DOUBLE.includes(c) ? c : undefined);
    if (close === undefined) { i++; continue; }
    let j = i + 1;
    let depth = 0;
    for (; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x0a || d === 0x0d) break;
      if (d === c && close !== c) depth++;
      else if (d === close || (close === 0x22 && d === 0xff02) || (close === 0xff02 && d === 0x22)) {
        if (depth === 0) break;
        depth--;
      }
    }
    if (j < text.length && text.charCodeAt(j) !== 0x0a && text.charCodeAt(j) !== 0x0d) {
      spans.push({ start: i + 1, end: j });
      i = j + 1;
    } else {
      i++;
    }
  }
  return spans;
}

/** Whether [start, end) lies inside one of `spans` (sorted, non-overlapping), by binary search. */
export function insideAny(spans: readonly Span[], start: number, end: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid]!;
    if (span.start > start) hi = mid - 1;
    else if (span.end < start) lo = mid + 1;
    else return end <= span.end;
  }
  return false;
}

/**
 * A reporting cue right before a quote: who said or wrote it, or what
 * document it comes from. Matched against the (folded, lower-cased) text
 * between the last sentence end and the opening mark.
 */
const REPORTED_BEFORE = new RegExp([
  // English: "you said", "the shop told you", "the policy states", "quote:", "according to the terms"
  String.raw`(?:^|[^a-z])(?:you|they|he|she|it|someone|somebody|(?:the|your|their|our|a|an|this|that) (?:[a-z'-]+ ){0,3}[a-z'-]+)(?: (?:just|actually|apparently|also|then|had|have|has|was|were|had been|were being|been))* (?:said|says|say|wrote|writes|write|told (?:you|them|me|us)|tells (?:you|them|me)|replied|replies|answered|answers|claimed|claims|mentioned|stated|states|reads|read|put it|called (?:it|this|that|you|me|us|them|him|her)(?: an?)?|quoted|asked|asks|typed|texted|messaged|emailed|posted|commented|added|shouted|yelled)(?: (?:to (?:you|me|us|them)|that|back|on the phone|in (?:the|your|their|his|her) [a-z]+))*(?: [a-z']+){0,3}[ ,:]*$`,
  String.raw`(?:^|[^a-z])(?:(?:you were told|you got told|you were given|you heard|you received)(?: [a-z']+){0,3}|i quote|quote|quoting|to quote|in (?:your|their|his|her) words|in the words of [a-z ]+|according to (?:[a-z'-]+ ){0,4}[a-z'-]+|the (?:words|phrase|reply|answer|response|line|subject line|subject|note|label|message|sign|notice|status|error) (?:said|says|reads|read|was|is)|(?:a|the) (?:message|reply|note|sign|label|status|banner|notice|error) (?:saying|that said|that says|reading)|saying|words like|phrases like|something like)[ ,:]*$`,
  // Chinese (Traditional folded first): 客户说 / 您说的 / 他们回复 / 规定写着 / 所谓的 / 比如
  String.raw`(?:[您你他她它]|客户|顾客|用户|对方|店员|店家|商家|卖家|快递员|快递|司机|骑手|师傅|同事|客服|工作人员|前台|经理|主管|他们|对方客服|规定|条款|政策|通知|短信|邮件|公告|页面|系统|网站|合同|协议|说明|告示|标签|提示|留言|信|回复)(?:们)?(?:刚才|之前|当时|也|还|都|就|又|曾|曾经|在电话里|在邮件里|在信里|在留言里)?(?:说|讲|称|写道|写着|写了|写的是|上写着|里写着|提到|提到过|表示|回复|回覆|回答|回|反映|反馈|留言|告诉|跟您说|跟你说|对您说|对你说|问|抱怨|质问|骂|吼|喊|讲过|说过|所说|提示|显示)(?:的|过|了|道|着)?(?:[您你我]|我们)?(?:的|说)?(?:是)?[：:，, ]*$`,
  String.raw`(?:所谓的?|比如|例如|像是?|诸如|原话是?|原文是?|引用)[：:，, ]*$`,
  // Any staff title ending in 员/人员/员工 (门市人员, 安装员, 柜台职员) as the speaker, also
  // naming or ordering the customer: 快递员叫您「…」, 营业员让您「…」.
  String.raw`[\u4e00-\u9fff]{1,4}(?:人员|员工|员)(?:们)?(?:刚才|之前|当时|也|还|都|就|又)?(?:说|讲|回复|回覆|回答|回|告诉|跟您说|跟你说|对您说|对你说|叫|让|称呼|骂)(?:的|过|了|道|着)?(?:[您你我])?(?:的|说)?(?:是)?[：:，, ]*$`,
  // The customer's own account earlier in the sentence: 您说…回您「…」, 您提到他们讲「…」,
  // 您说快递员叫您「…」 (a name someone called them), 你话职员叫你「…」 (Cantonese 话 = say).
  String.raw`(?:[您你]|客户|顾客)(?:刚才|之前|也)?(?:说|讲|话|提到|反映|反馈|投诉)[^。！？!?]{0,24}(?:说|讲|回复|回覆|回答|回|答|告诉|写|写着|写道|叫|让|称呼|骂)(?:的|过|了|道|着)?(?:[您你我])?(?:的|说)?(?:是)?[：:，, ]*$`,
].join('|'));

/** A cue right after a quote: it names the quote as a saying (“不归我管”这句话, "not my job", he said). */
const REPORTED_AFTER = new RegExp([
  String.raw`^[ ,，]*(?:这句话|這句話|这种话|这样的话|这类话|这种说法|这个说法|的说法|这几个字|之类的话|一类的话|一类说法|是忌语|是服务忌语|这样的回复|这样的回答)`,
  String.raw`^[ ,.!?]*(?:(?:he|she|they|you|someone|the [a-z]+|your [a-z]+) (?:said|says|told you|wrote|replied|answered)|is (?:what|something|a phrase|the phrase|not something|not a phrase) (?:you|they|he|she|the [a-z]+ )?(?:said|says|wrote|told|heard|we|i)|are (?:words|phrases) (?:we|i)|is banned|is on the list)`,
].join('|'), 'i');

/** How far before a quote (same sentence) and after it a reporting cue may be. */
const CUE_BEFORE = 60;
const CUE_AFTER = 24;
const SENTENCE_BREAK = /[.!?。！？\n](?=[^.!?。！？\n]*$)/;

/**
 * Spans of reported speech: closed quotes with a reporting cue just before
 * or after them, and e-mail lines quoted with `>`. `fold` maps the text
 * around a quote to the form the cues are written in (Traditional → Simplified).
 */
export function findReportedSpans(text: string, fold: (s: string) => string = (s) => s): Span[] {
  const spans: Span[] = [];
  // E-mail quoting: a line starting with ">" is the customer's (or an earlier) message.
  if (text.includes('>')) {
    let lineStart = 0;
    while (lineStart <= text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      let k = lineStart;
      while (k < lineEnd && (text[k] === ' ' || text[k] === '\t')) k++;
      if (text[k] === '>' || text[k] === '＞') spans.push({ start: k + 1, end: lineEnd });
      lineStart = lineEnd + 1;
    }
  }
  for (const quote of findQuotedSpans(text)) {
    const open = quote.start - 1;
    let before = text.slice(Math.max(0, open - CUE_BEFORE), open);
    const cut = SENTENCE_BREAK.exec(before);
    if (cut) before = before.slice(cut.index + 1);
    const after = text.slice(quote.end + 1, quote.end + 1 + CUE_AFTER);
    if (REPORTED_BEFORE.test(fold(before).toLowerCase()) || REPORTED_AFTER.test(fold(after).toLowerCase())) spans.push(quote);
  }
  if (spans.length === 0) return spans;
  // Sorted and merged, as insideAny expects.
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [spans[0]!];
  for (const span of spans.slice(1)) {
    const last = merged[merged.length - 1]!;
    if (span.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  return merged;
}
