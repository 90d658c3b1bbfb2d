import { formatConfigProblems, parseAirlineConfig } from './airline-config';

const VALID = {
  INTERLINE_AIRLINE_CODE: 'JG',
  INTERLINE_AIRLINE_NAME: 'Jangada Linhas Aéreas',
  INTERLINE_HTTP_PORT: '4311',
  INTERLINE_TCP_PORT: '4321',
  INTERLINE_DATA_DIR: './data/jg',
  INTERLINE_CLUSTER_KEY: 'k'.repeat(40),
};

function problemsFor(overrides: Record<string, string | undefined>) {
  const result = parseAirlineConfig({ ...VALID, ...overrides });
  if (result.ok) {
    throw new Error('expected the configuration to be rejected');
  }
  return result.problems;
}

describe('parseAirlineConfig', () => {
  it('accepts a minimal environment with defaults', () => {
    const result = parseAirlineConfig(VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.http).toEqual({ host: '127.0.0.1', port: 4311 });
    expect(result.config.tcp).toEqual({ host: '127.0.0.1', port: 4321 });
    expect(result.config.seedPeers).toEqual([]);
    expect(result.config.logLevel).toBe('info');
    expect(result.config.sessionTtlMinutes).toBe(720);
    expect(result.config.seedDemoNetwork).toBe(true);
    expect(result.config.dataDir.startsWith('/')).toBe(true);
  });

  it('freezes the result deeply', () => {
    const result = parseAirlineConfig(VALID);
    if (!result.ok) throw new Error('rejected');
    expect(Object.isFrozen(result.config)).toBe(true);
    expect(Object.isFrozen(result.config.http)).toBe(true);
    expect(Object.isFrozen(result.config.seedPeers)).toBe(true);
  });

  it('normalizes and dedupes peers', () => {
    const result = parseAirlineConfig({
      ...VALID,
      INTERLINE_PEERS: 'http://127.0.0.1:4312/, http://127.0.0.1:4312,http://127.0.0.1:4313',
    });
    if (!result.ok) throw new Error('rejected');
    expect(result.config.seedPeers).toEqual(['http://127.0.0.1:4312', 'http://127.0.0.1:4313']);
  });

  it.each([
    ['INTERLINE_AIRLINE_CODE', 'jg'],
    ['INTERLINE_AIRLINE_CODE', 'JGX'],
    ['INTERLINE_AIRLINE_NAME', ' '],
    ['INTERLINE_HTTP_HOST', 'not a host!'],
    ['INTERLINE_HTTP_PORT', '0'],
    ['INTERLINE_HTTP_PORT', '65536'],
    ['INTERLINE_HTTP_PORT', '80a'],
    ['INTERLINE_TCP_HOST', 'bad host'],
    ['INTERLINE_TCP_PORT', '-1'],
    ['INTERLINE_PEERS', 'ftp://127.0.0.1:21'],
    ['INTERLINE_PEERS', 'http://127.0.0.1:4312/v1'],
    ['INTERLINE_PEERS', 'not a url'],
    ['INTERLINE_CLUSTER_KEY', 'too-short'],
    ['INTERLINE_CLUSTER_KEY', 'change-me-to-a-long-random-shared-secret'],
    ['INTERLINE_LOG_LEVEL', 'verbose'],
    ['INTERLINE_SESSION_TTL_MINUTES', '1'],
    ['INTERLINE_SEED_DEMO', 'maybe'],
    ['INTERLINE_SEED_DAYS', '0'],
    ['INTERLINE_SEED_DAYS', '181'],
    ['INTERLINE_HELLO_INTERVAL_MS', '10'],
    ['INTERLINE_DEAD_INTERVAL_MS', '100'],
    ['INTERLINE_UPDATE_BATCH_MS', '-5'],
    ['INTERLINE_PUBLIC_URL', 'ftp://example.com'],
    ['INTERLINE_MIN_CONNECTION_MINUTES', '5'],
    ['INTERLINE_MIN_CONNECTION_BY_AIRPORT', 'GRU:60'],
    ['INTERLINE_MIN_CONNECTION_BY_AIRPORT', 'GRU=5'],
    ['INTERLINE_MAX_LAYOVER_MINUTES', '30'],
    ['INTERLINE_TEST_HOOKS', 'sometimes'],
  ])('rejects %s=%j', (variable, value) => {
    const problems = problemsFor({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0].variable).toBe(variable);
    expect(problems[0].expected.length).toBeGreaterThan(10);
  });

  it.each([
    'INTERLINE_AIRLINE_CODE',
    'INTERLINE_AIRLINE_NAME',
    'INTERLINE_HTTP_PORT',
    'INTERLINE_TCP_PORT',
    'INTERLINE_DATA_DIR',
    'INTERLINE_CLUSTER_KEY',
  ])('reports missing %s', (variable) => {
    const problems = problemsFor({ [variable]: undefined });
    expect(problems).toEqual([expect.objectContaining({ variable, value: undefined })]);
  });

  it('reports every problem at once', () => {
    const problems = problemsFor({
      INTERLINE_AIRLINE_CODE: '',
      INTERLINE_HTTP_PORT: 'x',
      INTERLINE_LOG_LEVEL: 'loud',
    });
    expect(problems.map((problem) => problem.variable)).toEqual([
      'INTERLINE_AIRLINE_CODE',
      'INTERLINE_HTTP_PORT',
      'INTERLINE_LOG_LEVEL',
    ]);
  });

  it('rejects equal HTTP and TCP ports on one host', () => {
    const problems = problemsFor({ INTERLINE_TCP_PORT: '4311' });
    expect(problems[0].variable).toBe('INTERLINE_TCP_PORT');
    expect(problems[0].expected).toContain('different from INTERLINE_HTTP_PORT');
  });

  it('dead interval must exceed two hellos', () => {
    const problems = problemsFor({
      INTERLINE_HELLO_INTERVAL_MS: '1000',
      INTERLINE_DEAD_INTERVAL_MS: '2000',
    });
    expect(problems[0].variable).toBe('INTERLINE_DEAD_INTERVAL_MS');
    expect(problems[0].expected).toContain('more than twice INTERLINE_HELLO_INTERVAL_MS (1000)');
  });

  it('wildcard bind needs a public URL', () => {
    const problems = problemsFor({ INTERLINE_HTTP_HOST: '0.0.0.0' });
    expect(problems[0].variable).toBe('INTERLINE_PUBLIC_URL');
  });

  it('derives link-state and search settings', () => {
    const result = parseAirlineConfig({
      ...VALID,
      INTERLINE_MIN_CONNECTION_BY_AIRPORT: 'GRU=60, CGH=40',
    });
    if (!result.ok) throw new Error('rejected');
    expect(result.config.publicUrl).toBe('http://127.0.0.1:4311');
    expect(result.config.linkState).toEqual({
      helloIntervalMs: 1_000,
      deadIntervalMs: 4_000,
      updateBatchIntervalMs: 50,
    });
    expect(result.config.search.minConnectionMs).toBe(45 * 60_000);
    expect(result.config.search.minConnectionMsByAirport).toEqual({
      GRU: 60 * 60_000,
      CGH: 40 * 60_000,
    });
    expect(result.config.search.maxLayoverMs).toBe(12 * 60 * 60_000);
    expect(result.config.testHooks).toBe(false);
  });

  it('never echoes the cluster key', () => {
    const secret = 'hunter2-secret';
    const message = formatConfigProblems(problemsFor({ INTERLINE_CLUSTER_KEY: secret }));
    expect(message).not.toContain(secret);
    expect(message).toContain('secret of 14 characters');
  });

  it('formats the variable, value and expectation', () => {
    const message = formatConfigProblems(problemsFor({ INTERLINE_HTTP_PORT: 'abc' }));
    expect(message).toContain(
      'INTERLINE_HTTP_PORT has invalid value "abc"; expected a TCP port number from 1 to 65535',
    );
  });
});

