import type { CategoryLabel } from '../contracts/triage.js';
import type { Routing } from './config.js';

/** The department that handles a category, from the configured table. */
export function routeDepartment(category: CategoryLabel, routing: Routing): string {
  return routing.departments[category] ?? routing.fallback;
}

const QUEUE_PREFIX = 'queue:';

/** Until a person acknowledges it, a complaint is owned by its department's queue. */
export function queueOwner(department: string): string {
  return `${QUEUE_PREFIX}${department}`;
}

export function isQueueOwner(owner: string): boolean {
  return owner.startsWith(QUEUE_PREFIX);
}
