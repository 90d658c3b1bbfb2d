import type { CoordinatorLimits } from './coordinator';
import type { ParticipantLimits } from './participant';

/** Every timing of the protocol on one node. */
export interface TwoPhaseCommitLimits extends CoordinatorLimits, ParticipantLimits {
  /** How long a purchase keeps retrying after `BUSY` before the passenger is answered. */
  purchaseTimeoutMs: number;
  /** First back-off after `BUSY`; each retry draws a jittered delay that doubles up to the maximum. */
  busyBackoffMs: number;
  busyBackoffMaxMs: number;
}

export const TWO_PHASE_COMMIT_LIMITS_DEFAULT: Readonly<TwoPhaseCommitLimits> = Object.freeze({
  prepareTimeoutMs: 3_000,
  decisionResendMs: 250,
  decisionResendMaxMs: 10_000,
  waitMaxMs: 200,
  waitMarginMs: 250,
  decisionQueryGraceMs: 1_000,
  decisionQueryMs: 500,
  decisionQueryMaxMs: 10_000,
  purchaseTimeoutMs: 20_000,
  busyBackoffMs: 10,
  busyBackoffMaxMs: 1_000,
});

/**
 * Checks the relations between the limits; returns one sentence per broken relation, empty when
 * they hold. The node refuses to start with broken limits.
 */
export function validateTwoPhaseCommitLimits(limits: TwoPhaseCommitLimits): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(TWO_PHASE_COMMIT_LIMITS_DEFAULT)) {
    const value = (limits as unknown as Record<string, unknown>)[name];
    if (!Number.isSafeInteger(value) || (value as number) <= 0) {
      problems.push(`${name} must be a positive whole number of milliseconds, got ${value}`);
    }
  }
  if (limits.waitMaxMs + limits.waitMarginMs >= limits.prepareTimeoutMs) {
    problems.push(
      `waitMaxMs + waitMarginMs (${limits.waitMaxMs + limits.waitMarginMs}) must be below ` +
        `prepareTimeoutMs (${limits.prepareTimeoutMs}), or a waiting vote arrives after the deadline`,
    );
  }
  if (limits.decisionResendMaxMs < limits.decisionResendMs) {
    problems.push('decisionResendMaxMs must be at least decisionResendMs');
  }
  if (limits.decisionQueryMaxMs < limits.decisionQueryMs) {
    problems.push('decisionQueryMaxMs must be at least decisionQueryMs');
  }
  if (limits.busyBackoffMaxMs < limits.busyBackoffMs) {
    problems.push('busyBackoffMaxMs must be at least busyBackoffMs');
  }
  if (limits.purchaseTimeoutMs <= limits.prepareTimeoutMs) {
    problems.push('purchaseTimeoutMs must exceed prepareTimeoutMs, or no attempt can finish');
  }
  return problems;
}
