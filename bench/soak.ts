/**
 * Memory soak: `npm run soak -- --customers 50 --minutes 3`.
 *
 * Starts the real server (`node dist/src/server/main.js`, as `npm start` does) as a child
 * process on loopback with a fresh data dir, then plays N customers over Direct Line for D
 * minutes. Each customer does what Web Chat does (token, start, WebSocket stream) and lodges a
 * complaint through the whole flow (menu, story, facts, read-back, resolution), answering
 * whatever the bot asks from the wording files; then it leaves that chat and opens a new one,
 * until the time is up. Each customer comes from its own loopback address (127.0.1.k), as
 * real customers would, so the per-address creation limit applies as shipped.
 *
 * It samples the server's RSS from /proc/PID/status every second and prints RSS at the end of
 * the warm-up and at the end, and the growth in between. With --gc the child runs with
 * --trace-gc and the live heap after the latest full (mark-compact) GC is printed too.
 * The child's NODE_OPTIONS are passed through, and --node-flag puts a flag on its command line
 * (for the V8 flags NODE_OPTIONS refuses), so heap settings can be tried without a change:
 * `NODE_OPTIONS=--max-old-space-size=512 npm run soak`, `npm run soak -- --node-flag --heap-growing-percent=40`.
 * --server-log FILE keeps what the server printed (with --gc, its whole GC trace).
 *
 * Only loopback traffic; bounded by the customer count and the minutes given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { loadDialogData } from '../src/bot/index.js';
import { percentile } from './measure.js';

interface SoakOptions {
  customers: number;
  minutes: number;
  /** Seconds before the reference RSS is taken (start-up, JIT, the heap finding its working size); default a minute, or a third of a shorter run. */
  warmupSeconds: number;
  /** Average pause between a reply and the customer's next message (jittered ±50 %). */
  thinkMs: number;
  port: number;
  traceGc: boolean;
  /** File that gets everything the server prints (with --gc, its GC trace too). */
  serverLog: string | undefined;
  /** Extra flags on the server's node command line (V8 flags NODE_OPTIONS refuses). */
  nodeFlags: string[];
}

function parseArgs(argv: string[]): SoakOptions {
  const options: SoakOptions = { customers: 50, minutes: 3, warmupSeconds: -1, thinkMs: 1000, port: 0, traceGc: false, serverLog: undefined, nodeFlags: [] };
  const numeric: Record<string, keyof SoakOptions> = {
    '--customers': 'customers', '--minutes': 'minutes', '--warmup-s': 'warmupSeconds', '--think-ms': 'thinkMs', '--port': 'port',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--gc') {
      options.traceGc = true;
      continue;
    }
    if (flag === '--server-log' && argv[i + 1]) {
      options.serverLog = argv[++i];
      continue;
    }
    if (flag === '--node-flag' && argv[i + 1]?.startsWith('--')) {
      options.nodeFlags.push(argv[++i]!);
      continue;
    }
    const key = numeric[flag];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isFinite(value) || value < 0) {
      throw new Error(`unknown flag or bad value: ${flag} ${argv[i + 1] ?? ''}; flags: --customers N --minutes D --warmup-s S --think-ms MS --port P --gc --server-log FILE --node-flag --v8-flag=value`);
    }
    (options[key] as number) = value;
    i++;
  }
  // Bounded on purpose: this is a loopback soak, not a load generator.
  if (options.customers < 1 || options.customers > 250) throw new Error('--customers must be 1..250 (one loopback address each)');
  if (options.minutes <= 0 || options.minutes > 60) throw new Error('--minutes must be more than 0 and at most 60');
  if (options.warmupSeconds < 0) options.warmupSeconds = Math.min(60, (options.minutes * 60) / 3);
  if (options.warmupSeconds >= options.minutes * 60) throw new Error('--warmup-s must be shorter than the run');
  return options;
}

const here = dirname(fileURLToPath(import.meta.url));
const checkout = resolve(here, '..', '..');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the server child

class ServerChild {
  log = '';
  /** Live heap (MB) after the latest mark-compact GC, from --trace-gc. */
  heapAfterFullGcMb: number | undefined;
  fullGcs = 0;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly child: ChildProcess;

