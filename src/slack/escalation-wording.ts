// What Hearken says about handed-over complaints in Slack (the escalation post, its thread, the
// buttons' answers, reminders and the App Home), in the three languages. A complaint's messages
// use its language; the App Home uses the viewer's Slack locale. The type makes every language
// carry every entry.
import type { ComplaintStatus, Locale, ResolutionType } from '../contracts/complaint.js';
import type { DeadlineKind } from '../complaints/index.js';
import type { MotiveLabel } from '../contracts/triage.js';

/** Triage's confidence in words: almost certain (≥ 0.8), likely (≥ 0.6), possible (≥ 0.4), else a guess. */
export type SurenessBand = 'sure' | 'likely' | 'possible' | 'guess';

/** `who` and `owner` arrive already formatted for mrkdwn (a <@U…> mention or a queue name). */
export interface EscalationWording {
  postTitle: (id: string) => string;
  reason: { escalation: string; customer_request: string };
  customerWords: string;
  noWords: string;
  triage: string;
  intent: string;
  category: string;
  emotion: string;
  escalationReasons: string;
  motive: string;
  /** What each motive means for whoever picks the complaint up (docs/triage.md, "Motive"). */
  motives: Record<MotiveLabel, string>;
  /** How sure triage is of the motive, in words, with the percentage. */
  sureness: (band: SurenessBand, percent: number) => string;
  facts: string;
  noFacts: string;
  deadline: string;
  owner: string;
  unclaimed: (queue: string) => string;
  deadlineKind: Record<DeadlineKind, string>;
  noDeadline: string;
  claim: string;
  viewTranscript: string;
  resolve: string;
  takeOver: string;
  approve: string;
  customerSaid: string;
  claimed: (who: string, id: string) => string;
  youOwn: (id: string) => string;
  alreadyYours: (id: string) => string;
  ownedBy: (owner: string, id: string) => string;
  ownerChanged: (owner: string, id: string) => string;
  tookOver: (who: string, from: string, id: string) => string;
  /** `status` as worded in `status`. */
  finished: (id: string, status: string) => string;
  status: Record<ComplaintStatus, string>;
  notSent: string;
  notOwner: (owner: string, id: string) => string;
  noConversation: (id: string) => string;
  relayFailed: (reason: string) => string;
  relayUnknownConversation: string;
  sendToCustomer: string;
  sentAfterRevision: string;
  resolveTitle: string;
  resolutionType: string;
  resolutionTypes: Record<Exclude<ResolutionType, 'rejected'>, string>;
  resolutionText: string;
  resolutionHint: string;
  resolutionBlocked: (findings: string) => string;
  resolveNotOwner: (owner: string, id: string) => string;
  awaitingApproval: (who: string, id: string, type: string, detail: string) => string;
  onlySupervisors: string;
  notAwaitingApproval: (id: string) => string;
  ownProposal: string;
  resolved: (who: string, id: string, detail: string) => string;
  unknownComplaint: (id: string) => string;
  transcriptTitle: string;
  transcriptEmpty: string;
  role: { customer: string; bot: string; agent: string };
  earlierMessages: (n: number) => string;
  reminderDueSoon: (id: string, kind: string, when: string) => string;
  reminderOverdue: (id: string, kind: string, when: string, owner: string) => string;
  openThread: string;
  homeMine: string;
  homeNoneOpen: string;
  overdue: string;
  homeToday: string;
  homeBlocks: (n: number, checks: number) => string;
  homeDisagreements: string;
  homeSuggestions: (accepted: number, offered: number, rate: string) => string;
  homeComplaints: (n: number) => string;
  homeNothing: string;
  homeHowTo: string;
  undelivered: (what: string) => string;
}

