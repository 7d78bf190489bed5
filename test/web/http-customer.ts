import { expect } from 'vitest';
import { type ChatLocale, LINES, nextMove } from './complaint-customer.js';

interface WireActivity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
}

/**
 * A customer on the plain Direct Line HTTP API. A POST returns once the bot's
 * turn is over, so reading the activities right after it sees every reply.
 */
export class HttpCustomer {
  watermark = '';
  conversationId = '';
  token = '';
  readonly botTexts: string[] = [];

  constructor(public baseUrl: string, readonly locale: ChatLocale) {}

  async start(): Promise<void> {
    const issued = await this.json<{ conversationId: string; token: string }>('POST', '/v3/directline/tokens/generate', { locale: this.locale });
    this.conversationId = issued.conversationId;
    this.token = issued.token;
    await this.json('POST', '/v3/directline/conversations', {});
    // The welcome turn runs right after the start; wait for the greeting's last line.
    const deadline = Date.now() + 10_000;
    while (!(await this.poll()).some((text) => nextMove(this.locale, [text]).kind === 'tap')) {
      if (Date.now() > deadline) throw new Error(`no greeting within 10 s; bot said ${JSON.stringify(this.botTexts)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends one message and returns the bot's replies to it. */
  async say(text: string): Promise<string[]> {
    await this.json('POST', `/v3/directline/conversations/${this.conversationId}/activities`, {
      type: 'message', text, locale: this.locale, channelData: { clientActivityID: `t-${Date.now()}-${Math.random()}` },
    });
    return this.poll();
  }

  /** New bot message texts since the last poll. */
  async poll(): Promise<string[]> {
    const set = await this.json<{ activities: WireActivity[]; watermark: string }>('GET', `/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`);
    this.watermark = set.watermark;
    const texts = set.activities.filter((a) => a.type === 'message' && a.from.role === 'bot' && a.text).map((a) => a.text!);
    this.botTexts.push(...texts);
    return texts;
  }

  /**
   * Plays the complaint from wherever the conversation stands, at most `maxMoves`
   * moves; returns the complaint id once recorded, or undefined if stopped early.
   */
  async playComplaint(maxMoves = 40, lastReplies: string[] = this.botTexts): Promise<{ complaintId?: string; replies: string[] }> {
    let replies = lastReplies;
    const lines = LINES[this.locale];
    for (let moves = 0; moves < maxMoves; moves++) {
      const move = nextMove(this.locale, replies);
      if (move.kind === 'recorded') return { complaintId: move.complaintId, replies };
      if (move.kind === 'unknown') throw new Error(`the customer does not know how to answer ${JSON.stringify(move.prompt)}; bot said ${JSON.stringify(this.botTexts)}`);
      const text = move.kind === 'tap' ? move.label : move.text;
      if (move.kind === 'say' && text === lines.story[0]) {
        // Listening: the story lines get no reply at all.
        expect(await this.say(lines.story[0])).toEqual([]);
        expect(await this.say(lines.story[1])).toEqual([]);
        replies = await this.say(lines.done);
      } else {
        replies = await this.say(text);
      }
    }
    return { replies };
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
