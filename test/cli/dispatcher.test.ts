import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-list.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = `${root}dist/src/cli/main.js`;
const hearken = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });

describe('hearken dispatcher', () => {
  it('has a module for every listed command', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const module = (await import(`../../src/cli/commands/${name}.ts`)) as { run?: unknown };
      expect(typeof module.run, `src/cli/commands/${name}.ts must export run()`).toBe('function');
    }
  });

  it('lists the commands on --help and exits 0', () => {
    const result = hearken('--help');
    expect(result.status).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(result.stdout).toContain(name);
  });

  it('rejects an unknown command with exit code 2', () => {
    const result = hearken('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });
});