const en: EscalationWording = {
  postTitle: (id) => `🚨 Complaint ${id} handed over`,
  reason: { escalation: 'Major complaint: the bot passed it on at once.', customer_request: 'The customer asked for a person.' },
  customerWords: "Customer's words",
  noWords: '(the customer asked for a person before describing the problem)',
  triage: 'Triage',
  intent: 'Wants',
  category: 'Category',
  emotion: 'Emotion',
  escalationReasons: 'Escalation',
  motive: 'Motive',
  motives: {
    respect: 'respect: wants to be taken seriously, and an apology',
    vent: 'venting: let them finish, and acknowledge before asking anything',
    compensation: 'compensation: wants it made right (refund, replacement, repair…)',
    suggestion: 'suggestion: an idea to improve things',
    recognition: 'recognition: wants their loyalty or expertise noticed',
  },
  sureness: (band, percent) => `${{ sure: 'almost certain', likely: 'likely', possible: 'possibly', guess: 'a guess' }[band]}, ${percent}%`,
  facts: 'Facts',
  noFacts: 'none collected yet',
  deadline: 'Deadline',
  owner: 'Owner',
  unclaimed: (queue) => `unclaimed (${queue})`,
  deadlineKind: { ack: 'acknowledge', investigate: 'investigate', resolve: 'solve' },
  noDeadline: 'none running',
  claim: 'Claim',
  viewTranscript: 'View transcript',
  resolve: 'Resolve',
  takeOver: 'Take over',
  approve: 'Approve',
  customerSaid: '💬 *Customer:*',
  claimed: (who, id) => `✋ ${who} claimed ${id} and owns it now.`,
  youOwn: (id) => `You own ${id} now. What you write in its thread goes to the customer after Hearken's check.`,
  alreadyYours: (id) => `You already own ${id}.`,
  ownedBy: (owner, id) => `${owner} owns ${id}. Take it over? They will see it in the thread.`,
  ownerChanged: (owner, id) => `${id} changed hands meanwhile: ${owner} owns it now. Take it over from them?`,
  tookOver: (who, from, id) => `🔁 ${who} took ${id} over from ${from}.`,
  finished: (id, status) => `${id} is ${status}; the bot has the conversation again.`,
  status: {
    received: 'received', acknowledged: 'acknowledged', investigating: 'being investigated', solution_proposed: 'awaiting a decision on the proposal',
    awaiting_approval: 'awaiting approval', approved: 'approved', resolved: 'resolved', closed: 'closed', rejected: 'rejected', appealed: 'appealed',
  },
  notSent: '⛔ *Not sent to the customer.* Fix it and send the revised reply:',
  notOwner: (owner, id) => `Not sent to the customer: ${owner} owns ${id}. Press *Claim* on the post to take it over; your message stays in the thread.`,
  noConversation: (id) => `${id} has no customer conversation to write to.`,
  relayFailed: (reason) => `⚠️ Your reply could not be delivered to the customer and was given up: ${reason}.`,
  relayUnknownConversation: "⚠️ Your reply was not delivered: the customer's chat is no longer known to Hearken.",
  sendToCustomer: 'Send to customer',
  sentAfterRevision: '📨 Sent to the customer.',
  resolveTitle: 'Resolve complaint',
  resolutionType: 'What was done',
  resolutionTypes: { refund: 'Refund', replacement: 'Replacement', repair: 'Repair', discount: 'Discount', compensation: 'Compensation', apology: 'Apology', explanation: 'Explanation' },
  resolutionText: 'What the customer is told',
  resolutionHint: "Checked by Hearken before it is sent. The customer then gets the bot back and is asked how satisfied they are.",
  resolutionBlocked: (findings) => `Hearken would not send this to the customer: ${findings}`,
  resolveNotOwner: (owner, id) => `${owner} owns ${id}; only they or a supervisor can resolve it.`,
  awaitingApproval: (who, id, type, detail) => `⏳ ${who} proposes to resolve ${id} (${type}): “${detail}”. A supervisor other than the owner must approve it.`,
  onlySupervisors: 'Only a supervisor can approve a resolution.',
  notAwaitingApproval: (id) => `${id} has no resolution waiting for approval.`,
  ownProposal: 'The owner cannot approve their own proposal; another supervisor must.',
  resolved: (who, id, detail) => `✅ ${who} resolved ${id}: “${detail}”. The customer was told and asked how satisfied they are.`,
  unknownComplaint: (id) => `There is no complaint ${id}.`,
  transcriptTitle: 'Transcript',
  transcriptEmpty: 'Nothing was said in this conversation yet.',
  role: { customer: 'Customer', bot: 'Hearken', agent: 'Agent' },
  earlierMessages: (n) => `…${n} earlier ${n === 1 ? 'message' : 'messages'} not shown.`,
  reminderDueSoon: (id, kind, when) => `⏰ ${id}: the ${kind} deadline is ${when}.`,
  reminderOverdue: (id, kind, when, owner) => `⏰ ${id}: the ${kind} deadline (${when}) has passed. Owner: ${owner}.`,
  openThread: 'thread',
  homeMine: 'Your open complaints',
  homeNoneOpen: 'You own no open complaints.',
  overdue: 'OVERDUE',
  homeToday: 'Today',
  homeBlocks: (n, checks) => `*Guard blocks by rule* (${n} blocked of ${checks} checks)`,
  homeDisagreements: '*“This block is wrong” by rule*',
  homeSuggestions: (accepted, offered, rate) => `*Suggestions taken:* ${accepted} of ${offered} checks with findings (${rate})`,
  homeComplaints: (n) => `*Complaints by category* (${n} today)`,
  homeNothing: 'none',
  homeHowTo: 'Check a reply with `/hearken <draft>`. Handed-over complaints arrive in the escalation channel: reply in their thread to answer the customer.',
  undelivered: (what) => `⚠️ Hearken could not post this to Slack and gave up: ${what}`,
};

