// The report's guard charts name rule categories in words, English beside the report's Chinese,
// not by their ids: every category the shipped lexicons have (and learned guesses, and rules no
// longer in the lexicons) has a label in each report language; one a supervisor adds shows its id.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PLAIN_CONTEXT } from '../../../src/cli/command.js';
import { run } from '../../../src/cli/commands/report.js';
import { loadReportWording } from '../../../src/cli/report/wording.js';
import { parseDataFile } from '../../../src/contracts/data-file.js';
import { CategoriesFileSchema } from '../../../src/guard/lexiconSchema.js';
import { defaultGuardLexiconDir } from '../../../src/lexicon-files/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { seedReportData } from './fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-report-labels-'));
const data = join(work, 'data');

beforeAll(async () => {
  const store = await openSqliteStore({ dataDir: data });
  await seedReportData(store, new Date());
  await store.close();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The text labels of one chart of a report page. */
function chartLabels(html: string, chart: string): string[] {
  const start = html.indexOf(`data-chart="${chart}"`);
  const figure = html.slice(start, html.indexOf('</figure>', start));
  return [...figure.matchAll(/<text [^>]*class="label">([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

describe('hearken report: guard rule categories', () => {
  it('has a label for every shipped category in English, Simplified and Traditional Chinese', () => {
    const file = join(defaultGuardLexiconDir(), 'categories.yaml');
    const shipped = Object.keys(parseDataFile(file, readFileSync(file, 'utf8'), CategoriesFileSchema).data.categories);
    expect(shipped.length).toBeGreaterThan(10);
    for (const locale of ['en', 'zh-Hans', 'zh-Hant'] as const) {
      const labels = loadReportWording(locale).labels.guardCategory;
      for (const id of [...shipped, 'learned', 'unknown']) {
        // Words, not an id: no_authority reads "claiming no authority"; Chinese is Han script.
        expect(labels[id], `${locale} ${id}`).toMatch(locale === 'en' ? /^[a-z][a-z ]+$/ : /^\p{Script=Han}+$/u);
      }
    }
  });

  it('writes the blocks-by-category chart in words, in the report\'s Chinese', async () => {
    const page = async (...extra: string[]) => {
      const html = join(work, `report${extra.join('')}.html`);
      vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        expect(await run(['--html', html, '--data-dir', data, '--database-url', '', ...extra], { ...PLAIN_CONTEXT, cacheDir: join(work, 'cache') })).toBe(0);
      } finally {
        vi.restoreAllMocks();
      }
      return readFileSync(html, 'utf8');
    };
    const en = loadReportWording('en').labels.guardCategory;
    for (const [lang, extra] of [['zh-Hans', []], ['zh-Hant', ['--lang', 'zh-Hant']]] as const) {
      const zh = loadReportWording(lang).labels.guardCategory;
      const labels = chartLabels(await page(...extra), 'blocks-by-category');
      // The fixtures block with deflection and impatience rules.
      expect(labels.sort(), lang).toEqual([`${en.deflection} · ${zh.deflection}`, `${en.impatience} · ${zh.impatience}`].sort());
    }
  }, 60_000);
});
