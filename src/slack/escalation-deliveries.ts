/**
 * What the outbox brings to Slack about handed-over complaints: the escalation post (which opens
 * the complaint's thread), the customer's later messages into that thread in order, agents'
 * replies delivered to the customer (confirmed with a ✅ on the agent's message, or the agent is
 * told why not), and deadline reminders (a DM to the owner before a deadline, a post in the
 * thread once it is missed). Each runs as an outbox delivery: a Slack failure is retried with
 * backoff (a 429 after its Retry-After), and when one is finally given up someone is told.
 */
import type { webApi } from '@slack/bolt';
import type { AgentReplyEvent, OutboxPayload } from '../contracts/outbox.js';
import { isFinished, type AgentReplyDeliveryOutcome, type EscalationDesk, type OutboxDispatcher } from '../desk/index.js';
import { currentDeadline } from '../complaints/index.js';
import type { OutboxMessage } from '../store/types.js';
import { customerMessagePost, escalationPost, mrkdwnMessage, ownerText, slackDate, slackUserOf, threadLink } from './escalation-blocks.js';
import { postInThread, postMetadata, slackStep } from './escalation-thread.js';
import { ESCALATION_WORDING } from './escalation-wording.js';
import { clip, escapeMrkdwn } from './slack-text.js';

export interface EscalationDeliveryDeps {
  /** A Web API client that neither retries nor waits out rate limits itself: the outbox does both. */
  client: webApi.WebClient;
  desk: EscalationDesk;
  /** SLACK_ESCALATION_CHANNEL. */
  channel: string;
  /** Shows an agent's reply in the customer's conversation (the desk's createAgentReplyDelivery). */
  deliverAgentReply: (reply: AgentReplyEvent['payload'], message: OutboxMessage) => Promise<AgentReplyDeliveryOutcome>;
  /** The workspace's address once auth.test answered, for links to threads. */
  workspaceUrl: () => string | undefined;
  log: (message: string) => void;
}