describe('INTERLINE_TEST_PEER_ROUTES', () => {
  const ROUTES =
    'http://127.0.0.1:4312=http://127.0.0.1:29511, http://127.0.0.1:4313/=http://127.0.0.1:29512';

  it('maps peer origins to their replacements with test hooks on', () => {
    const result = parseAirlineConfig({
      ...VALID,
      INTERLINE_TEST_HOOKS: 'true',
      INTERLINE_TEST_PEER_ROUTES: ROUTES,
    });
    if (!result.ok) throw new Error(formatConfigProblems(result.problems));
    expect(result.config.testPeerRoutes).toEqual({
      'http://127.0.0.1:4312': 'http://127.0.0.1:29511',
      'http://127.0.0.1:4313': 'http://127.0.0.1:29512',
    });
  });

  it('is empty by default', () => {
    const result = parseAirlineConfig(VALID);
    if (!result.ok) throw new Error('rejected');
    expect(result.config.testPeerRoutes).toEqual({});
  });

  it('is rejected without test hooks', () => {
    const problems = problemsFor({ INTERLINE_TEST_PEER_ROUTES: ROUTES });
    expect(problems.map((problem) => problem.variable)).toEqual(['INTERLINE_TEST_PEER_ROUTES']);
    expect(problems[0].expected).toContain('INTERLINE_TEST_HOOKS');
  });

  it.each([
    ['a missing replacement', 'http://127.0.0.1:4312'],
    ['a path in the replacement', 'http://127.0.0.1:4312=http://127.0.0.1:29511/v1'],
    ['two replacements', 'http://127.0.0.1:4312=http://127.0.0.1:1=http://127.0.0.1:2'],
    ['a replacement that is not a URL', 'http://127.0.0.1:4312=proxy'],
  ])('rejects %s', (_case, value) => {
    const problems = problemsFor({
      INTERLINE_TEST_HOOKS: 'true',
      INTERLINE_TEST_PEER_ROUTES: value,
    });
    expect(problems.map((problem) => problem.variable)).toEqual(['INTERLINE_TEST_PEER_ROUTES']);
  });
});

describe('INTERLINE_TEST_CRASH_POINTS', () => {
  it('accepts every protocol step with test hooks on', () => {
    const points = [
      'coordinator.before-decision',
      'coordinator.after-decision',
      'coordinator.after-first-decision-acknowledged',
      'coordinator.during-recovery',
      'participant.after-prepare',
      'participant.after-vote',
      'participant.during-recovery',
    ];
    const result = parseAirlineConfig({
      ...VALID,
      INTERLINE_TEST_HOOKS: 'true',
      INTERLINE_TEST_CRASH_POINTS: points.join(','),
    });
    if (!result.ok) throw new Error(formatConfigProblems(result.problems));
    expect(result.config.crashPoints).toEqual(points);
  });

  it('rejects an unknown name', () => {
    const problems = problemsFor({
      INTERLINE_TEST_HOOKS: 'true',
      INTERLINE_TEST_CRASH_POINTS: 'participant.after-lunch',
    });
    expect(problems.map((problem) => problem.variable)).toEqual(['INTERLINE_TEST_CRASH_POINTS']);
  });
});
