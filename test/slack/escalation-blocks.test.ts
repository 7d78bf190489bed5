// The escalation post tells the person who picks a complaint up why the customer complains (the
// motive) and how sure triage is of it, in words, in the complaint's language.
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/contracts/complaint.js';
import { escalationPost, motiveText } from '../../src/slack/escalation-blocks.js';
import { ESCALATION_WORDING } from '../../src/slack/escalation-wording.js';
import { triageResult } from '../bot/fixtures.js';
import { fresh } from '../complaints/fixtures.js';

const LOCALES: Locale[] = ['en', 'zh-Hans', 'zh-Hant'];
const postText = (post: ReturnType<typeof escalationPost>) => JSON.stringify(post.blocks);

describe.each(LOCALES)('the motive on the escalation post (%s)', (locale) => {
  const w = ESCALATION_WORDING[locale];

  it('names the motive in words with how sure triage is, and the percentage', () => {
    const record = { ...fresh({ locale }), triage: triageResult({ lang: locale, motive: { label: 'vent', confidence: 0.72 } }) };
    const shown = postText(escalationPost(record, 'escalation'));
    expect(shown).toContain(w.motive);
    expect(shown).toContain(w.motives.vent);
    expect(shown).toContain(w.sureness('likely', 72));
  });

  it('says how sure in four steps: almost certain, likely, possibly, a guess', () => {
    const said = [0.95, 0.6, 0.45, 0.2].map((confidence) => motiveText({ label: 'compensation', confidence }, locale));
    expect(said).toEqual([
      expect.stringContaining(w.sureness('sure', 95)), expect.stringContaining(w.sureness('likely', 60)),
      expect.stringContaining(w.sureness('possible', 45)), expect.stringContaining(w.sureness('guess', 20)),
    ]);
    expect(new Set(said).size).toBe(4);
    for (const text of said) expect(text.startsWith(w.motives.compensation)).toBe(true);
  });

  it('every motive has its own words, and a record triaged before motives existed shows none', () => {
    expect(new Set(Object.values(w.motives)).size).toBe(5);
    const old = { ...fresh({ locale }), triage: triageResult({ lang: locale }) };
    expect(postText(escalationPost(old, 'customer_request'))).not.toContain(w.motive);
  });
});