export function subscribeEscalationDeliveries(outbox: Pick<OutboxDispatcher, 'subscribe'>, deps: EscalationDeliveryDeps): void {
  const { client, desk, log } = deps;

  /** Best effort: telling someone must never turn a delivered message into a retried one. */
  const tell = async (what: string, call: () => Promise<unknown>) => {
    try { await call(); } catch (error) { log(`slack: ${what} failed: ${(error as Error).message}`); }
  };

  outbox.subscribe('handoff_requested', async (handoff) => {
    if (await desk.threadOf(handoff.complaintId)) return; // posted already (a repeated delivery)
    const record = await desk.complaint(handoff.complaintId);
    if (!record) { log(`slack: hand-over of unknown complaint ${handoff.complaintId}; nothing posted`); return; }
    const message = escalationPost(record, handoff.reason);
    const posted = await slackStep(() => client.chat.postMessage({
      channel: deps.channel, text: message.text, blocks: message.blocks, metadata: postMetadata(record.id), unfurl_links: false, unfurl_media: false,
    }));
    if (!posted.ts) throw new Error('chat.postMessage answered without a ts');
    // Slack answers with the channel's id even when it was named; replies in the thread carry that id.
    await desk.recordThread({ complaintId: record.id, conversationId: handoff.conversationId, channel: posted.channel ?? deps.channel, threadTs: posted.ts }, { channel: 'slack' });
  }, {
    onGiveUp: async (handoff, _message, error) => {
      await client.chat.postMessage({ channel: deps.channel, text: ESCALATION_WORDING[handoff.locale].undelivered(`${handoff.complaintId} (${error.message})`) });
    },
  });

  outbox.subscribe('customer_message_during_handoff', async (said) => {
    const thread = await desk.threadOf(said.complaintId);
    const message = customerMessagePost(said.text, said.locale);
    if (thread) {
      await slackStep(() => postInThread(client, thread, message));
      return;
    }
    // Its escalation post was given up: the message goes to the channel on its own, never nowhere.
    await slackStep(() => client.chat.postMessage({
      channel: deps.channel, text: `${said.complaintId}: ${message.text}`, blocks: [mrkdwnMessage(`*${said.complaintId}*`).blocks[0]!, ...message.blocks], metadata: postMetadata(said.complaintId),
    }));
  }, {
    onGiveUp: async (said, _message, error) => {
      await client.chat.postMessage({ channel: deps.channel, text: ESCALATION_WORDING[said.locale].undelivered(`${said.complaintId}: “${clip(said.text, 500)}” (${error.message})`) });
    },
  });

  outbox.subscribe('agent_reply', async (reply, message) => {
    const outcome = await deps.deliverAgentReply(reply, message);
    const origin = reply.origin;
    if (!origin) return;
    const record = await desk.complaint(reply.complaintId);
    const w = ESCALATION_WORDING[record?.locale ?? 'en'];
    if (outcome === 'unknown_conversation') {
      await tell('telling the agent a reply had nowhere to go', () => client.chat.postEphemeral({
        channel: origin.channel, user: origin.user, text: w.relayUnknownConversation, ...(origin.threadTs ? { thread_ts: origin.threadTs } : {}),
      }));
      return;
    }
    // Delivered: the agent sees a ✅ on what they wrote.
    if (origin.ts) await tell('marking a delivered reply', () => client.reactions.add({ channel: origin.channel, timestamp: origin.ts!, name: 'white_check_mark' }));
  }, {
    onGiveUp: async (reply, _message, error) => {
      const origin = reply.origin;
      if (!origin) return;
      const record = await desk.complaint(reply.complaintId);
      const text = ESCALATION_WORDING[record?.locale ?? 'en'].relayFailed(escapeMrkdwn(error.message));
      await tell('telling the agent a reply was given up', () => client.chat.postEphemeral({
        channel: origin.channel, user: origin.user, text, ...(origin.threadTs ? { thread_ts: origin.threadTs } : {}),
      }));
      if (origin.threadTs) {
        await tell('posting a given-up reply in the thread', () => postInThread(client, { channel: origin.channel, threadTs: origin.threadTs!, complaintId: reply.complaintId }, mrkdwnMessage(`<@${origin.user}> ${text}`)));
      }
    },
  });

  outbox.subscribe('reminder_due', async (reminder: OutboxPayload<'reminder_due'>) => {
    const record = await desk.complaint(reminder.complaintId);
    // Finished, or already past that deadline (acknowledged meanwhile): nothing to remind of.
    if (!record || isFinished(record) || currentDeadline(record)?.kind !== reminder.deadline) return;
    const w = ESCALATION_WORDING[record.locale];
    const thread = await desk.threadOf(record.id);
    const kind = w.deadlineKind[reminder.deadline];
    const owner = slackUserOf(record.owner);
    const link = thread ? threadLink(deps.workspaceUrl(), thread.channel, thread.threadTs) : undefined;
    const when = slackDate(reminder.dueAt);
    if (reminder.level === 'due_soon' && owner) {
      const text = `${w.reminderDueSoon(record.id, kind, when)}${link ? ` <${link}|${w.openThread}>` : ''}`;
      const im = await slackStep(() => client.conversations.open({ users: owner }));
      const dm = im.channel?.id ?? owner;
      await slackStep(() => client.chat.postMessage({ channel: dm, text: text.replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1'), blocks: mrkdwnMessage(text).blocks, metadata: postMetadata(record.id) }));
      return;
    }
    const text = reminder.level === 'due_soon' ? w.reminderDueSoon(record.id, kind, when) : w.reminderOverdue(record.id, kind, when, ownerText(record.owner, record.locale));
    if (thread) {
      await slackStep(() => postInThread(client, thread, mrkdwnMessage(text)));
    } else if (owner) {
      const im = await slackStep(() => client.conversations.open({ users: owner }));
      await slackStep(() => client.chat.postMessage({ channel: im.channel?.id ?? owner, text, metadata: postMetadata(record.id) }));
    } else {
      log(`reminder ${reminder.level}: ${record.id} ${reminder.deadline} deadline ${reminder.dueAt} (owner ${record.owner}, no thread to post in)`);
    }
  });
}
