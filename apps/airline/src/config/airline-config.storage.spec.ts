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

describe('parseAirlineConfig storage variables', () => {
  it('uses SQLite by default', () => {
    const result = parseAirlineConfig(VALID);

    expect(result.ok).toBe(true);
    expect(result.ok && result.config.storage).toEqual({ kind: 'sqlite', mongodbUrl: null });
  });

  it('accepts MongoDB with a URL naming the database', () => {
    const url = 'mongodb://127.0.0.1:27017/interline-jg';
    const result = parseAirlineConfig({
      ...VALID,
      INTERLINE_STORAGE: 'mongodb',
      INTERLINE_MONGODB_URL: url,
    });

    expect(result.ok).toBe(true);
    expect(result.ok && result.config.storage).toEqual({ kind: 'mongodb', mongodbUrl: url });
  });

  it('accepts a replica set URL with credentials and options', () => {
    const url = 'mongodb://app:pw@db1:27017,db2:27017/interline-jg?replicaSet=rs0';
    const result = parseAirlineConfig({
      ...VALID,
      INTERLINE_STORAGE: 'mongodb',
      INTERLINE_MONGODB_URL: url,
    });

    expect(result.ok).toBe(true);
    expect(result.ok && result.config.storage.mongodbUrl).toBe(url);
  });

  it('rejects an unknown storage kind', () => {
    expect(problemsFor({ INTERLINE_STORAGE: 'postgres' })).toEqual([
      {
        variable: 'INTERLINE_STORAGE',
        value: '"postgres"',
        expected: 'one of sqlite, mongodb',
      },
    ]);
  });

  it('requires the URL for MongoDB', () => {
    const problems = problemsFor({ INTERLINE_STORAGE: 'mongodb' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ variable: 'INTERLINE_MONGODB_URL', value: undefined });
    expect(problems[0].expected).toMatch(/required when INTERLINE_STORAGE is mongodb/);
  });

  it.each([
    ['no database name', 'mongodb://127.0.0.1:27017'],
    ['an empty database name', 'mongodb://127.0.0.1:27017/'],
    ['another scheme', 'postgres://127.0.0.1:5432/interline'],
    ['a dot in the database name', 'mongodb://127.0.0.1:27017/inter.line'],
  ])('rejects a URL with %s', (_case, url) => {
    const problems = problemsFor({ INTERLINE_STORAGE: 'mongodb', INTERLINE_MONGODB_URL: url });

    expect(problems).toEqual([
      {
        variable: 'INTERLINE_MONGODB_URL',
        value: JSON.stringify(url),
        expected:
          'a mongodb:// URL that names the database, e.g. mongodb://127.0.0.1:27017/interline-jg',
      },
    ]);
  });

  it('never shows the password of a rejected URL', () => {
    const problems = problemsFor({
      INTERLINE_STORAGE: 'mongodb',
      INTERLINE_MONGODB_URL: 'mongodb://app:s3cret@127.0.0.1:27017',
    });

    expect(problems[0].value).toBe('"mongodb://app:***@127.0.0.1:27017"');
    expect(formatConfigProblems(problems)).not.toContain('s3cret');
  });

  it('rejects a URL the SQLite storage would ignore', () => {
    const problems = problemsFor({
      INTERLINE_MONGODB_URL: 'mongodb://app:s3cret@127.0.0.1:27017/interline-jg',
    });

    expect(problems).toEqual([
      {
        variable: 'INTERLINE_MONGODB_URL',
        value: '"mongodb://app:***@127.0.0.1:27017/interline-jg"',
        expected: 'unset unless INTERLINE_STORAGE is mongodb (the node would not use it)',
      },
    ]);
  });
});