  constructor(port: number, dataDir: string, nodeFlags: string[], logFile: string | undefined) {
    const logStream = logFile ? createWriteStream(logFile) : undefined;
    this.child = spawn(process.execPath, [...nodeFlags, join(checkout, 'dist/src/server/main.js')], {
      cwd: checkout,
      env: {
        ...process.env,
        PORT: String(port),
        HEARKEN_DATA_DIR: dataDir,
        HEARKEN_DIRECTLINE_SECRET: randomBytes(48).toString('base64'),
        DATABASE_URL: '',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    const read = (chunk: Buffer) => {
      logStream?.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) this.readLine(line);
    };
    this.child.stdout!.on('data', read);
    this.child.stderr!.on('data', read);
    this.child.once('exit', (code, signal) => {
      this.exited = { code, signal };
      logStream?.end();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  private readLine(line: string): void {
    // e.g. "[123:0x…]   4567 ms: Mark-Compact 140.2 (160.1) -> 120.3 (158.0) MB, …"
    const gc = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/.exec(line);
    if (gc) {
      this.heapAfterFullGcMb = Number(gc[1]);
      this.fullGcs++;
      return;
    }
    if (/ ms: (Scavenge|Minor|Mark-Compact|Mark-sweep)/.test(line)) return;
    this.log = (this.log + line + '\n').slice(-100_000);
  }

  async listening(): Promise<string> {
    const until = Date.now() + 60_000;
    for (;;) {
      const url = /Hearken web chat: (http:\/\/127\.0\.0\.1:\d+)\//.exec(this.log)?.[1];
      if (url) return url;
      if (!this.running) throw new Error(`the server exited before listening:\n${this.log.slice(-1500)}`);
      if (Date.now() > until) throw new Error(`the server did not listen within 60 s:\n${this.log.slice(-1500)}`);
      await sleep(100);
    }
  }

  rssMiB(): number | undefined {
    return this.status().VmRSS;
  }

  /** RSS split into anonymous memory (heaps), file pages (code, mapped files) and shared memory (SQLite's WAL index). */
  rssParts(): string {
    const status = this.status();
    return ['RssAnon', 'RssFile', 'RssShmem'].map((k) => `${k.slice(3).toLowerCase()} ${fmt(status[k])}`).join(', ');
  }

  /** The kB fields of /proc/PID/status, in MiB. */
  private status(): Record<string, number> {
    try {
      const fields: Record<string, number> = {};
      for (const [, key, kb] of readFileSync(`/proc/${this.pid}/status`, 'utf8').matchAll(/^(\w+):\s+(\d+) kB$/gm)) fields[key!] = Number(kb) / 1024;
      return fields;
    } catch {
      return {};
    }
  }

  /** SIGTERM as an operator would; SIGKILL after 15 s. */
  async stop(): Promise<string> {
    if (!this.running) return `already exited (${this.exited!.code ?? this.exited!.signal})`;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const started = Date.now();
    if (await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])) {
      return `exit ${this.exited!.code ?? this.exited!.signal} after SIGTERM in ${Date.now() - started} ms`;
    }
    this.child.kill('SIGKILL');
    return 'killed: SIGTERM did not stop it within 15 s';
  }
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = net.createServer();
    probe.once('error', rej);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => res(port));
    });
  });
}

// ---------------------------------------------------------------- the customers

const wording = loadDialogData().wording.en;
const STORY: [string, string] = ['My parcel never arrived.', 'I have waited a whole week and nobody called me back.'];
const DONE = "that's all";
const FACTS: Record<string, string> = {
  affected: 'my headphones',
  when: 'last Monday',
  order_number: 'HK12345678',
  delivery_address: '12 Long Street, Springfield',
  bill_period: 'October 2026',
  promise: 'A call back within one day, from the shop manager',
  product: 'dishwasher DW-300',
  where: 'the Central branch',
  contact: 'me@example.com',
};

type Move = { kind: 'say'; text: string } | { kind: 'story' } | { kind: 'recorded'; id: string } | { kind: 'unknown'; prompt: string };

/** The customer's next move from the bot's latest messages (oldest first). */
function nextMove(texts: string[]): Move {
  for (const t of texts) {
    const id = /C-\d{8}-\d{4,}/.exec(t)?.[0];
    if (id) return { kind: 'recorded', id };
  }
  for (let i = texts.length - 1; i >= 0; i--) {
    const t = texts[i]!.trim();
    if (t === wording.closing.done.trim()) continue;
    if (t === wording.readback.intro) return { kind: 'say', text: wording.readback.confirm.label };
    if (t === wording.resolution.ask) return { kind: 'say', text: wording.resolution.choices.refund.label };
    if (t === wording.greeting.choose || t === wording.menu.unclear || t === wording.help.general) return { kind: 'say', text: wording.menu.lodge.label };
    if (t === wording.listen.ask || t === wording.listen.askAgain || t === wording.help.listening) return { kind: 'story' };
    for (const [key, fact] of Object.entries(wording.facts)) {
      if (t === fact?.ask || t === fact?.retry) return FACTS[key] ? { kind: 'say', text: FACTS[key] } : { kind: 'unknown', prompt: t };
    }
  }
  return { kind: 'unknown', prompt: texts.at(-1) ?? '(no bot message)' };
}

