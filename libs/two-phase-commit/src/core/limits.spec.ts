import { TEST_LIMITS } from '../testing/fixtures';
import {
  TWO_PHASE_COMMIT_LIMITS_DEFAULT,
  type TwoPhaseCommitLimits,
  validateTwoPhaseCommitLimits,
} from './limits';

function validateWith(overrides: Partial<TwoPhaseCommitLimits>): string[] {
  return validateTwoPhaseCommitLimits({ ...TWO_PHASE_COMMIT_LIMITS_DEFAULT, ...overrides });
}

describe('validateTwoPhaseCommitLimits', () => {
  it('accepts the defaults', () => {
    expect(validateTwoPhaseCommitLimits(TWO_PHASE_COMMIT_LIMITS_DEFAULT)).toEqual([]);
  });

  it('accepts the test limits', () => {
    expect(validateTwoPhaseCommitLimits(TEST_LIMITS)).toEqual([]);
  });

  it('reports a missing limit', () => {
    const { waitMaxMs: _omitted, ...missing } = TWO_PHASE_COMMIT_LIMITS_DEFAULT;

    const problems = validateTwoPhaseCommitLimits(missing as TwoPhaseCommitLimits);

    expect(problems).toContain(
      'waitMaxMs must be a positive whole number of milliseconds, got undefined',
    );
  });

  it.each<[string, Partial<TwoPhaseCommitLimits>, RegExp]>([
    ['zero', { decisionQueryGraceMs: 0 }, /^decisionQueryGraceMs must be a positive whole/],
    ['negative', { busyBackoffMs: -10 }, /^busyBackoffMs must be a positive whole/],
    ['fraction', { decisionResendMs: 2.5 }, /^decisionResendMs must be a positive whole/],
    ['NaN', { waitMarginMs: Number.NaN }, /^waitMarginMs must be a positive whole.*NaN/],
    [
      'unsafe integer',
      { purchaseTimeoutMs: 2 ** 53 },
      /^purchaseTimeoutMs must be a positive whole/,
    ],
  ])('reports a %s limit', (_case, overrides, expected) => {
    const problems = validateWith(overrides);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it.each<[string, Partial<TwoPhaseCommitLimits>, RegExp]>([
    [
      'wait reaching the prepare deadline',
      { waitMaxMs: 2_750, waitMarginMs: 250, prepareTimeoutMs: 3_000 },
      /^waitMaxMs \+ waitMarginMs \(3000\) must be below prepareTimeoutMs \(3000\)/,
    ],
    [
      'resend maximum below its first delay',
      { decisionResendMs: 500, decisionResendMaxMs: 499 },
      /^decisionResendMaxMs must be at least decisionResendMs/,
    ],
    [
      'query maximum below its first delay',
      { decisionQueryMs: 500, decisionQueryMaxMs: 499 },
      /^decisionQueryMaxMs must be at least decisionQueryMs/,
    ],
    [
      'busy back-off maximum below its first delay',
      { busyBackoffMs: 50, busyBackoffMaxMs: 49 },
      /^busyBackoffMaxMs must be at least busyBackoffMs/,
    ],
    [
      'purchase timeout not above the prepare timeout',
      { purchaseTimeoutMs: 3_000, prepareTimeoutMs: 3_000 },
      /^purchaseTimeoutMs must exceed prepareTimeoutMs/,
    ],
  ])('reports %s', (_case, overrides, expected) => {
    const problems = validateWith(overrides);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it.each<[string, Partial<TwoPhaseCommitLimits>]>([
    [
      'wait just below the deadline',
      { waitMaxMs: 2_749, waitMarginMs: 250, prepareTimeoutMs: 3_000 },
    ],
    ['equal resend delays', { decisionResendMs: 500, decisionResendMaxMs: 500 }],
    ['equal query delays', { decisionQueryMs: 500, decisionQueryMaxMs: 500 }],
    ['equal busy back-offs', { busyBackoffMs: 50, busyBackoffMaxMs: 50 }],
  ])('accepts %s', (_case, overrides) => {
    expect(validateWith(overrides)).toEqual([]);
  });

  it('reports every broken relation at once', () => {
    const problems = validateWith({
      waitMaxMs: 5_000,
      decisionResendMaxMs: 1,
      decisionQueryMaxMs: 1,
      busyBackoffMaxMs: 1,
      purchaseTimeoutMs: 1_000,
    });

    expect(problems).toHaveLength(5);
  });

  it('defaults are frozen', () => {
    expect(Object.isFrozen(TWO_PHASE_COMMIT_LIMITS_DEFAULT)).toBe(true);
  });
});
