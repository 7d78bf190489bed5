import type { Resolution, SeverityLevel } from '../contracts/complaint.js';
import type { ApprovalPolicy } from './config.js';

/**
 * Whether a proposed resolution needs a supervisor's approval before the
 * complaint can be resolved: any major complaint (when configured), or a rule
 * for the resolution type whose amount threshold is reached.
 */
export function needsApproval(resolution: Pick<Resolution, 'type' | 'amount'>, severity: SeverityLevel, policy: ApprovalPolicy): boolean {
  if (severity === 'major' && policy.majorAlwaysNeedsApproval) return true;
  return policy.rules.some((rule) =>
    rule.type === resolution.type && (rule.minAmount === undefined || (resolution.amount ?? 0) >= rule.minAmount));
}
