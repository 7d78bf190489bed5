// `hearken triage [FILE|-] [--json] [--jsonl]`: triage one message, or a stream
// of {"id","text"} lines. A thin shell around loadTriage.
import { createInterface } from 'node:readline';
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, readInput, runCommand, UsageError, type CliContext } from '../command.js';

const HELP = `Usage: hearken triage [FILE|-] [--json]
       hearken triage --jsonl < messages.jsonl

Language, kind, intent, category, emotion, motive, escalation and entities of a
customer message.

  FILE|-     read the message from FILE, or standard input (default)
  --json     print the full result as JSON
  --jsonl    read {"id","text"} objects, one per line, from standard input and
             write one result per line: {"id", ...result}. A bad line gets
             {"id","error"} and the exit code becomes 2; the other lines go on.
  -h, --help show this help

Exit codes: 0 done, 2 usage or data error.`;

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('triage', argv, {
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 1) throw new UsageError('hearken triage: give at most one FILE (or - for standard input)');
    if (values.jsonl && positionals.length > 0 && positionals[0] !== '-') throw new UsageError('hearken triage: --jsonl reads standard input; drop the FILE argument');
    const { loadTriage } = await import('../../lexicon-files/triage-files.js');
    const { lexiconLayout, shippedLexiconsDir } = await import('../../lexicon-files/layout.js');
    const triage = loadTriage(lexiconLayout(cli.lexiconsDir ?? shippedLexiconsDir()).triage);
    if (values.jsonl) return triageLines(triage);

    let text: string;
    try {
      text = await readInput(positionals[0]);
    } catch (error) {
      console.error(`hearken triage: cannot read ${positionals[0]}: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const result = triage(text.replace(/\r?\n$/, ''));
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
      return EXIT.ok;
    }
    const conf = (x: number) => x.toFixed(2);
    console.log(`language  ${result.lang}`);
    console.log(`kind      ${result.kind.label} (${conf(result.kind.confidence)})`);
    console.log(`intent    ${result.intent.label} (${conf(result.intent.confidence)})  then ${result.intent.runnersUp.map((r) => `${r.label} ${conf(r.confidence)}`).join(', ')}`);
    console.log(`category  ${result.category.label} (${conf(result.category.confidence)})  then ${result.category.runnersUp.map((r) => `${r.label} ${conf(r.confidence)}`).join(', ')}`);
    console.log(`emotion   ${result.emotion.label} (intensity ${conf(result.emotion.intensity)})`);
    console.log(`motive    ${result.motive.label} (${conf(result.motive.confidence)})`);
    console.log(`escalate  ${result.escalate.value ? `yes: ${result.escalate.reasons.join(', ')}` : 'no'}`);
    console.log(`entities  ${result.entities.length === 0 ? '-' : result.entities.map((e) => `${e.type} "${e.value}"`).join(', ')}`);
    return EXIT.ok;
  });
}

async function triageLines(triage: (text: string) => unknown): Promise<number> {
  let code: number = EXIT.ok;
  let lineNumber = 0;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      console.error(`hearken triage: stdin:${lineNumber}: not JSON (${(error as Error).message}); expected {"id": ..., "text": "..."}`);
      process.stdout.write(`${JSON.stringify({ id: null, error: `line ${lineNumber}: not JSON` })}\n`);
      code = EXIT.usage;
      continue;
    }
    const record = parsed as { id?: unknown; text?: unknown };
    const id = record && typeof record === 'object' && 'id' in record ? record.id : null;
    if (!record || typeof record !== 'object' || typeof record.text !== 'string') {
      console.error(`hearken triage: stdin:${lineNumber}: needs a string "text" field; expected {"id": ..., "text": "..."}`);
      process.stdout.write(`${JSON.stringify({ id, error: `line ${lineNumber}: missing string field "text"` })}\n`);
      code = EXIT.usage;
      continue;
    }
    const result = triage(record.text) as object;
    process.stdout.write(`${JSON.stringify({ id, ...result })}\n`);
  }
  return code;
}