interface Tally {
  turns: number;
  latenciesMs: number[];
  conversations: number;
  complaints: number;
  refusedCreations: number;
  failures: string[];
}

class HttpFailure extends Error {
  constructor(readonly status: number, readonly retryAfterS: number, message: string) {
    super(message);
  }
}

/** One person at one loopback address; chats one after another until `stopAt`. */
class Customer {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  private token = '';
  private conversationId = '';
  private watermark = '';

  constructor(private readonly base: URL, private readonly address: string, private readonly tally: Tally, private readonly thinkMs: number) {}

  async run(stopAt: number): Promise<void> {
    // Customers arrive over the first seconds, not all in the same millisecond.
    await sleep(Math.random() * 5000);
    while (Date.now() < stopAt) {
      try {
        await this.lodgeOne(stopAt);
      } catch (error) {
        if (error instanceof HttpFailure && (error.status === 429 || error.status === 503)) {
          this.tally.refusedCreations++;
          await sleep(error.retryAfterS * 1000);
        } else {
          this.tally.failures.push((error as Error).message.slice(0, 200));
          await sleep(1000);
        }
      }
    }
    this.agent.destroy();
  }

  private async lodgeOne(stopAt: number): Promise<void> {
    const issued = await this.request<{ conversationId: string; token: string }>('POST', '/v3/directline/tokens/generate', { locale: 'en-US' });
    this.tally.conversations++;
    this.conversationId = issued.conversationId;
    this.token = issued.token;
    this.watermark = '';
    const started = await this.request<{ streamUrl: string }>('POST', '/v3/directline/conversations', { locale: 'en-US' });
    // Web Chat keeps a stream open for the whole chat; the replies are read by polling, so a
    // turn's replies are known to be complete when its POST has been answered.
    const socket = new WebSocket(started.streamUrl, { localAddress: this.address });
    socket.on('message', () => {});
    socket.on('error', () => {});
    try {
      await new Promise<void>((res, rej) => {
        socket.once('open', () => res());
        socket.once('error', rej);
      });
      let texts: string[] = [];
      for (let waited = 0; !texts.some((t) => t === wording.greeting.choose); waited++) {
        if (waited > 200) throw new Error('no greeting within 10 s');
        await sleep(50);
        texts.push(...(await this.poll()));
      }
      for (let moves = 0; moves < 40 && Date.now() < stopAt; moves++) {
        const move = nextMove(texts);
        if (move.kind === 'recorded') {
          this.tally.complaints++;
          return;
        }
        if (move.kind === 'unknown') throw new Error(`the customer cannot answer ${JSON.stringify(move.prompt.slice(0, 80))}`);
        await this.think();
        if (move.kind === 'story') {
          await this.say(STORY[0]);
          await this.think();
          await this.say(STORY[1]);
          await this.think();
          texts = await this.say(DONE);
        } else {
          texts = await this.say(move.text);
        }
      }
    } finally {
      socket.close();
    }
  }

  private think(): Promise<void> {
    return sleep(this.thinkMs * (0.5 + Math.random()));
  }

  private async say(text: string): Promise<string[]> {
    const started = performance.now();
    await this.request<unknown>('POST', `/v3/directline/conversations/${this.conversationId}/activities`, {
      type: 'message', text, locale: 'en-US', channelData: { clientActivityID: `soak-${randomBytes(6).toString('hex')}` },
    });
    this.tally.latenciesMs.push(performance.now() - started);
    this.tally.turns++;
    return this.poll();
  }

  private async poll(): Promise<string[]> {
    const set = await this.request<{ activities: Array<{ type: string; text?: string; from?: { role?: string } }>; watermark: string }>(
      'GET', `/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`,
    );
    this.watermark = set.watermark;
    return set.activities.filter((a) => a.type === 'message' && a.from?.role === 'bot' && a.text).map((a) => a.text!);
  }