const zhHans: EscalationWording = {
  postTitle: (id) => `🚨 投诉 ${id} 已转人工`,
  reason: { escalation: '重大投诉：机器人已立即转交。', customer_request: '顾客要求人工服务。' },
  customerWords: '顾客原话',
  noWords: '（顾客在描述问题前就要求了人工）',
  triage: '分诊',
  intent: '诉求',
  category: '类别',
  emotion: '情绪',
  escalationReasons: '升级原因',
  motive: '动机',
  motives: {
    respect: '求尊重：希望被认真对待，并得到道歉',
    vent: '求发泄：先让顾客说完，先共情再提问',
    compensation: '求补偿：希望得到弥补（退款、换货、维修等）',
    suggestion: '提意见：想帮我们改进',
    recognition: '求自我表现：希望自己的身份或经验被看到',
  },
  sureness: (band, percent) => `${{ sure: '把握很大', likely: '较有把握', possible: '不太确定', guess: '仅为猜测' }[band]}，${percent}%`,
  facts: '事实',
  noFacts: '尚未收集',
  deadline: '期限',
  owner: '负责人',
  unclaimed: (queue) => `无人认领（${queue}）`,
  deadlineKind: { ack: '受理', investigate: '调查', resolve: '解决' },
  noDeadline: '无进行中的期限',
  claim: '认领',
  viewTranscript: '查看对话',
  resolve: '解决',
  takeOver: '接手',
  approve: '批准',
  customerSaid: '💬 *顾客：*',
  claimed: (who, id) => `✋ ${who} 已认领 ${id}，现由其负责。`,
  youOwn: (id) => `${id} 现由您负责。您在此话题中写的内容经 Hearken 检查后会发给顾客。`,
  alreadyYours: (id) => `${id} 已由您负责。`,
  ownedBy: (owner, id) => `${id} 由 ${owner} 负责。要接手吗？对方会在话题中看到。`,
  ownerChanged: (owner, id) => `${id} 的负责人已变更为 ${owner}。要从其手中接手吗？`,
  tookOver: (who, from, id) => `🔁 ${who} 已从 ${from} 手中接手 ${id}。`,
  finished: (id, status) => `${id} ${status}，对话已交回机器人。`,
  status: {
    received: '已收到', acknowledged: '已受理', investigating: '调查中', solution_proposed: '方案待定',
    awaiting_approval: '待批准', approved: '已批准', resolved: '已解决', closed: '已关闭', rejected: '已驳回', appealed: '已申诉',
  },
  notSent: '⛔ *未发送给顾客。* 请修改后发送修订稿：',
  notOwner: (owner, id) => `未发送给顾客：${id} 由 ${owner} 负责。如需接手，请在原帖上点击 *认领*；您的消息仍保留在话题中。`,
  noConversation: (id) => `${id} 没有可回复的顾客对话。`,
  relayFailed: (reason) => `⚠️ 您的回复未能送达顾客，已放弃重试：${reason}。`,
  relayUnknownConversation: '⚠️ 您的回复未送达：Hearken 已找不到该顾客的对话。',
  sendToCustomer: '发送给顾客',
  sentAfterRevision: '📨 已发送给顾客。',
  resolveTitle: '解决投诉',
  resolutionType: '处理方式',
  resolutionTypes: { refund: '退款', replacement: '换货', repair: '维修', discount: '折扣', compensation: '赔偿', apology: '致歉', explanation: '说明' },
  resolutionText: '告知顾客的内容',
  resolutionHint: '发送前由 Hearken 检查。之后对话交回机器人，并请顾客评价满意度。',
  resolutionBlocked: (findings) => `Hearken 不会把这段话发给顾客：${findings}`,
  resolveNotOwner: (owner, id) => `${id} 由 ${owner} 负责；只有负责人或主管可以解决。`,
  awaitingApproval: (who, id, type, detail) => `⏳ ${who} 提议以「${type}」解决 ${id}：“${detail}” 需由负责人以外的主管批准。`,
  onlySupervisors: '只有主管可以批准解决方案。',
  notAwaitingApproval: (id) => `${id} 没有待批准的解决方案。`,
  ownProposal: '负责人不能批准自己的方案，需由其他主管批准。',
  resolved: (who, id, detail) => `✅ ${who} 已解决 ${id}：“${detail}” 已告知顾客并请其评价满意度。`,
  unknownComplaint: (id) => `没有编号为 ${id} 的投诉。`,
  transcriptTitle: '对话记录',
  transcriptEmpty: '此对话中还没有内容。',
  role: { customer: '顾客', bot: 'Hearken', agent: '客服' },
  earlierMessages: (n) => `……更早的 ${n} 条消息未显示。`,
  reminderDueSoon: (id, kind, when) => `⏰ ${id}：${kind}期限为 ${when}。`,
  reminderOverdue: (id, kind, when, owner) => `⏰ ${id}：${kind}期限（${when}）已过。负责人：${owner}。`,
  openThread: '话题',
  homeMine: '您负责的未结投诉',
  homeNoneOpen: '您目前没有未结投诉。',
  overdue: '已逾期',
  homeToday: '今日',
  homeBlocks: (n, checks) => `*按规则统计的拦截*（共检查 ${checks} 次，拦截 ${n} 次）`,
  homeDisagreements: '*按规则统计的“此拦截有误”*',
  homeSuggestions: (accepted, offered, rate) => `*建议采纳：* 有问题的 ${offered} 次检查中采纳 ${accepted} 次（${rate}）`,
  homeComplaints: (n) => `*按类别统计的投诉*（今日 ${n} 件）`,
  homeNothing: '无',
  homeHowTo: '用 `/hearken 草稿` 检查回复。转人工的投诉会出现在升级频道：在其话题中回复即可答复顾客。',
  undelivered: (what) => `⚠️ Hearken 无法将此内容发到 Slack，已放弃：${what}`,
};

