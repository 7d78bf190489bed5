// `hearken lint --jsonl`: JSON Lines in, JSON Lines out, streamed. Each input
// line is {"id", "text", "customer"?, "customerEmotion"?} (other fields are ignored); each output
// line is {"id", "verdict", "findings"} (plus "output", the draft after its
// fixes, with --fix-dry-run). A bad line gets {"id", "line", "error"} naming the
// real file and line, and the run goes on. Output is written in chunks of about
// 32 KB: one write per line would cost more than linting the line, and joining
// chunks past 64 KB cost V8 about 40 µs a line more (a cliff between 48 and 64 KB,
// measured on Node 20 with 2.6 KB result lines), nearly as much as the lint itself.
import type { EmotionLabel, Guard, LintContext } from '../../guard/guard.js';
import { lintText } from './lint-text.js';

const EMOTIONS: readonly EmotionLabel[] = ['anger', 'frustration', 'anxiety', 'neutral'];
const FLUSH_AT = 1 << 15;

export interface BatchOptions {
  /** Names the input in errors: the file path, or <stdin>. */
  label: string;
  fixDryRun: boolean;
  /** Context for lines without their own `customer` or `customerEmotion`. */
  context?: LintContext;
}

export interface BatchSink {
  out(chunk: string): void;
  error(message: string): void;
  /** Input characters consumed so far (for a progress bar). */
  progress?(consumed: number): void;
}

export interface BatchSummary { lines: number; blocked: number; bad: number }

class LineError extends Error {}

function parseLine(raw: string): { id: unknown; text: string; context?: LintContext } {
  let value: unknown;
  try { value = JSON.parse(raw); } catch (error) {
    throw new LineError(`not valid JSON (${(error as Error).message}); expected {"id": ..., "text": "..."}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LineError('expected a JSON object {"id": ..., "text": "..."}');
  const { id, text, customer, customerEmotion } = value as Record<string, unknown>;
  if (typeof text !== 'string') throw new LineError('"text" must be a string');
  if (customer !== undefined && customer !== null && typeof customer !== 'string') throw new LineError('"customer" must be the customer\'s message as a string when given');
  let emotion: LintContext['customerEmotion'];
  if (customerEmotion !== undefined && customerEmotion !== null) {
    const { label, intensity } = customerEmotion as Record<string, unknown>;
    if (typeof customerEmotion !== 'object' || !EMOTIONS.includes(label as EmotionLabel) || typeof intensity !== 'number' || !(intensity >= 0 && intensity <= 1)) {
      throw new LineError(`"customerEmotion" must be {"label": ${EMOTIONS.map((e) => `"${e}"`).join('|')}, "intensity": 0..1} (as hearken triage writes it)`);
    }
    emotion = { label: label as EmotionLabel, intensity };
  }
  const context: LintContext | undefined = typeof customer === 'string' || emotion
    ? { ...(typeof customer === 'string' ? { customerText: customer } : {}), ...(emotion ? { customerEmotion: emotion } : {}) }
    : undefined;
  return { id: id ?? null, text, ...(context ? { context } : {}) };
}

export async function lintBatch(guard: Guard, input: AsyncIterable<string>, options: BatchOptions, sink: BatchSink): Promise<BatchSummary> {
  const summary: BatchSummary = { lines: 0, blocked: 0, bad: 0 };
  let pending = '';
  let lineNo = 0;
  let consumed = 0;
  let out: string[] = [];
  let outSize = 0;
  const emit = (line: string) => {
    out.push(line);
    outSize += line.length;
    if (outSize >= FLUSH_AT) { sink.out(out.join('')); out = []; outSize = 0; }
  };
  const handle = (raw: string) => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    summary.lines++;
    let item;
    try { item = parseLine(line); } catch (error) {
      if (!(error instanceof LineError)) throw error;
      summary.bad++;
      const message = `${options.label}:${lineNo}: ${error.message}`;
      sink.error(message);
      let id: unknown = null;
      try { id = (JSON.parse(line) as { id?: unknown }).id ?? null; } catch { /* not JSON at all */ }
      emit(`${JSON.stringify({ id, line: lineNo, error: message })}\n`);
      return;
    }
    const result = lintText(guard, item.text, { syntax: null, fix: options.fixDryRun, ...(item.context ?? options.context ? { context: item.context ?? options.context } : {}) });
    if (result.verdict === 'block') summary.blocked++;
    emit(`${JSON.stringify({ id: item.id, verdict: result.verdict, findings: result.findings, ...(options.fixDryRun ? { output: result.text } : {}) })}\n`);
  };
  for await (const chunk of input) {
    consumed += chunk.length;
    let from = 0;
    let text = pending + chunk;
    for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
      handle(text.slice(from, nl));
      from = nl + 1;
    }
    pending = text.slice(from);
    text = '';
    // Flush per input chunk too, so a slow producer's results are not held back.
    if (outSize > 0) { sink.out(out.join('')); out = []; outSize = 0; }
    sink.progress?.(consumed);
  }
  if (pending !== '') handle(pending);
  if (outSize > 0) sink.out(out.join(''));
  return summary;
}
