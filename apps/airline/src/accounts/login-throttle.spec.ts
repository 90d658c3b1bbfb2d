import {
  LOGIN_BLOCK_BASE_MS,
  LOGIN_BLOCK_MAX_MS,
  LOGIN_FAILURE_MEMORY_MS,
  LOGIN_FAILURES_FREE,
  recordFailure,
  remainingBlockMs,
} from './login-throttle';

const EMAIL = 'ana@example.com';

function failTimes(count: number, start = 0, stepMs = 1) {
  let row = null as ReturnType<typeof recordFailure> | null;
  for (let index = 0; index < count; index += 1) {
    row = recordFailure(row, EMAIL, start + index * stepMs);
  }
  return row!;
}

describe('login throttle', () => {
  it('free failures do not block', () => {
    const row = failTimes(LOGIN_FAILURES_FREE);
    expect(remainingBlockMs(row, row.lastFailureAt)).toBe(0);
  });

  it('next failure blocks for the base time', () => {
    const row = failTimes(LOGIN_FAILURES_FREE + 1);
    expect(remainingBlockMs(row, row.lastFailureAt)).toBe(LOGIN_BLOCK_BASE_MS);
  });

  it('blocks double with each failure', () => {
    const row = failTimes(LOGIN_FAILURES_FREE + 3);
    expect(remainingBlockMs(row, row.lastFailureAt)).toBe(LOGIN_BLOCK_BASE_MS * 4);
  });

  it('block is capped', () => {
    const row = failTimes(LOGIN_FAILURES_FREE + 40);
    expect(remainingBlockMs(row, row.lastFailureAt)).toBe(LOGIN_BLOCK_MAX_MS);
  });

  it('block ends after its time', () => {
    const row = failTimes(LOGIN_FAILURES_FREE + 1);
    expect(remainingBlockMs(row, row.lastFailureAt + LOGIN_BLOCK_BASE_MS)).toBe(0);
  });

  it('old streak is forgotten', () => {
    const old = failTimes(LOGIN_FAILURES_FREE + 5);
    const fresh = recordFailure(old, EMAIL, old.lastFailureAt + LOGIN_FAILURE_MEMORY_MS);
    expect(fresh.failures).toBe(1);
    expect(remainingBlockMs(fresh, fresh.lastFailureAt)).toBe(0);
  });

  it('unknown email is not blocked', () => {
    expect(remainingBlockMs(null, Date.now())).toBe(0);
  });
});
