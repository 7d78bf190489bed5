// The go-live gate lints the Hong Kong wording too (dialogs/wording/zh-Hant-HK.yaml's replacements
// applied to the Traditional wording): a phrase that only Hong Kong customers would read still
// stops the edit, named by wording key and by the Traditional line the message is made from.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAIN_CONTEXT } from '../../../src/cli/command.js';
import { runCaptured } from '../captured-run.js';
import { run } from '../../../src/cli/commands/lexicon.js';
import { readBotMessages, shippedLexiconsDir } from '../../../src/lexicon-files/index.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-check-hk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hearken lexicon check: the Hong Kong wording', () => {
  it('is among the bot messages the gate lints, where its words differ from the Traditional', () => {
    const messages = readBotMessages();
    const hongKong = messages.filter((m) => m.locale === 'zh-Hant-HK');
    expect(hongKong.length).toBeGreaterThan(0);
    // 信義門市 (Taipei) reads 旺角分店 in Hong Kong: the derived message, placed at its Traditional key.
    const shop = hongKong.filter((m) => m.text.includes('旺角分店'));
    expect(shop.length).toBeGreaterThan(0);
    for (const m of shop) {
      expect(m.file).toBe('dialogs/wording/zh-Hant.yaml');
      const traditional = messages.find((t) => t.locale === 'zh-Hant' && t.key === m.key)!;
      expect(traditional.text).toContain('信義門市');
      expect([m.line, m.column]).toEqual([traditional.line, traditional.column]);
    }
    // A message the replacements leave as it is is linted once, as Traditional.
    const keys = new Set(hongKong.map((m) => m.key));
    expect(keys.has('greeting.choose')).toBe(false);
  });

  it('fails an edit whose phrase only the Hong Kong wording carries, naming the key and zh-Hant-HK', async () => {
    const root = join(work, 'lexicons');
    cpSync(shippedLexiconsDir(), root, { recursive: true });
    const file = join(root, 'guard', 'zh.yaml');
    const rule = [
      '  - id: check.hong-kong-shop', '    severity: error', '    category: dismissal',
      '    message: {en: A phrase added by a supervisor., zh: 主管添加的短语。}', '    forbidden: ["拨打999"]',
      '    suggest: {en: ["Here is what I can do for you."], zh: [我来为您处理]}', '    tests: {flag: ["有事自己拨打999"], pass: ["您的退款已经在路上了。"]}', '',
    ].join('\n');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^rules:[ \t]*\n/m, (head) => head + rule));
    const { code, err } = await runCaptured(run, ['check', root], PLAIN_CONTEXT);
    expect(code).toBe(1);
    expect(err).toContain('[check.hong-kong-shop]');
    // Taiwan's emergency number is 119, Hong Kong's 999: only the Hong Kong safety message says 撥打999.
    expect(err).toMatch(/the bot's own message \S*safety \(zh-Hant-HK, dialogs\/wording\/zh-Hant\.yaml:\d+:\d+\)/);
    const hongKongOnly = readBotMessages().filter((m) => m.text.includes('撥打999'));
    expect(hongKongOnly.map((m) => m.locale)).toEqual(hongKongOnly.map(() => 'zh-Hant-HK'));
    expect(err).toContain(`would block ${hongKongOnly.length} bot message${hongKongOnly.length === 1 ? '' : 's'} and 0 polite replies`);
  }, 180_000);
});
