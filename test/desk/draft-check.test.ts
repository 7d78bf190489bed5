import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guard } from '../../src/guard/index.js';
import { createDraftCheck, DraftCheckInputError, EMPATHY_OPENERS, type DraftCheckService } from '../../src/desk/index.js';
import { loadGuardWithSummary } from '../../src/lexicon-files/index.js';
import { GuardAuditNotFoundError, type Store } from '../../src/store/index.js';
import { harnesses } from '../store/backends.js';

// The shipped lexicons, loaded once for every backend (compiling them takes seconds).
const loaded = loadGuardWithSummary();
const lexicons = { current: (): Guard => loaded.guard, version: () => loaded.version };
const AT = new Date('2026-03-02T09:00:00Z');
const ANGRY = { emotion: { label: 'anger' as const, intensity: 0.85 } };
const slack = (by: string) => ({ by, channel: 'slack' as const, team: 'T0TEAM' });

const RUDE = [
  { locale: 'en', draft: "That's not my problem, you should have read the manual.", rules: ['deflect.not-my-job-en', 'blame.customer-fault-en'], words: ['not my problem', 'should have read the manual'] },
  { locale: 'zh-Hans', draft: '这不归我管，你问我我问谁', rules: ['deflect.not-my-remit', 'deflect.ask-who'], words: ['不归我管', '你问我我问谁'] },
  { locale: 'zh-Hant', draft: '這不歸我管，你問我我問誰', rules: ['deflect.not-my-remit', 'deflect.ask-who'], words: ['不歸我管', '你問我我問誰'] },
] as const;

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`draft check on ${harness.name}`, () => {
    let store: Store;
    let desk: DraftCheckService;
    beforeAll(async () => {
      store = await harness.open();
      desk = createDraftCheck({ lexicons, audit: store.guardAudit, now: () => AT });
    });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    for (const { locale, draft, rules, words } of RUDE) {
      it(`blocks a rude ${locale} draft and writes who, where, what and which lexicons to the audit`, async () => {
        const out = await desk.checkDraft({ draft, ...slack('U0AGENT'), complaintId: 'C-20260302-0001' });
        expect(out.result.verdict).toBe('block');
        expect(out.locale).toBe(locale);
        expect(out.result.findings.map((f) => f.ruleId)).toEqual(rules);
        expect(await store.guardAudit.get(out.auditId)).toEqual({
          id: out.auditId, at: AT.toISOString(), by: 'U0AGENT', draft, verdict: 'block', ruleIds: [...rules], suggestionApplied: false,
          channel: 'slack', team: 'T0TEAM', lexiconVersion: loaded.version, locale, complaintId: 'C-20260302-0001',
        });
      });

      it(`fixes every ${locale} finding for an angry customer until the draft passes, as a revision that keeps the customer context`, async () => {
        const first = await desk.checkDraft({ draft, ...slack('U0AGENT'), customerTriage: ANGRY, complaintId: 'C-20260302-0002' });
        expect(first.result.findings.map((f) => f.category)).toContain('empathy');
        const fixed = await desk.fixAll({ auditId: first.auditId, ...slack('U0AGENT') });
        expect(fixed.result.verdict).toBe('pass');
        expect(fixed.applied).toBeGreaterThanOrEqual(2);
        expect(fixed.locale).toBe(locale);
        for (const word of words) expect(fixed.draft).not.toContain(word);
        // An opener in the draft's own language answers the angry customer.
        expect(EMPATHY_OPENERS[locale].some((o) => fixed.draft.startsWith(o))).toBe(true);
        expect(await store.guardAudit.get(fixed.auditId)).toMatchObject({
          draft: fixed.draft, verdict: 'pass', suggestionApplied: true, revisionOf: first.auditId, complaintId: 'C-20260302-0002',
          customerContext: { emotion: ANGRY.emotion },
        });
      });
    }

    it('warns when a reply to an angry customer has no acknowledgement, with an opener as the fix; the same reply to a calm customer passes', async () => {
      const reply = 'Your order will arrive on Tuesday.';
      expect((await desk.checkDraft({ draft: reply, ...slack('U0AGENT') })).result.verdict).toBe('pass');
      expect((await desk.checkDraft({ draft: reply, ...slack('U0AGENT'), customerTriage: { emotion: { label: 'neutral', intensity: 0.9 } } })).result.verdict).toBe('pass');
      const angry = await desk.checkDraft({ draft: reply, ...slack('U0AGENT'), customerTriage: ANGRY });
      expect(angry.result.verdict).toBe('warn');
      const [empathy] = angry.result.findings;
      expect(empathy).toMatchObject({ category: 'empathy', severity: 'warning', suggestions: [...EMPATHY_OPENERS.en], fix: { range: [0, 0], text: `${EMPATHY_OPENERS.en[0]} ` } });
      // Without triage, the customer's own words show the anger.
      const byWords = await desk.checkDraft({ draft: reply, ...slack('U0AGENT'), customerMessage: 'This is the third time I write, I am FURIOUS!' });
      expect(byWords.result.verdict).toBe('warn');

      const applied = await desk.applyEdit({ auditId: angry.auditId, edit: empathy!.fix!, ...slack('U0AGENT') });
      expect(applied.draft).toBe(`${EMPATHY_OPENERS.en[0]} ${reply}`);
      expect(applied.result.verdict).toBe('pass');
      expect(await store.guardAudit.get(applied.auditId)).toMatchObject({ suggestionApplied: true, revisionOf: angry.auditId, customerContext: { emotion: ANGRY.emotion } });
    });

    it('offers openers that each satisfy the context check in their language', async () => {
      const plain = { en: 'Your refund is on its way.', 'zh-Hans': '退款已经在处理中', 'zh-Hant': '退款已經在處理中' } as const;
      for (const locale of ['en', 'zh-Hans', 'zh-Hant'] as const) {
        const first = await desk.checkDraft({ draft: plain[locale], ...slack('U0AGENT'), customerTriage: ANGRY });
        expect(first.result.verdict, locale).toBe('warn');
        expect(first.result.findings[0]!.suggestions).toEqual([...EMPATHY_OPENERS[locale]]);
        for (const opener of EMPATHY_OPENERS[locale]) {
          const joined = locale === 'en' ? `${opener} ${plain[locale]}` : `${opener}${plain[locale]}`;
          const again = await desk.checkRevision({ auditId: first.auditId, draft: joined, ...slack('U0AGENT') });
          expect(again.result.verdict, joined).toBe('pass');
        }
      }
    });

    it("records an agent's disagreement against a rule the check reported, and refuses one it did not", async () => {
      const out = await desk.checkDraft({ draft: '这不归我管，你问我我问谁', ...slack('U0AGENT') });
      await expect(desk.recordDisagreement({ auditId: out.auditId, ruleId: 'insult.old-man', reason: 'no', by: 'U0AGENT' })).rejects.toThrow(/did not report rule insult\.old-man; it reported deflect\.not-my-remit, deflect\.ask-who/);
      await expect(desk.recordDisagreement({ auditId: out.auditId, ruleId: 'deflect.ask-who', reason: '   ', by: 'U0AGENT' })).rejects.toThrow(DraftCheckInputError);
      await expect(desk.recordDisagreement({ auditId: 987_654, ruleId: 'deflect.ask-who', reason: 'x', by: 'U0AGENT' })).rejects.toThrow(GuardAuditNotFoundError);
      const entry = await desk.recordDisagreement({ auditId: out.auditId, ruleId: 'deflect.ask-who', reason: ' I was quoting the customer ', by: 'U0AGENT' });
      expect(entry.feedback).toEqual([{ ruleId: 'deflect.ask-who', reason: 'I was quoting the customer', by: 'U0AGENT', at: AT.toISOString() }]);
    });

    it('refuses an empty or oversized draft and an edit that does not fit, storing nothing', async () => {
      const before = (await store.guardAudit.list()).length;
      await expect(desk.checkDraft({ draft: '  \n ', ...slack('U0AGENT') })).rejects.toThrow(/the draft is empty/);
      await expect(desk.checkDraft({ draft: 'x'.repeat(12_001), ...slack('U0AGENT') })).rejects.toThrow(/12001 characters; the check takes at most 12000/);
      const out = await desk.checkDraft({ draft: 'Short.', ...slack('U0AGENT') });
      await expect(desk.applyEdit({ auditId: out.auditId, edit: { range: [2, 99], text: 'x' }, ...slack('U0AGENT') })).rejects.toThrow(DraftCheckInputError);
      await expect(desk.fixAll({ auditId: -3, ...slack('U0AGENT') })).rejects.toThrow(/not a check id/);
      expect((await store.guardAudit.list()).length).toBe(before + 1);
    });

    it('names the lexicons in use at the moment of each check', async () => {
      let version = 'aaaaaaaaaaaa';
      const switching = createDraftCheck({ lexicons: { current: () => loaded.guard, version: () => version }, audit: store.guardAudit });
      const a = await switching.checkDraft({ draft: 'Thanks for waiting.', ...slack('U0AGENT') });
      version = 'bbbbbbbbbbbb';
      const b = await switching.checkRevision({ auditId: a.auditId, draft: 'Thanks for waiting!', ...slack('U0AGENT') });
      expect([(await store.guardAudit.get(a.auditId))!.lexiconVersion, (await store.guardAudit.get(b.auditId))!.lexiconVersion]).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
    });
  });
}
