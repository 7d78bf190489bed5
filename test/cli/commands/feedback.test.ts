// `hearken feedback list` on SQLite and PostgreSQL: what the bot recorded as feedback, for supervisors,
// as text and as JSON, filtered by kind and time; --help, and exit code 2 for bad flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/commands/feedback.js';
import { PLAIN_CONTEXT, type CliContext } from '../../../src/cli/command.js';
import { FeedbackRecordSchema } from '../../../src/contracts/feedback.js';
import { createComplaintDesk } from '../../../src/desk/index.js';
import { harnesses } from '../../store/backends.js';
import { triageResult } from '../../bot/fixtures.js';
import { runCaptured } from '../captured-run.js';

const YESTERDAY = new Date(Date.now() - 86_400_000);
const LAST_MONTH = new Date(Date.now() - 40 * 86_400_000);

for (const backend of harnesses()) {
  describe.skipIf(backend.skip)(`hearken feedback on ${backend.name}`, () => {
    let context: CliContext;
    const cli = (...argv: string[]) => runCaptured(run, argv, context);

    beforeAll(async () => {
      const store = await backend.open();
      try {
        // Recorded the way the bot records them: through the desk.
        await createComplaintDesk(store, { clock: () => LAST_MONTH }).recordFeedback({
          kind: 'compliment', locale: 'en', text: 'The engineer was brilliant.', conversationId: 'conv-old',
        });
        await createComplaintDesk(store, { clock: () => YESTERDAY }).recordFeedback({
          kind: 'suggestion', locale: 'zh-Hant', text: '提個意見：希望你哋分店可以早啲開門。', conversationId: 'conv-hk', name: '陳太',
          contact: { kind: 'phone', value: '91234567' }, triage: triageResult({ lang: 'zh-Hant', kind: 'complaint', motive: { label: 'suggestion', confidence: 0.97 } }),
        });
      } finally {
        await store.close();
      }
      context = { ...PLAIN_CONTEXT, store: backend.name === 'postgres' ? { databaseUrl: process.env.DATABASE_URL!, schema: backend.schema! } : { dataDir: backend.dataDir! } };
    });
    afterAll(async () => { await backend.cleanup(); });

    it('--help says what it lists and its exit codes; no subcommand is a usage error', async () => {
      const help = await cli('--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain('--kind K');
      expect(help.out).toContain('Exit codes');
      expect((await cli('list', '--help')).code).toBe(0);
      expect((await cli()).code).toBe(2);
    });

    it('lists every feedback oldest first, with who said it, their words and triage\'s reading', async () => {
      const { code, out } = await cli('list');
      expect(code).toBe(0);
      expect(out.indexOf('The engineer was brilliant.')).toBeLessThan(out.indexOf('提個意見'));
      expect(out).toContain('陳太 91234567');
      expect(out).toContain('motive suggestion 97%');
      expect(out).toContain('(no name or contact)');
      expect(out).toContain('2 feedback: 1 suggestion, 1 compliment');
    });

    it('--kind and --since narrow it; --json gives the records', async () => {
      const suggestions = await cli('list', '--kind', 'suggestion', '--json');
      expect(suggestions.code).toBe(0);
      const records = FeedbackRecordSchema.array().parse(JSON.parse(suggestions.out));
      expect(records.map((r) => [r.kind, r.conversationId, r.customer])).toEqual([['suggestion', 'conv-hk', { name: '陳太', phone: '91234567' }]]);
      const recent = FeedbackRecordSchema.array().parse(JSON.parse((await cli('list', '--since', '7d', '--json')).out));
      expect(recent.map((r) => r.conversationId)).toEqual(['conv-hk']);
      expect((await cli('list', '--kind', 'compliment', '--since', '7d')).out).toContain('No feedback matches.');
    });

    it('refuses a kind, limit or period it does not know with exit code 2 and says what it takes', async () => {
      const kind = await cli('list', '--kind', 'complaint');
      expect(kind.code).toBe(2);
      expect(kind.err).toContain('--kind must be suggestion or compliment');
      expect((await cli('list', '--limit', '0')).code).toBe(2);
      expect((await cli('list', '--since', 'last tuesday')).err).toContain('--since');
      expect((await cli('show')).code).toBe(2);
    });
  });
}