const zhHant: EscalationWording = {
  postTitle: (id) => `🚨 投訴 ${id} 已轉人工`,
  reason: { escalation: '重大投訴：機器人已立即轉交。', customer_request: '顧客要求真人服務。' },
  customerWords: '顧客原話',
  noWords: '（顧客在描述問題前就要求了真人服務）',
  triage: '分流',
  intent: '訴求',
  category: '類別',
  emotion: '情緒',
  escalationReasons: '升級原因',
  motive: '動機',
  motives: {
    respect: '求尊重：希望被認真對待，並得到道歉',
    vent: '求發洩：先讓顧客說完，先同理再提問',
    compensation: '求補償：希望得到彌補（退款、換貨、維修等）',
    suggestion: '提意見：想幫我們改進',
    recognition: '求自我表現：希望自己的身分或經驗被看見',
  },
  sureness: (band, percent) => `${{ sure: '把握很大', likely: '頗有把握', possible: '不太確定', guess: '僅供參考' }[band]}，${percent}%`,
  facts: '事實',
  noFacts: '尚未收集',
  deadline: '期限',
  owner: '負責人',
  unclaimed: (queue) => `無人認領（${queue}）`,
  deadlineKind: { ack: '受理', investigate: '調查', resolve: '解決' },
  noDeadline: '無進行中的期限',
  claim: '認領',
  viewTranscript: '查看對話',
  resolve: '解決',
  takeOver: '接手',
  approve: '批准',
  customerSaid: '💬 *顧客：*',
  claimed: (who, id) => `✋ ${who} 已認領 ${id}，現由其負責。`,
  youOwn: (id) => `${id} 現由您負責。您在此討論串中寫的內容經 Hearken 檢查後會發給顧客。`,
  alreadyYours: (id) => `${id} 已由您負責。`,
  ownedBy: (owner, id) => `${id} 由 ${owner} 負責。要接手嗎？對方會在討論串中看到。`,
  ownerChanged: (owner, id) => `${id} 的負責人已變更為 ${owner}。要從其手中接手嗎？`,
  tookOver: (who, from, id) => `🔁 ${who} 已從 ${from} 手中接手 ${id}。`,
  finished: (id, status) => `${id} ${status}，對話已交回機器人。`,
  status: {
    received: '已收到', acknowledged: '已受理', investigating: '調查中', solution_proposed: '方案待定',
    awaiting_approval: '待批准', approved: '已批准', resolved: '已解決', closed: '已結案', rejected: '已駁回', appealed: '已申訴',
  },
  notSent: '⛔ *未發送給顧客。* 請修改後發送修訂稿：',
  notOwner: (owner, id) => `未發送給顧客：${id} 由 ${owner} 負責。如需接手，請在原帖上按 *認領*；您的訊息仍保留在討論串中。`,
  noConversation: (id) => `${id} 沒有可回覆的顧客對話。`,
  relayFailed: (reason) => `⚠️ 您的回覆未能送達顧客，已放棄重試：${reason}。`,
  relayUnknownConversation: '⚠️ 您的回覆未送達：Hearken 已找不到該顧客的對話。',
  sendToCustomer: '發送給顧客',
  sentAfterRevision: '📨 已發送給顧客。',
  resolveTitle: '解決投訴',
  resolutionType: '處理方式',
  resolutionTypes: { refund: '退款', replacement: '換貨', repair: '維修', discount: '折扣', compensation: '賠償', apology: '致歉', explanation: '說明' },
  resolutionText: '告知顧客的內容',
  resolutionHint: '發送前由 Hearken 檢查。之後對話交回機器人，並請顧客評價滿意度。',
  resolutionBlocked: (findings) => `Hearken 不會把這段話發給顧客：${findings}`,
  resolveNotOwner: (owner, id) => `${id} 由 ${owner} 負責；只有負責人或主管可以解決。`,
  awaitingApproval: (who, id, type, detail) => `⏳ ${who} 提議以「${type}」解決 ${id}：「${detail}」 需由負責人以外的主管批准。`,
  onlySupervisors: '只有主管可以批准解決方案。',
  notAwaitingApproval: (id) => `${id} 沒有待批准的解決方案。`,
  ownProposal: '負責人不能批准自己的方案，需由其他主管批准。',
  resolved: (who, id, detail) => `✅ ${who} 已解決 ${id}：「${detail}」 已告知顧客並請其評價滿意度。`,
  unknownComplaint: (id) => `沒有編號為 ${id} 的投訴。`,
  transcriptTitle: '對話紀錄',
  transcriptEmpty: '此對話中還沒有內容。',
  role: { customer: '顧客', bot: 'Hearken', agent: '客服' },
  earlierMessages: (n) => `……更早的 ${n} 則訊息未顯示。`,
  reminderDueSoon: (id, kind, when) => `⏰ ${id}：${kind}期限為 ${when}。`,
  reminderOverdue: (id, kind, when, owner) => `⏰ ${id}：${kind}期限（${when}）已過。負責人：${owner}。`,
  openThread: '討論串',
  homeMine: '您負責的未結投訴',
  homeNoneOpen: '您目前沒有未結投訴。',
  overdue: '已逾期',
  homeToday: '今日',
  homeBlocks: (n, checks) => `*按規則統計的攔截*（共檢查 ${checks} 次，攔截 ${n} 次）`,
  homeDisagreements: '*按規則統計的「此攔截有誤」*',
  homeSuggestions: (accepted, offered, rate) => `*建議採納：* 有問題的 ${offered} 次檢查中採納 ${accepted} 次（${rate}）`,
  homeComplaints: (n) => `*按類別統計的投訴*（今日 ${n} 件）`,
  homeNothing: '無',
  homeHowTo: '用 `/hearken 草稿` 檢查回覆。轉人工的投訴會出現在升級頻道：在其討論串中回覆即可答覆顧客。',
  undelivered: (what) => `⚠️ Hearken 無法將此內容發到 Slack，已放棄：${what}`,
};

export const ESCALATION_WORDING: Readonly<Record<Locale, EscalationWording>> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };
