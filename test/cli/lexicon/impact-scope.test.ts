// `hearken lexicon impact` judges a draft no changed rule can touch once (or takes its recorded live
// verdict for both sides): the counts must be exactly those of judging every draft afresh with both
// lexicons (--full), on an edit that adds, re-grades, widens and merely rewords rules.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/commands/lexicon.js';
import { PLAIN_CONTEXT } from '../../../src/cli/command.js';
import { runCaptured } from '../captured-run.js';
import { judgeDraft } from '../../../src/desk/lexicon-impact.js';
import { editScope } from '../../../src/desk/lexicon-edit-scope.js';
import { draftLocale } from '../../../src/desk/draft-language.js';
import { defaultGuardLexiconDir, loadGuardWithSummary, readLexiconDir } from '../../../src/lexicon-files/index.js';
import { openSqliteStore, type GuardAuditInput } from '../../../src/store/index.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-impact-scope-'));
const data = join(work, 'data');
const edited = join(work, 'lexicons');
const storeArgs = ['--data-dir', data, '--database-url', ''];

const NEW_RULE = ['- id: check.over-broad-en', '  severity: error', '  category: dismissal', '  message:', '    en: Over-broad phrase.', '    zh: 过宽短语。',
  '  forbidden: ["your order"]', '  suggest:', '    en: ["Here is what I can do for you."]', '    zh: [我来为您处理]',
  '  tests:', '    flag: ["About your order: no."]', '    pass: ["Thank you for waiting."]'];

