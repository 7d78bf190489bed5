import type { ComplaintStatus } from '../contracts/complaint.js';

/** A lifecycle rule refused a change. Carries the complaint id and state so callers can report where. */
export class ComplaintRuleError extends Error {
  constructor(message: string, readonly complaintId: string, readonly status: ComplaintStatus) {
    super(message);
    this.name = 'ComplaintRuleError';
  }
}

/** The event does not exist from the current state. */
export class InvalidTransitionError extends ComplaintRuleError {
  constructor(complaintId: string, status: ComplaintStatus, readonly event: string, readonly allowed: readonly string[]) {
    super(
      `complaint ${complaintId} is "${status}": event "${event}" is not allowed there. `
      + (allowed.length > 0 ? `Allowed next events: ${allowed.join(', ')}.` : 'No event is allowed from this state.'),
      complaintId, status,
    );
    this.name = 'InvalidTransitionError';
  }
}

/** The event exists from this state but its condition is not met (missing reason, approval needed, same owner …). */
export class TransitionGuardError extends ComplaintRuleError {
  constructor(complaintId: string, status: ComplaintStatus, readonly event: string, reason: string) {
    super(`complaint ${complaintId} is "${status}": cannot ${event}: ${reason}`, complaintId, status);
    this.name = 'TransitionGuardError';
  }
}
