import { describe, expect, it } from 'vitest';
import { storeOptionsOf } from '../../src/cli/command.js';
import { cliContextFrom } from '../../src/cli/context.js';

describe('the CLI context, built once from the environment by src/cli/main.ts', () => {
  it('carries the store settings and HEARKEN_ACTOR; blank variables count as unset', () => {
    const cli = cliContextFrom({
      DATABASE_URL: 'postgres://db/x', HEARKEN_DATA_DIR: ' ', HEARKEN_DB_SCHEMA: 'hk', HEARKEN_COMPLAINTS_CONFIG: '/etc/c.yaml', HEARKEN_ACTOR: 'carol', HEARKEN_CACHE_DIR: 'off',
    }, false);
    expect(cli.store).toEqual({ databaseUrl: 'postgres://db/x', schema: 'hk', complaintsConfig: '/etc/c.yaml' });
    expect(cli.actor).toBe('carol');
    expect(cli.cacheDir).toBeNull();
    expect(cliContextFrom({}, false)).toMatchObject({ store: {}, actor: undefined });
  });

  it('lets a command\'s --data-dir and --database-url win over the environment', () => {
    const cli = cliContextFrom({ DATABASE_URL: 'postgres://db/x', HEARKEN_DATA_DIR: '/var/h', HEARKEN_COMPLAINTS_CONFIG: '/etc/c.yaml' }, false);
    expect(storeOptionsOf(cli, {})).toEqual({ databaseUrl: 'postgres://db/x', dataDir: '/var/h', configFile: '/etc/c.yaml' });
    expect(storeOptionsOf(cli, { 'data-dir': '/tmp/d', 'database-url': '' })).toEqual({ dataDir: '/tmp/d', configFile: '/etc/c.yaml' });
  });
});