/** Replaces `from` once in a lexicon file of the edited copy, and fails loudly when the shipped file no longer has it. */
function edit(file: string, from: string | RegExp, to: string): void {
  const path = join(edited, 'guard', file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${file}: ${String(from)} not found`);
  writeFileSync(path, next);
}

/** The rule `id`'s text in a plainly laid-out rule file: from its `- id:` line to the next rule's. */
const ruleBlock = (id: string) => new RegExp(`  - id: ${id.replace(/\./g, '\\.')}\\n[\\s\\S]*?(?=  - id: |$)`);

// Drafts of one sentence are those at 0, 3, 6 and 9 (see below): one each that the edit newly passes, keeps blocked, passes, newly blocks.
const SENTENCES = [
  "That's not my problem, sorry.", 'Thank you for contacting us about your order.', 'Please calm down, sir.', 'You are an idiot.',
  'Your parcel left our warehouse on Monday.', 'I understand how frustrating the delay has been.', 'We will refund the delivery fee.',
  '您好，感谢您联系我们。', '这个不归我管。', '请提供订单号123456以便查询。', '我理解您的心情，快递延误确实给您带来了不便。', '喂，那个谁，你听着。',
];

beforeAll(async () => {
  cpSync(join(defaultGuardLexiconDir(), '..'), edited, { recursive: true });
  // Added: an over-broad rule. Re-graded: not-my-job to a warning. Reworded only: name-calling's message.
  // (Removing a rule would switch the learned layer off, which names nearly every rule: no scope then.)
  edit('en.yaml', 'rules:\n', `rules:\n${NEW_RULE.map((l) => `  ${l}\n`).join('')}`);
  edit('en.yaml', /(id: deflect\.not-my-job-en\n\s+severity:) error/, '$1 warning');
  edit('en.yaml', 'en: Insulting the customer or their intelligence.', 'en: Insulting the customer, or how clever they are.');
  // Widened with a regex: an order number asked for in Chinese.
  edit('zh.yaml', /(id: rudeness\.hey-you\n[\s\S]*?forbidden: \[)/, '$1{regex: "订单号[0-9]{6}"}, ');

  const live = loadGuardWithSummary(defaultGuardLexiconDir());
  const rows: GuardAuditInput[] = [];
  const now = Date.now();
  for (let i = 0; i < 240; i++) {
    const n = 1 + (i % 3);
    const parts = Array.from({ length: n }, (_, k) => SENTENCES[(i * 5 + k * 7) % SENTENCES.length]!);
    // Some drafts repeat word for word (judged once), one is long enough to be judged by both sides whatever it says.
    const text = i === 17 ? `${'We are looking into it for you. '.repeat(60)}Please calm down.` : i % 4 === 0 ? parts.join(' ') : `${parts.join(' ')} (#${i})`;
    const customerContext = i % 9 === 0 ? { message: 'I am furious, this is the third time!' } : undefined;
    const judged = judgeDraft(live.guard, { text, ...(customerContext ? { context: customerContext } : {}) });
    rows.push({
      draft: text, verdict: judged.blocked ? 'block' : judged.fired.length > 0 ? 'warn' : 'pass', ruleIds: [...judged.fired], suggestionApplied: false,
      by: `U${i % 5}`, channel: 'slack', locale: draftLocale(text),
      // Every fifth draft was judged by an older version: the live lexicons judge it again.
      lexiconVersion: i % 5 === 0 ? 'older0000000' : live.version,
      ...(customerContext ? { customerContext } : {}),
      at: new Date(now - (i + 1) * 60_000),
    });
  }
  const store = await openSqliteStore({ dataDir: data });
  await store.guardAudit.appendMany(rows);
  await store.close();
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Report {
  drafts: { audited: number; polite: number; liveReplayed: number };
  scope: { changedRules: string[] | null; untouched: number; why?: string };
  newlyBlocked: unknown; newlyPassed: unknown; rulesNeverFired: string[]; rulesAdded: string[]; rulesRemoved: string[];
}

async function impact(...argv: string[]): Promise<Report> {
  const { code, out, err } = await runCaptured(run, ['impact', edited, ...storeArgs, '--workers', '0', '--examples', '4', '--json', ...argv], { ...PLAIN_CONTEXT, cacheDir: join(work, 'cache') });
  expect(code, err).toBe(0);
  return JSON.parse(out) as Report;
}

const counted = (r: Report) => ({ newlyBlocked: r.newlyBlocked, newlyPassed: r.newlyPassed, rulesNeverFired: r.rulesNeverFired, rulesAdded: r.rulesAdded, rulesRemoved: r.rulesRemoved });

describe('hearken lexicon impact: the edit\'s scope', () => {
  it('counts exactly what judging every draft with both lexicons counts, judging untouched drafts once', async () => {
    const scoped = await impact();
    const full = await impact('--full');
    expect(scoped.scope.changedRules).toEqual(['check.over-broad-en', 'deflect.not-my-job-en', 'rudeness.hey-you']);
    expect(full.scope).toMatchObject({ changedRules: null, untouched: 0 });
    expect(counted(scoped)).toEqual(counted(full));
    // The edit did change things, both ways, so the comparison means something.
    const blocked = scoped.newlyBlocked as { total: number; byRule: { ruleId: string }[] };
    const passed = scoped.newlyPassed as { total: number; byRule: { ruleId: string }[] };
    expect(blocked.byRule.map((r) => r.ruleId).sort()).toEqual(['check.over-broad-en', 'rudeness.hey-you']);
    expect(passed.byRule.map((r) => r.ruleId)).toEqual(['deflect.not-my-job-en']);
    // Most drafts are untouched, and only drafts without a recorded live verdict are linted by the live lexicons.
    const total = scoped.drafts.audited + scoped.drafts.polite;
    expect(scoped.scope.untouched).toBeGreaterThan(total / 2);
    expect(scoped.scope.untouched).toBeLessThan(total);
    expect(scoped.drafts.liveReplayed).toBeLessThan(full.drafts.liveReplayed);
    expect(full.drafts.liveReplayed).toBe(total);
  }, 120_000);

  it('judges every draft with both lexicons when a shared file changed, and still counts the same', async () => {
    const approved = join(edited, 'guard', 'approved.yaml');
    const original = readFileSync(approved, 'utf8');
    writeFileSync(approved, `${original}\n# reviewed\n`);
    try {
      const scoped = await impact();
      expect(scoped.scope).toMatchObject({ changedRules: null, untouched: 0, why: 'approved.yaml differs' });
      expect(counted(scoped)).toEqual(counted(await impact('--full')));
    } finally {
      writeFileSync(approved, original);
    }
  }, 120_000);

  it('counts a rule that only moved among the others, or was removed, as changed, and a reworded one as unchanged', () => {
    const live = readLexiconDir(defaultGuardLexiconDir());
    const en = live.find((f) => f.path.endsWith('en.yaml'))!;
    const block = ruleBlock('deflect.not-my-job-en').exec(en.text)![0];
    const moved = en.text.replace(block, '') + block.replace(/\n*$/, '\n');
    const reworded = en.text.replace('en: Insulting the customer or their intelligence.', 'en: Insulting the customer.');
    const scopeOf = (text: string) => editScope(live, live.map((f) => (f === en ? { ...f, text } : f)), { learnedAlike: true });
    expect(scopeOf(moved)).toMatchObject({ scope: { changedRules: ['deflect.not-my-job-en'] } });
    expect(scopeOf(reworded)).toMatchObject({ scope: { changedRules: [], probe: null } });
    expect(scopeOf(en.text.replace(ruleBlock('impatience.calm-down'), ''))).toMatchObject({ scope: { changedRules: ['impatience.calm-down'] } });
    // A file laid out otherwise is read whole, with the same answer.
    const flow = moved.replace('  - id: deflect.not-my-job-en\n    severity: error', '  - severity: error\n    id: deflect.not-my-job-en');
    expect(scopeOf(flow)).toMatchObject({ scope: { changedRules: ['deflect.not-my-job-en'] } });
    expect(editScope(live, live, { learnedAlike: false })).toMatchObject({ scope: null });
  });
});
