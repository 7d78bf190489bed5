// The complaints core's file edge: finds and reads the complaint configuration
// (routing, calendar, deadlines, approval); src/complaints validates its text.
import { join } from 'node:path';
import { parseComplaintConfig, type ComplaintConfig } from '../complaints/config.js';
import { readDataFile } from './data-files.js';
import { packageRoot } from './package-root.js';

/** The shipped configuration, src/complaints/defaults.yaml (tsc does not copy YAML; it is read and edited in place). */
export function defaultComplaintConfigPath(): string {
  return join(packageRoot(), 'src', 'complaints', 'defaults.yaml');
}

/**
 * Reads complaint configuration: the given path (the process edges pass
 * HEARKEN_COMPLAINTS_CONFIG), else src/complaints/defaults.yaml. Throws
 * DataFileError naming file:line:col of each bad value.
 */
export async function loadComplaintConfig(path?: string): Promise<ComplaintConfig> {
  const file = path || defaultComplaintConfigPath();
  return parseComplaintConfig(readDataFile(file), file);
}
