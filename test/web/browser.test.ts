/**
 * The real thing: Debian's chromium (driven by playwright-core) opens the demo
 * page, the official Web Chat bundle talks to Hearken's Direct Line over a
 * WebSocket, and a customer lodges a whole complaint in Simplified Chinese and
 * one in English by typing and tapping. The complaint is then read back from
 * the database with every fact. Screenshots go to test-results/.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHearkenServer, type RunningHearken } from '../../src/server/hearken-server.js';
import { type ChatLocale, LINES, nextMove, wordingFor } from './complaint-customer.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk)`);

let hearken: RunningHearken;
let browser: BrowserContext;
let dataDir: string;
let userDataDir: string;

beforeAll(async () => {
  if (!haveChromium) return;
  dataDir = mkdtempSync(join(tmpdir(), 'hearken-browser-'));
  userDataDir = mkdtempSync(join(tmpdir(), 'hearken-chromium-'));
  hearken = await startHearkenServer({ port: 0, dataDir, secret: randomBytes(48), listenPauseMs: 0, log: () => {} });
  // A fresh profile per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  mkdirSync('test-results', { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await hearken?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

interface WireActivity {
  type: string;
  text?: string;
  from: { role?: string };
}

/** Watches what Web Chat receives on its WebSocket, which is what the widget renders. */
function watchStream(page: Page): { bot: string[]; user: string[]; violations: string[]; external: string[] } {
  const seen = { bot: [] as string[], user: [] as string[], violations: [] as string[], external: [] as string[] };
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => {
      const payload = String(frame.payload);
      if (!payload) return;
      for (const activity of (JSON.parse(payload) as { activities: WireActivity[] }).activities) {
        if (activity.type !== 'message' || !activity.text) continue;
        (activity.from.role === 'bot' ? seen.bot : seen.user).push(activity.text);
      }
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.violations.push(message.text());
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(hearken.url) && !url.startsWith('blob:') && !url.startsWith('data:')) seen.external.push(url);
  });
  return seen;
}

