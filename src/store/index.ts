export type * from './types.js';
export * from './errors.js';
export { openStore, openSqliteStore, openPostgresStore, resolveDataDir } from './open.js';
export { loadComplaintConfig, defaultComplaintConfigPath } from '../lexicon-files/complaint-files.js';

