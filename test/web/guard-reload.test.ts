// The running server watches its lexicon folder: a supervisor's new rule judges the very next
// message, with no restart, and a broken edit leaves the last good rules judging. Proved end to end:
// the whole server on loopback, a customer on the real botframework-directlinejs client, and an
// agent's replies relayed into that chat: what the customer receives is the proof.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from 'botframework-directlinejs';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedLexiconsDir } from '../../src/lexicon-files/index.js';
import { startHearkenServer, type RunningHearken } from '../../src/server/hearken-server.js';
import { wordingFor } from './complaint-customer.js';
import { connectDirectLine, type ClientSession } from './directline-client.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The phrase a supervisor forbids mid-run; the shipped lexicons do not forbid it. */
const PHRASE = 'the gremlins in our warehouse';
const RULE_ID = 'blame.warehouse-gremlins';

async function serverOnCopiedLexicons(): Promise<{ hearken: RunningHearken; rulesFile: string; logs: string[] }> {
  const work = mkdtempSync(join(tmpdir(), 'hearken-guard-reload-'));
  const root = join(work, 'lexicons');
  cpSync(shippedLexiconsDir(), root, { recursive: true });
  const logs: string[] = [];
  const hearken = await startHearkenServer({
    port: 0, dataDir: join(work, 'data'), secret: randomBytes(48), lexiconsDir: root,
    outboxIntervalMs: 3_600_000, watchIntervalMs: 3_600_000, log: (message) => logs.push(message),
  });
  cleanups.push(async () => {
    await hearken.close();
    rmSync(work, { recursive: true, force: true });
  });
  return { hearken, rulesFile: join(root, 'guard', 'en.yaml'), logs };
}

/** A customer on Direct Line who has been greeted and has told the bot something (so the chat has a transcript). */
async function customerIn(hearken: RunningHearken): Promise<{ session: ClientSession; conversationId: string }> {
  const res = await fetch(`${hearken.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'en' }) });
  const { token, conversationId } = (await res.json()) as { token: string; conversationId: string };
  const session = connectDirectLine(hearken.url, token, 'websocket');
  cleanups.push(() => session.end());
  await session.waitFor((a) => (a as Message).text === wordingFor('en').greeting.choose, 15_000);
  await session.say('My parcel never arrived and nobody answers the phone.');
  return { session, conversationId };
}

/** A supervisor's new rule, written at the top of en.yaml with its own self-tests, as the lexicon guide says. */
function addRule(rulesFile: string, text = readFileSync(rulesFile, 'utf8')): string {
  const rule = [
    `  - id: ${RULE_ID}`, '    severity: error', '    category: blame',
    '    message: {en: Blaming imaginary culprits is not an explanation., zh: 不要把责任推给莫须有的原因。}',
    `    forbidden: ["${PHRASE}"]`,
    '    suggest: {en: ["I am sorry your parcel was lost; I will send a replacement today."], zh: [很抱歉您的包裹丢失了，我今天为您补发]}',
    `    tests: {flag: ["Well, ${PHRASE} took it."], pass: ["Your replacement ships today."]}`, '',
  ].join('\n');
  return text.replace(/^rules:[ \t]*\n/m, (head) => head + rule);
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const agentSays = (hearken: RunningHearken, conversationId: string, text: string) =>
  hearken.bot.relay.relay({ conversationId, text, by: 'agent:li', channel: 'cli' });

const receivedTexts = (session: ClientSession) => session.received.map((a) => (a as Message).text).filter((t): t is string => typeof t === 'string');

describe('a lexicon edit judges the next message, over Direct Line', () => {
  it('a new forbidden phrase blocks the next agent reply that uses it, in the draft check and in the outgoing guard', { timeout: 90_000 }, async () => {
    const { hearken, rulesFile, logs } = await serverOnCopiedLexicons();
    const { session, conversationId } = await customerIn(hearken);

    // Before the edit the phrase is allowed: the reply reaches the customer.
    const first = `I am sorry, ${PHRASE} must have mislaid your parcel; a replacement ships today.`;
    const before = await agentSays(hearken, conversationId, first);
    expect(before.outcome).toBe('sent');
    expect(before.check.result.findings.map((f) => f.ruleId)).not.toContain(RULE_ID);
    await session.waitFor((a) => (a as Message).text === first, 15_000);

    writeFileSync(rulesFile, addRule(rulesFile));
    const reloaded = await until('the reload', () => logs.find((l) => /phrasing guard reloaded: \d+ rules, version \w+/.test(l)));
    expect(reloaded).not.toContain(before.check.lexiconVersion);

    // The next reply with the phrase is judged by the new rule: blocked, audited, never delivered.
    const second = `Again, ${PHRASE} took the replacement as well.`;
    const after = await agentSays(hearken, conversationId, second);
    expect(after.outcome).toBe('blocked');
    expect(after.check.result.verdict).toBe('block');
    expect(after.check.result.findings.find((f) => f.ruleId === RULE_ID)).toMatchObject({ actual: PHRASE, severity: 'error' });
    expect(after.check.lexiconVersion).not.toBe(before.check.lexiconVersion);
    const audit = await hearken.store.guardAudit.get(after.check.auditId);
    expect(audit).toMatchObject({ verdict: 'block', draft: second, conversationId, lexiconVersion: after.check.lexiconVersion });
    expect(audit!.ruleIds).toContain(RULE_ID);

    // The outgoing guard on the bot's adapter judges by the new rule too: the same words sent past
    // the draft check are dropped before they reach the chat.
    const bypass = `Between us, ${PHRASE} are at it again.`;
    expect(await hearken.bot.hearken.conversation.sendAgentMessage(conversationId, bypass)).toBe('sent');
    await until('the outgoing guard\'s report', () => logs.find((l) => l.includes('blocked by the phrasing guard') && l.includes(RULE_ID) && l.includes(bypass)));

    // A clean reply sent last arrives; nothing blocked arrived before it (replies reach the chat in order).
    const clean = 'Your replacement ships today; here is the tracking link.';
    expect((await agentSays(hearken, conversationId, clean)).outcome).toBe('sent');
    await session.waitFor((a) => (a as Message).text === clean, 15_000);
    const texts = receivedTexts(session);
    expect(texts).toContain(first);
    expect(texts).not.toContain(second);
    expect(texts).not.toContain(bypass);
  });

  it('a broken edit is refused and the last good rules keep judging the next message', { timeout: 90_000 }, async () => {
    const { hearken, rulesFile, logs } = await serverOnCopiedLexicons();
    const { session, conversationId } = await customerIn(hearken);

    // The new rule arrives in a file that no longer parses: nothing of the edit may judge.
    writeFileSync(rulesFile, `${addRule(rulesFile)}\n  - : [unclosed\n`);
    const refused = await until('the refusal', () => logs.find((l) => /phrasing guard reload failed/.test(l)));
    expect(refused).toMatch(/keeping the last good lexicons/);
    expect(refused).toMatch(/en\.yaml:\d+:\d+: YAML: /);

    const reply = `I am sorry, ${PHRASE} must have mislaid your parcel.`;
    const outcome = await agentSays(hearken, conversationId, reply);
    expect(outcome.outcome).toBe('sent');
    expect(outcome.check.result.findings.map((f) => f.ruleId)).not.toContain(RULE_ID);
    await session.waitFor((a) => (a as Message).text === reply, 15_000);
    // The last good rules still block what they blocked before the edit.
    const rude = await agentSays(hearken, conversationId, "That's not my problem, you should have read the manual.");
    expect(rude.outcome).toBe('blocked');
  });
});
