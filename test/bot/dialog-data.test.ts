import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/contracts/data-file.js';
import { defaultDialogsDir, loadDialogData } from '../../src/bot/index.js';

const dirs: string[] = [];
function copyOfDialogs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hearken-dialogs-'));
  cpSync(defaultDialogsDir(), dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`test setup: "${from}" not in ${file}`);
  writeFileSync(file, text.replace(from, () => to));
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function errorOf(fn: () => unknown): DataFileError {
  try { fn(); } catch (error) { if (error instanceof DataFileError) return error; throw error; }
  throw new Error('expected a DataFileError');
}

describe('dialog data files are validated with file:line:col errors', () => {
  it('the shipped files load', () => {
    const data = loadDialogData();
    expect(data.flows.resolutions).toContain('refund');
    expect(data.wording['zh-Hant'].greeting.intro).toMatch(/您好/);
  });

  it('a wrong type points at its line', () => {
    const dir = copyOfDialogs();
    edit(join(dir, 'flows.yaml'), 'pauseMs: 20000', 'pauseMs: soon');
    const error = errorOf(() => loadDialogData(dir));
    const line = readFileSync(join(dir, 'flows.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('pauseMs: soon')) + 1;
    expect(error.message).toMatch(new RegExp(`flows\\.yaml:${line}:\\d+: .*listen\\.pauseMs`));
  });

  it('a fact without a rule, and a missing translation, are named with where to fix them', () => {
    const dir = copyOfDialogs();
    edit(join(dir, 'flows.yaml'), 'billing: [bill_period]', 'billing: [bill_period, meter_reading]');
    expect(errorOf(() => loadDialogData(dir)).message).toMatch(/flows\.yaml:\d+:\d+: fact "meter_reading" has no rule under facts:/);
  });

  it('a placeholder that differs from English is caught', () => {
    const dir = copyOfDialogs();
    edit(join(dir, 'wording', 'zh-Hant.yaml'), '案件編號是 {id}', '案件編號是 {complaint}');
    expect(errorOf(() => loadDialogData(dir)).message).toMatch(/zh-Hant\.yaml:\d+:\d+: record\.done uses placeholders \{complaint,date,owner\} but en\.yaml uses \{date,id,owner\}/);
  });

  it('a missing key and a YAML syntax error are both reported per file', () => {
    const dir = copyOfDialogs();
    edit(join(dir, 'wording', 'en.yaml'), '  askAgain:', '  askAgainX:');
    edit(join(dir, 'wording', 'zh-Hans.yaml'), 'greeting:\n', 'greeting:\n  - [unclosed\n');
    const error = errorOf(() => loadDialogData(dir));
    expect(error.problems.some((p) => p.file.endsWith('en.yaml') && /listen\.askAgain/.test(p.message))).toBe(true);
    expect(error.problems.some((p) => p.file.endsWith('zh-Hans.yaml') && p.line >= 4)).toBe(true);
  });
});

describe('flows.yaml carries examples that must hold for it to load', () => {
  it('a pattern that refuses one of its valid examples does not load', () => {
    const dir = copyOfDialogs();
    edit(join(dir, 'flows.yaml'), "orderNumberPattern: '^[A-Za-z]{1,4}-?\\d{6,14}$|^\\d{8,16}$'", "orderNumberPattern: '^\\d{8,16}$'");
    expect(errorOf(() => loadDialogData(dir)).message).toMatch(/flows\.yaml:\d+:\d+: orderNumberPattern refuses the valid example "HK12345678"/);
  });

  it('a done signal that swallows story does not load', () => {
    const dir = copyOfDialogs();
    edit(join(dir, 'flows.yaml'), '"nothing else",', '"nothing else", "finished", "ever finished",');
    edit(join(dir, 'flows.yaml'), '"the repair was never finished"', '"was the repair ever finished"');
    expect(errorOf(() => loadDialogData(dir)).message).toMatch(/"was the repair ever finished" is story but a done signal ends it/);
  });
});