async function waitFor(condition: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function lodgeThroughWebChat(locale: ChatLocale): Promise<string> {
  const page = await browser.newPage();
  const seen = watchStream(page);
  await page.goto(`${hearken.url}/?locale=${locale}`);
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  const lines = LINES[locale];

  /** Types like a customer and waits until Web Chat has the server's echo. */
  const type = async (text: string) => {
    const echoes = seen.user.filter((t) => t === text).length;
    await input.fill(text);
    await input.press('Enter');
    await waitFor(() => seen.user.filter((t) => t === text).length > echoes, () => `the echo of ${JSON.stringify(text)}`);
  };
  const tap = async (label: string) => {
    await page.locator('.webchat__suggested-action', { hasText: label }).first().click();
    await waitFor(() => seen.user.includes(label), () => `the echo of the tapped ${JSON.stringify(label)}`);
  };
  /** Waits for the bot's answer to the last move: a prompt the customer knows how to answer. */
  const answerAfter = async (before: number) => {
    await waitFor(() => seen.bot.length > before && nextMove(locale, seen.bot.slice(before)).kind !== 'unknown',
      () => `a bot prompt after ${JSON.stringify(seen.bot.slice(before))}`);
    await page.waitForTimeout(50); // the rest of the same turn
    return nextMove(locale, seen.bot.slice(before));
  };

  await waitFor(() => nextMove(locale, seen.bot).kind === 'tap', () => `the greeting, got ${JSON.stringify(seen.bot)}`);
  let move = nextMove(locale, seen.bot);
  for (let step = 0; step < 30 && move.kind !== 'recorded'; step++) {
    const before = seen.bot.length;
    if (move.kind === 'tap') await tap(move.label);
    else if (move.kind === 'say' && move.text === lines.story[0]) {
      // Several messages in a row; the bot must not interrupt.
      await type(lines.story[0]);
      await type(lines.story[1]);
      expect(seen.bot.length, 'the bot interrupted the story').toBe(before);
      await type(lines.done);
    } else if (move.kind === 'say') await type(move.text);
    else throw new Error(`unexpected prompt ${JSON.stringify(move)}`);
    move = await answerAfter(before);
  }
  expect(move.kind).toBe('recorded');
  const complaintId = (move as { complaintId: string }).complaintId;
  // The widget shows the reference to the customer.
  await page.locator('.webchat__bubble__content', { hasText: complaintId }).first().waitFor({ timeout: 5000 });
  await page.screenshot({ path: `test-results/web-chat-${locale}.png` });
  expect(seen.violations, 'CSP violations').toEqual([]);
  expect(seen.external, 'requests outside Hearken').toEqual([]);

  // A reload resumes the same conversation (token kept per tab, refreshed, stream replays history).
  const conversationId = await page.locator('#hearken-webchat').getAttribute('data-conversation-id');
  await page.reload();
  await page.locator('.webchat__bubble__content', { hasText: complaintId }).first().waitFor({ timeout: 10_000 });
  expect(await page.locator('#hearken-webchat').getAttribute('data-conversation-id')).toBe(conversationId);
  await page.close();
  return complaintId;
}

describe.skipIf(!haveChromium)('Web Chat in chromium against Hearken', () => {
  it.each(['zh-Hans', 'en'] as const)('lodges a complaint in %s and stores every fact', async (locale) => {
    const lines = LINES[locale];
    const complaintId = await lodgeThroughWebChat(locale);
    const complaint = await hearken.store.complaints.require(complaintId);
    expect(complaint).toMatchObject({ channel: 'web_chat', locale, desiredResolution: 'refund', status: expect.any(String) });
    expect(complaint.description).toContain(lines.story[0]);
    expect(complaint.description).toContain(lines.story[1]);
    expect(complaint.customer[lines.contactKey]).toBe(lines.facts.contact);
    const facts = Object.fromEntries(complaint.facts.map((f) => [f.key, f.value]));
    // Every fact the bot asked for (triage decides which) is stored, confirmed, with the customer's words.
    for (const [key, value] of Object.entries(facts)) {
      if (key === lines.contactKey) expect(value).toBe(lines.facts.contact);
      else if (key in lines.facts) expect(value, key).toBe(lines.facts[key]);
    }
    expect(facts.affected).toBe(lines.facts.affected);
    expect(facts.when).toBe(lines.facts.when);
    expect(complaint.facts.every((f) => f.confirmed)).toBe(true);
    // The conversation's messages are in the complaint's transcript too.
    const transcript = await hearken.store.transcripts.listByComplaint(complaintId);
    expect(transcript.map((m) => m.text)).toEqual(expect.arrayContaining([lines.story[0], lines.story[1]]));
  }, 60_000);

  it('takes a typed correction and a change of mind at the read-back, each in one message (en)', async () => {
    const page = await browser.newPage();
    const seen = watchStream(page);
    await page.goto(`${hearken.url}/?locale=en`);
    const w = wordingFor('en');
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    const type = async (text: string) => {
      const before = seen.bot.length;
      await input.fill(text);
      await input.press('Enter');
      await waitFor(() => seen.user.includes(text), () => `the echo of ${JSON.stringify(text)}`);
      return before;
    };
    /** The bot's messages since `before`, once the turn has produced a question or the reference. */
    const repliesAfter = async (before: number, done: (texts: string[]) => boolean) => {
      await waitFor(() => done(seen.bot.slice(before)), () => `the bot after ${JSON.stringify(seen.bot.slice(before))}`, 15_000);
      await page.waitForTimeout(100);
      return seen.bot.slice(before);
    };
    await page.locator('.webchat__suggested-action', { hasText: w.menu.lodge.label }).first().click({ timeout: 10_000 });
    await waitFor(() => seen.bot.includes(w.listen.ask), () => 'the listening prompt');
    await type('My blender stopped working after two days. I want a refund.');
    let before = await type("That's everything, thank you.");
    // Whatever triage needs, answered in whole sentences; the read-back ends it.
    const answers: Array<[string | undefined, string]> = [
      [w.facts.affected?.ask, 'the blender I ordered'],
      [w.facts.when?.ask, 'yesterday evening'],
      [w.facts.order_number?.ask, "it's HK73920115"],
      [w.facts.contact?.ask, 'Priya Raman, ring me on 07700 900461'],
      [w.facts.contact?.ask, 'ring me on 07700 900461'],
    ];
    for (let step = 0; step < 6; step++) {
      const replies = await repliesAfter(before, (texts) => texts.some((t) => t === w.readback.intro || answers.some(([q]) => q === t)));
      if (replies.includes(w.readback.intro)) break;
      const asked = answers.find(([q]) => replies.includes(q ?? ''));
      before = await type(asked![1]);
    }
    expect(seen.bot.filter((t) => t === w.facts.order_number?.retry || t === w.facts.contact?.retry)).toEqual([]);
    // A correction typed at the read-back, in one message.
    before = await type('No, the number is 07700 900462, not 07700 900461');
    expect(await repliesAfter(before, (texts) => texts.includes(w.readback.intro))).toContain(w.readback.updated);
    // A change of mind: the latest choice wins.
    before = await type("Actually I'd rather have a replacement, not a refund");
    expect(await repliesAfter(before, (texts) => texts.includes(w.readback.intro))).toContain(w.readback.updated);
    await page.locator('.webchat__bubble__content', { hasText: '07700900462' }).last().waitFor({ timeout: 5000 });
    await page.screenshot({ path: 'test-results/web-chat-correction-readback.png', fullPage: true });
    before = seen.bot.length;
    await page.locator('.webchat__suggested-action', { hasText: w.readback.confirm.label }).first().click();
    const recorded = await repliesAfter(before, (texts) => texts.some((t) => /C-\d{8}-\d{4,}/.test(t)));
    const complaintId = /C-\d{8}-\d{4,}/.exec(recorded.join(' '))![0];
    // The closing says what they chose, and the promised time names its zone.
    expect(recorded.join(' ')).toContain(w.resolution.said.replacement);
    expect(recorded.join(' ')).toMatch(/\(GMT[+-]?\d*\)/);
    await page.locator('.webchat__bubble__content', { hasText: complaintId }).first().waitFor({ timeout: 5000 });
    await page.screenshot({ path: 'test-results/web-chat-correction.png' });
    const complaint = await hearken.store.complaints.require(complaintId);
    expect(complaint).toMatchObject({ desiredResolution: 'replacement', desiredResolutions: ['replacement'], customer: { name: 'Priya Raman', phone: '07700900462' } });
    expect(complaint.facts.find((f) => f.key === 'order_number')?.value).toBe('HK73920115');
    expect(seen.violations, 'CSP violations').toEqual([]);
    await page.close();
  }, 90_000);

  it('also works over polling, without a WebSocket', async () => {
    const page = await browser.newPage();
    let sockets = 0;
    page.on('websocket', () => (sockets += 1));
    const polls: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && request.url().includes('/activities?watermark=')) polls.push(request.url());
    });
    await page.goto(`${hearken.url}/?locale=en&transport=polling`);
    const w = wordingFor('en');
    await page.locator('.webchat__suggested-action', { hasText: w.menu.lodge.label }).first().click({ timeout: 10_000 });
    await page.locator('.webchat__bubble__content', { hasText: w.listen.ask.split('.')[0]! }).first().waitFor({ timeout: 10_000 });
    expect(sockets).toBe(0);
    expect(polls.length).toBeGreaterThan(0);
    await page.close();
  }, 30_000);

  it('puts the chat on another site with the one-line embed snippet', async () => {
    // A company site on another origin that pastes the snippet and nothing else.
    const site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="zh-Hans"><body><h1>Shop</h1><script src="${hearken.url}/embed.js" defer></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      await page.getByRole('button', { name: '客户服务' }).click();
      const chat = page.frameLocator('iframe[title="客户服务"]');
      const w = wordingFor('zh-Hans');
      await chat.locator('.webchat__bubble__content', { hasText: w.greeting.choose }).first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: 'test-results/web-chat-embed.png' });
      await page.close();
    } finally {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  }, 30_000);
});
