/**
 * The report page in a real browser: Debian's chromium (driven by playwright-core) opens the
 * HTML file `hearken report` wrote over a few weeks of data, and every chart must have drawn
 * marks with data, with no request leaving the file. The empty period shows its "no data"
 * state. Screenshots go to test-results/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/commands/report.js';
import { PLAIN_CONTEXT } from '../../../src/cli/command.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { seedReportData } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`report browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk)`);

const CHARTS = [
  'volume-category', 'volume-channel', 'compliance', 'resolutions', 'satisfaction', 'appeals',
  'blocks-per-day', 'blocks-by-rule', 'blocks-by-category', 'acceptance', 'disputes', 'agents', 'emotions', 'escalation',
];

const work = mkdtempSync(join(tmpdir(), 'hearken-report-html-'));
const context = { ...PLAIN_CONTEXT, cacheDir: join(work, 'cache') };
let browser: Browser;

async function report(dataDir: string, file: string, ...extra: string[]): Promise<number> {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    return await run(['--html', file, '--data-dir', dataDir, '--database-url', '', ...extra], context);
  } finally {
    vi.restoreAllMocks();
  }
}

/** Opens a report file and lists what left the page (anything not the file itself). */
async function open(file: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  const requests: string[] = [];
  page.on('request', (request) => { if (!request.url().startsWith('file:')) requests.push(request.url()); });
  await page.goto(pathToFileURL(file).href);
  return { page, requests };
}

interface ChartState { id: string; empty: boolean; drawn: number; total: number }

const chartStates = (page: Page) => page.$$eval('figure.chart', (figures) => figures.map((figure) => {
  const marks = Array.from(figure.querySelectorAll<SVGGraphicsElement>('svg rect.mark'));
  const drawn = marks.filter((m) => { const box = m.getBBox(); return box.width > 0 && box.height > 0; });
  return {
    id: figure.getAttribute('data-chart') ?? '',
    empty: figure.classList.contains('empty'),
    drawn: drawn.length,
    total: drawn.reduce((sum, m) => sum + Number(m.getAttribute('data-value')), 0),
  };
}));

beforeAll(async () => {
  if (!haveChromium) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  mkdirSync('test-results', { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!haveChromium)('the report page in chromium', () => {
  it('draws data in every chart, lists the overdue complaints, reads in English and Chinese, and requests nothing', async () => {
    const data = join(work, 'full');
    const store = await openSqliteStore({ dataDir: data });
    const seeded = await seedReportData(store, new Date());
    await store.close();
    const file = join(work, 'report.html');
    expect(await report(data, file, '--since', '30d')).toBe(0);

    const { page, requests } = await open(file);
    const states: ChartState[] = await chartStates(page);
    expect(states.map((s) => s.id)).toEqual(CHARTS);
    for (const state of states) {
      expect(state, `chart ${state.id}`).toMatchObject({ empty: false });
      expect(state.drawn, `marks drawn in ${state.id}`).toBeGreaterThan(0);
      expect(state.total, `data in ${state.id}`).toBeGreaterThan(0);
    }
    // The category chart stacks every complaint of the period once.
    expect(states.find((s) => s.id === 'volume-category')!.total).toBe(seeded.complaints);
    expect(await page.locator('[data-table="overdue"] tbody tr').count()).toBeGreaterThan(0);
    const text = await page.locator('body').innerText();
    expect(text).toContain('Complaints by category over time');
    expect(text).toContain('各类别投诉量');
    expect(text).toContain('物流配送');
    expect(text).not.toMatch(/No data/);
    expect(requests).toEqual([]);
    await page.screenshot({ path: 'test-results/report.png', fullPage: true });
    await page.close();
  }, 120_000);

  it('hides agents with --anonymous and shows Traditional Chinese with --lang zh-Hant', async () => {
    const file = join(work, 'anonymous.html');
    expect(await report(join(work, 'full'), file, '--anonymous', '--lang', 'zh-Hant')).toBe(0);
    const { page } = await open(file);
    const text = await page.locator('body').innerText();
    expect(text).toContain('Agent 1');
    expect(text).not.toMatch(/U0[0-2]/);
    expect(text).not.toContain('agent:');
    expect(text).toContain('各類別投訴量');
    await page.close();
  }, 60_000);

  it('shows a clear "no data" page for an empty period', async () => {
    const file = join(work, 'empty.html');
    expect(await report(join(work, 'empty'), file)).toBe(0);
    const { page, requests } = await open(file);
    await expect(page.locator('.no-data-banner').innerText()).resolves.toMatch(/No data for this period[\s\S]*此期间暂无数据/);
    const states = await chartStates(page);
    expect(states.every((s) => s.empty && s.drawn === 0)).toBe(true);
    expect(requests).toEqual([]);
    await page.screenshot({ path: 'test-results/report-empty.png', fullPage: true });
    await page.close();
  }, 60_000);
});
