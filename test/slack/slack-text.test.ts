import { describe, expect, it } from 'vitest';
import { clip, escapeMrkdwn, plainTextFromSlack } from '../../src/slack/slack-text.js';

describe('Slack text', () => {
  it('turns what Slack sends back into what the agent typed', () => {
    expect(plainTextFromSlack('Hi <@U123|ann>, see <#C9|support> and <https://x.test/a?b=1&amp;c=2|the FAQ> &lt;now&gt; &amp; <mailto:a@b.c|a@b.c>'))
      .toBe('Hi @ann, see #support and the FAQ <now> & a@b.c');
    expect(plainTextFromSlack('<@U123> <!here> <!subteam^S1|@support> <https://x.test>')).toBe('@U123 @here @support https://x.test');
    expect(plainTextFromSlack('这不归我管 &amp;amp;')).toBe('这不归我管 &amp;');
  });
  it('escapes the three mrkdwn control characters', () => {
    expect(escapeMrkdwn('<@U1> & <!channel>')).toBe('&lt;@U1&gt; &amp; &lt;!channel&gt;');
  });
  it('clips without splitting a surrogate pair', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('short', 10)).toBe('short');
  });
});
