import type { LoginThrottleRow } from '@interline/persistence';

/** Failed logins allowed for one email before each further failure blocks it for a while. */
export const LOGIN_FAILURES_FREE = 3;
/** First block after the free failures; doubles with each further failure. */
export const LOGIN_BLOCK_BASE_MS = 2_000;
export const LOGIN_BLOCK_MAX_MS = 15 * 60_000;
/** A failure streak older than this is forgotten. */
export const LOGIN_FAILURE_MEMORY_MS = 60 * 60_000;

/** Returns how long, in ms, the email must still wait before a login attempt is checked. */
export function remainingBlockMs(row: LoginThrottleRow | null, now: number): number {
  if (!row) {
    return 0;
  }
  return Math.max(0, row.blockedUntil - now);
}

/**
 * Returns the throttle state after a failed login. The first failures are free. After them, each
 * failure blocks the email for an exponentially growing time, capped at `LOGIN_BLOCK_MAX_MS`.
 * This slows password guessing without locking the owner out for long.
 */
export function recordFailure(
  row: LoginThrottleRow | null,
  email: string,
  now: number,
): LoginThrottleRow {
  const streakAlive = row !== null && now - row.lastFailureAt < LOGIN_FAILURE_MEMORY_MS;
  const failures = streakAlive ? row.failures + 1 : 1;
  const excess = failures - LOGIN_FAILURES_FREE;
  const blockMs =
    excess > 0 ? Math.min(LOGIN_BLOCK_BASE_MS * 2 ** (excess - 1), LOGIN_BLOCK_MAX_MS) : 0;
  return { email, failures, lastFailureAt: now, blockedUntil: now + blockMs };
}
