import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DataFileError } from '../../src/contracts/data-file.js';
import { loadDataFile } from '../../src/lexicon-files/data-files.js';
import { packageRoot } from '../../src/lexicon-files/package-root.js';

const Schema = z.object({ name: z.string(), limits: z.object({ max: z.number().int().min(1) }).strict() }).strict();

const work = mkdtempSync(join(tmpdir(), 'hearken-data-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the file edge loadDataFile', () => {
  it('reads and validates a file, naming it in every problem', () => {
    const file = join(work, 'ok.yaml');
    writeFileSync(file, 'name: a\nlimits: {max: 2}\n');
    expect(loadDataFile(file, Schema).data.limits.max).toBe(2);
    writeFileSync(file, 'name: a\nlimits: {max: two}\n');
    expect(() => loadDataFile(file, Schema)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:15: limits\\.max: `));
  });

  it('turns an unreadable file into a DataFileError at 1:1', () => {
    const missing = join(work, 'missing.yaml');
    expect(() => loadDataFile(missing, Schema)).toThrow(DataFileError);
    expect(() => loadDataFile(missing, Schema)).toThrow(/missing\.yaml:1:1: cannot read the file \(ENOENT\)/);
  });
});

describe('packageRoot, the one way src finds the package\'s files', () => {
  it('finds the folder of Hearken\'s package.json from the module, whatever the working directory', () => {
    const cwd = process.cwd();
    process.chdir(work);
    try {
      expect(packageRoot()).toBe(join(import.meta.dirname, '..', '..'));
    } finally {
      process.chdir(cwd);
    }
  });
});
