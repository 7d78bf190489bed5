// Everything Hearken says in Slack, in the three languages it checks. Answers about a draft use
// the draft's language; the type makes every language carry every entry.
import type { Locale } from '../contracts/complaint.js';
import type { Severity, Verdict } from '../contracts/finding.js';

export interface SlackWording {
  verdict: Record<Verdict, string>;
  findingCount: (n: number) => string;
  severityEmoji: Record<Severity, string>;
  suggestions: string;
  noSuggestion: string;
  useSuggestion: (n: number | undefined) => string;
  disagree: string;
  fixAll: string;
  edit: string;
  moreFindings: (n: number) => string;
  revisedBySuggestion: string;
  revisedByFixAll: (applied: number) => string;
  revisedByEdit: string;
  readyToCopy: string;
  footer: (lexiconVersion: string, auditId: number) => string;
  editTitle: string;
  editLabel: string;
  check: string;
  cancel: string;
  emptyDraft: string;
  disagreeTitle: string;
  disagreeLabel: string;
  disagreeHint: (ruleId: string) => string;
  send: string;
  emptyReason: string;
  disagreementRecorded: (ruleId: string) => string;
  failed: (reason: string) => string;
  noText: string;
}

export const WORDING: Readonly<Record<Locale, SlackWording>> = {
  en: {
    verdict: {
      block: "⛔ *Blocked*: don't send this draft as it is.",
      warn: '⚠️ *Warning*: take another look before you send it.',
      pass: '✅ *Pass*: good to send.',
    },
    findingCount: (n) => (n === 1 ? '1 finding' : `${n} findings`),
    severityEmoji: { error: '⛔', warning: '⚠️', suggestion: '💡' },
    suggestions: 'Suggestions:',
    noSuggestion: 'No suggestion for this one: rephrase it in your own words (Edit).',
    useSuggestion: (n) => (n === undefined ? 'Use suggestion' : `Use suggestion ${n}`),
    disagree: 'This block is wrong',
    fixAll: 'Fix all',
    edit: 'Edit',
    moreFindings: (n) => `…and ${n} more ${n === 1 ? 'finding' : 'findings'}. Fix all or Edit to go on.`,
    revisedBySuggestion: 'Suggestion applied. The revised draft, checked again:',
    revisedByFixAll: (applied) => `Fix all: ${applied} ${applied === 1 ? 'change' : 'changes'}. The revised draft, checked again:`,
    revisedByEdit: 'Your edited draft, checked again:',
    readyToCopy: 'Ready to copy:',
    footer: (v, id) => `Hearken · lexicons ${v} · check #${id}`,
    editTitle: 'Edit draft',
    editLabel: 'Draft',
    check: 'Check',
    cancel: 'Cancel',
    emptyDraft: 'Write the draft first.',
    disagreeTitle: 'This block is wrong',
    disagreeLabel: 'Why is this finding wrong?',
    disagreeHint: (ruleId) => `Rule ${ruleId}. The lexicon editors read every reason.`,
    send: 'Send',
    emptyReason: 'Say why, in a few words.',
    disagreementRecorded: (ruleId) => `Thank you: your disagreement with rule ${ruleId} is recorded for the lexicon editors.`,
    failed: (reason) => `Hearken could not finish that: ${reason}`,
    noText: 'This message has no text to check.',
  },
  'zh-Hans': {
    verdict: {
      block: '⛔ *已拦截*：此草稿不宜原样发送。',
      warn: '⚠️ *警告*：发送前请再斟酌。',
      pass: '✅ *通过*：可以发送。',
    },
    findingCount: (n) => `共 ${n} 处问题`,
    severityEmoji: { error: '⛔', warning: '⚠️', suggestion: '💡' },
    suggestions: '建议：',
    noSuggestion: '此处暂无建议：请用您自己的话改写（编辑）。',
    useSuggestion: (n) => (n === undefined ? '采用建议' : `采用建议 ${n}`),
    disagree: '此拦截有误',
    fixAll: '全部修正',
    edit: '编辑',
    moreFindings: (n) => `……另有 ${n} 处问题，请用“全部修正”或“编辑”继续。`,
    revisedBySuggestion: '已采用建议。修改后的草稿已重新检查：',
    revisedByFixAll: (applied) => `全部修正：已修改 ${applied} 处。修改后的草稿已重新检查：`,
    revisedByEdit: '您编辑后的草稿已重新检查：',
    readyToCopy: '可直接复制：',
    footer: (v, id) => `Hearken · 词库 ${v} · 检查 #${id}`,
    editTitle: '编辑草稿',
    editLabel: '草稿',
    check: '检查',
    cancel: '取消',
    emptyDraft: '请先填写草稿。',
    disagreeTitle: '此拦截有误',
    disagreeLabel: '为什么这条提示有误？',
    disagreeHint: (ruleId) => `规则 ${ruleId}。词库编辑会阅读每一条理由。`,
    send: '提交',
    emptyReason: '请简单说明理由。',
    disagreementRecorded: (ruleId) => `谢谢，您对规则 ${ruleId} 的异议已记录，词库编辑会查看。`,
    failed: (reason) => `Hearken 未能完成：${reason}`,
    noText: '这条消息没有可检查的文字。',
  },
  'zh-Hant': {
    verdict: {
      block: '⛔ *已攔截*：此草稿不宜原樣發送。',
      warn: '⚠️ *警告*：發送前請再斟酌。',
      pass: '✅ *通過*：可以發送。',
    },
    findingCount: (n) => `共 ${n} 處問題`,
    severityEmoji: { error: '⛔', warning: '⚠️', suggestion: '💡' },
    suggestions: '建議：',
    noSuggestion: '此處暫無建議：請用您自己的話改寫（編輯）。',
    useSuggestion: (n) => (n === undefined ? '採用建議' : `採用建議 ${n}`),
    disagree: '此攔截有誤',
    fixAll: '全部修正',
    edit: '編輯',
    moreFindings: (n) => `……另有 ${n} 處問題，請用「全部修正」或「編輯」繼續。`,
    revisedBySuggestion: '已採用建議。修改後的草稿已重新檢查：',
    revisedByFixAll: (applied) => `全部修正：已修改 ${applied} 處。修改後的草稿已重新檢查：`,
    revisedByEdit: '您編輯後的草稿已重新檢查：',
    readyToCopy: '可直接複製：',
    footer: (v, id) => `Hearken · 詞庫 ${v} · 檢查 #${id}`,
    editTitle: '編輯草稿',
    editLabel: '草稿',
    check: '檢查',
    cancel: '取消',
    emptyDraft: '請先填寫草稿。',
    disagreeTitle: '此攔截有誤',
    disagreeLabel: '為什麼這條提示有誤？',
    disagreeHint: (ruleId) => `規則 ${ruleId}。詞庫編輯會閱讀每一條理由。`,
    send: '提交',
    emptyReason: '請簡單說明理由。',
    disagreementRecorded: (ruleId) => `謝謝，您對規則 ${ruleId} 的異議已記錄，詞庫編輯會查看。`,
    failed: (reason) => `Hearken 未能完成：${reason}`,
    noText: '這則訊息沒有可檢查的文字。',
  },
};

/** Shown when there is no draft to take the language from (an empty /hearken): both languages. */
export const USAGE_TEXT = [
  '*Hearken checks a reply before you send it.* Type `/hearken` and your draft, e.g. `/hearken Sorry for the wait; an engineer will call you today.` Or use *Check with Hearken* from a message\'s ⋮ menu. `/hearken resolve C-YYYYMMDD-NNNN` resolves a handed-over complaint.',
  '*Hearken 在您发送前检查回复。* 输入 `/hearken` 加上草稿，例如 `/hearken 让您久等了，工程师今天会给您回电。` 也可以在消息的 ⋮ 菜单中选择 *Check with Hearken*。`/hearken resolve C-YYYYMMDD-NNNN` 可解决已转人工的投诉。',
].join('\n\n');