  private request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return new Promise((res, rej) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(new URL(path, this.base), {
        method,
        agent: this.agent,
        localAddress: this.address,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        timeout: 30_000,
      }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (d: Buffer) => parts.push(d));
        response.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) res((text ? JSON.parse(text) : undefined) as T);
          else rej(new HttpFailure(status, Number(response.headers['retry-after'] ?? 1), `${method} ${path.split('?')[0]} answered ${status}: ${text.slice(0, 120)}`));
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after 30 s`)));
      req.on('error', rej);
      req.end(payload);
    });
  }
}

// ---------------------------------------------------------------- the run

const options = parseArgs(process.argv.slice(2));
const dataDir = mkdtempSync(join(tmpdir(), 'hearken-soak-'));
// --trace-gc is refused in NODE_OPTIONS, so it goes on the command line.
const nodeFlags = [...(options.traceGc ? ['--trace-gc'] : []), ...options.nodeFlags];
const server = new ServerChild(options.port || (await freePort()), dataDir, nodeFlags, options.serverLog);
const cleanUp = () => {
  if (server.running) process.kill(server.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
};
process.once('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

try {
  const baseUrl = await server.listening();
  const idleRss = server.rssMiB();
  console.log(`server pid ${server.pid} at ${baseUrl}, RSS ${fmt(idleRss)} MiB before any customer` +
    `${process.env.NODE_OPTIONS ? ` (NODE_OPTIONS=${process.env.NODE_OPTIONS})` : ''}${options.nodeFlags.length ? ` (node ${options.nodeFlags.join(' ')})` : ''}`);
  // RSS depends on how fast turns finish, and other processes on a shared box slow them down.
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)} at start`);
  console.log(`${options.customers} customers for ${options.minutes} min, think time ~${options.thinkMs} ms, warm-up ${fmt(options.warmupSeconds)} s`);

  const tally: Tally = { turns: 0, latenciesMs: [], conversations: 0, complaints: 0, refusedCreations: 0, failures: [] };
  const started = Date.now();
  const stopAt = started + options.minutes * 60_000;
  const samples: Array<{ s: number; rss: number }> = [];
  let warm: { rss: number; parts: string; heap: number | undefined } | undefined;
  const sampler = setInterval(() => {
    const rss = server.rssMiB();
    if (rss === undefined) return;
    const s = (Date.now() - started) / 1000;
    samples.push({ s, rss });
    if (!warm && s >= options.warmupSeconds) warm = { rss, parts: server.rssParts(), heap: server.heapAfterFullGcMb };
    if (samples.length % 15 === 0) {
      console.log(`  ${s.toFixed(0).padStart(4)} s  RSS ${fmt(rss)} MiB` +
        `${server.heapAfterFullGcMb !== undefined ? `  heap after full GC ${server.heapAfterFullGcMb} MB` : ''}` +
        `  ${tally.conversations} chats, ${tally.complaints} complaints, ${tally.turns} turns`);
    }
  }, 1000);

  const people = Array.from({ length: options.customers }, (_, i) =>
    new Customer(new URL(baseUrl), `127.0.1.${i + 1}`, tally, options.thinkMs));
  await Promise.all(people.map((p) => p.run(stopAt)));
  clearInterval(sampler);
  const endRss = server.rssMiB();
  const endParts = server.rssParts();
  const endHeap = server.heapAfterFullGcMb;

  const sorted = tally.latenciesMs.sort((a, b) => a - b);
  const max = Math.max(endRss ?? 0, ...samples.filter((x) => x.s >= options.warmupSeconds).map((x) => x.rss));
  console.log(`\ncustomers: ${tally.conversations} chats, ${tally.complaints} complaints lodged, ${tally.turns} turns ` +
    `(p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms), ` +
    `${tally.refusedCreations} new chats refused (429/503), ${tally.failures.length} failures`);
  for (const failure of [...new Set(tally.failures)].slice(0, 5)) console.log(`  failure: ${failure}`);
  if (warm && endRss !== undefined) {
    const growth = endRss - warm.rss;
    const reference = warm.rss;
    const percent = (mib: number) => `${mib >= 0 ? '+' : ''}${fmt(mib)} MiB (${((mib / reference) * 100).toFixed(1)} %)`;
    console.log(`RSS at warm-up (${fmt(options.warmupSeconds)} s): ${fmt(warm.rss)} MiB (${warm.parts}); at the end: ${fmt(endRss)} MiB (${endParts}); max after warm-up ${fmt(max)} MiB`);
    // The end alone can fall just after a full GC; the peak is what the machine must have.
    console.log(`growth after warm-up: ${percent(growth)} at the end, ${percent(max - warm.rss)} at the peak`);
  }
  if (options.traceGc) console.log(`heap after full GC: ${warm?.heap ?? '?'} MB at warm-up, ${endHeap ?? '?'} MB at the end (${server.fullGcs} full GCs)`);
  console.log(`machine: load average ${loadavg()[0]!.toFixed(2)} at end`);
  console.log(`server stop: ${await server.stop()}`);
  if (!server.running && /Error|ERROR/.test(server.log)) console.log(`server log errors:\n${server.log.split('\n').filter((l) => /Error|ERROR/.test(l)).slice(0, 5).join('\n')}`);
} finally {
  cleanUp();
}

function fmt(mib: number | undefined): string {
  return mib === undefined ? '?' : mib.toFixed(0);
}
