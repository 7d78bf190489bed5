import { ActivityTypes, TestAdapter, CardFactory } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { GuardedSendMiddleware, outgoingPhrasing } from '../../src/bot/guard-middleware.js';
import type { LintResult } from '../../src/contracts/finding.js';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';
import { RecordingLogger } from './fixtures.js';

describe('send-side guard middleware', () => {
  const guard = loadGuardFromDir();

  it('blocks and logs an outgoing message the shipped guard blocks, and lets the rest through', async () => {
    const logger = new RecordingLogger();
    const adapter = new TestAdapter(async (ctx) => {
      await ctx.sendActivity('Thank you for telling me. I will look into it today.');
      await ctx.sendActivity('Calm down, sweetie.');
      await ctx.sendActivity('这不归我们管，你找别人吧。');
      await ctx.sendActivity({ type: ActivityTypes.Typing });
    }).use(new GuardedSendMiddleware((t) => guard.lint(t), logger));
    await adapter.send('hi');
    const sent = adapter.activeQueue.splice(0);
    expect(sent.map((a) => a.type === 'message' ? a.text : a.type)).toEqual(['Thank you for telling me. I will look into it today.', 'typing']);
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[0]!.detail!.text).toBe('Calm down, sweetie.');
    expect(JSON.stringify(logger.warnings[1]!.detail!.findings)).toMatch(/lexicons\/guard\/zh\.yaml/);
  });

  it('lints button titles and card text, but not the customer\'s own words quoted in a FactSet', async () => {
    const card = CardFactory.adaptiveCard({
      type: 'AdaptiveCard', version: '1.3',
      body: [{ type: 'TextBlock', text: 'Here is what I noted' }, { type: 'FactSet', facts: [{ title: 'Your account', value: 'Their agent told me to calm down' }] }],
    });
    expect(outgoingPhrasing({ text: 'Pick one', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Refund', value: 'Refund' }] }, attachments: [card] }))
      .toEqual(['Pick one', 'Refund', 'Here is what I noted', 'Your account']);
    const calls: string[] = [];
    const fake = (t: string): LintResult => { calls.push(t); return { verdict: t.includes('shut up') ? 'block' : 'pass', findings: [] }; };
    const logger = new RecordingLogger();
    const adapter = new TestAdapter(async (ctx) => {
      await ctx.sendActivity({ attachments: [card] });
      await ctx.sendActivity({ text: 'Choose', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'shut up', value: 'x' }] } });
    }).use(new GuardedSendMiddleware(fake, logger));
    await adapter.send('hi');
    const sent = adapter.activeQueue.splice(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.attachments).toHaveLength(1);
    expect(calls).not.toContain('Their agent told me to calm down');
    expect(logger.warnings).toHaveLength(1);
  });

  it('a guard that throws does not silence the bot but is logged as an error', async () => {
    const logger = new RecordingLogger();
    const adapter = new TestAdapter(async (ctx) => { await ctx.sendActivity('Hello'); })
      .use(new GuardedSendMiddleware(() => { throw new Error('lexicon not loaded'); }, logger));
    await adapter.send('hi');
    expect(adapter.activeQueue.splice(0).map((a) => a.text)).toEqual(['Hello']);
    expect(logger.errors[0]!.message).toMatch(/guard threw/);
  });
});
