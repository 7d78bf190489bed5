// Bolt and the Web API client log through Hearken's one log function. Debug output is dropped:
// at that level Bolt prints request bodies, which may hold customers' words and tokens.
import { LogLevel, type Logger } from '@slack/bolt';

export function boltLogger(log: (message: string) => void): Logger {
  let level = LogLevel.INFO;
  const line = (severity: string, parts: unknown[]) => log(`slack: [bolt ${severity}] ${parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}`);
  const rank = { [LogLevel.ERROR]: 0, [LogLevel.WARN]: 1, [LogLevel.INFO]: 2, [LogLevel.DEBUG]: 3 } as const;
  return {
    debug: () => {},
    info: (...parts: unknown[]) => { if (rank[level] >= 2) line('info', parts); },
    warn: (...parts: unknown[]) => { if (rank[level] >= 1) line('warn', parts); },
    error: (...parts: unknown[]) => line('error', parts),
    setLevel: (next: LogLevel) => { level = next === LogLevel.DEBUG ? LogLevel.INFO : next; },
    getLevel: () => level,
    // Every line says `slack:` whoever logs it (Bolt, the Web API client, Socket Mode).
    setName: () => {},
  };
}
