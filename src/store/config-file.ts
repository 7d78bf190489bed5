import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { parseComplaintConfig, type ComplaintConfig } from '../complaints/config.js';

// src/store → src/complaints when run from source; dist/src/store → src/complaints when built
// (tsc does not copy YAML, and the data file is meant to be read and edited in place).
const DEFAULT_CANDIDATES = ['../complaints/defaults.yaml', '../../../src/complaints/defaults.yaml'];

export function defaultComplaintConfigPath(): string {
  for (const candidate of DEFAULT_CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`default complaint configuration not found (looked for ${DEFAULT_CANDIDATES.join(', ')} next to ${fileURLToPath(import.meta.url)}); pass a configuration file (HEARKEN_COMPLAINTS_CONFIG)`);
}

/**
 * Reads complaint configuration: the given path (the process edges pass
 * HEARKEN_COMPLAINTS_CONFIG), else src/complaints/defaults.yaml. Errors name file:line:col.
 */
export async function loadComplaintConfig(path?: string): Promise<ComplaintConfig> {
  path ||= defaultComplaintConfigPath();
  const text = await readFile(path, 'utf8');
  return parseComplaintConfig(text, path);
}
