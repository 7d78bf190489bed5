import { describe, expect, it } from 'vitest';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';
import { defaultDialogsDir } from '../../src/bot/index.js';
import { loadWording, wordingStrings, withSampleValues, LOCALES } from '../../src/bot/wording.js';
import { LodgeDialog } from '../../src/bot/dialogs/lodge.js';
import { channelLocale, data, harness, scriptedTriage, triageResult, words } from './fixtures.js';
import { SCRIPTS } from './scripts.js';


describe('every line of dialog wording passes the shipped phrasing guard', () => {
  const guard = loadGuardFromDir();
  const needed = Object.keys(data.flows.facts);
  const { files } = loadWording(defaultDialogsDir(), needed);

  it('the guard is the real one: it blocks a forbidden phrase in each language', () => {
    expect(guard.lint('Calm down, sweetie.').verdict).toBe('block');
    expect(guard.lint('这不归我们管，你找别人吧。').verdict).toBe('block');
    expect(guard.lint('這不歸我們管，你找別人吧。').verdict).toBe('block');
  });

  it.each(LOCALES)('dialogs/wording/%s.yaml has no blocked line', (locale) => {
    const located = files[locale];
    const blocked: string[] = [];
    const strings = wordingStrings(located.data);
    for (const { path, text } of strings) {
      // Placeholders filled with sample values, so each message is linted as a customer would read it.
      const filled = withSampleValues(text);
      const result = guard.lint(filled);
      if (result.verdict === 'block') {
        const where = located.locate(path);
        blocked.push(`${located.file}:${where.line}:${where.column} ${path.join('.')}: "${filled}" → ${result.findings.map((f) => `${f.ruleId} ("${f.actual}")`).join(', ')}`);
      }
    }
    expect(strings.length).toBeGreaterThan(100);
    expect(blocked, blocked.join('\n')).toEqual([]);
  });
});

describe('the empathy the bot shows is what the guard counts as acknowledging feelings', () => {
  const guard = loadGuardFromDir();
  const cases = LOCALES.flatMap((locale) => (['anger', 'frustration', 'anxiety'] as const).flatMap((label) =>
    ([0.2, 0.5, 0.9] as const).map((intensity) => ({ locale, label, intensity }))));

  it.each(cases)('$locale, $label at $intensity', async ({ locale, label, intensity }) => {
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ emotion: { label, intensity } })), locale: channelLocale(locale) });
    await h.say(words(locale).menu.lodge.label);
    await h.say(SCRIPTS[locale].story[0]);
    const [empathy] = await h.texts(SCRIPTS[locale].done);
    const result = guard.lint(empathy!, { customerEmotion: { label, intensity: 0.9 } });
    expect(result.findings.map((f) => f.ruleId)).not.toContain('context.acknowledge-feelings');
    expect(result.verdict).toBe('pass');
  });
});
