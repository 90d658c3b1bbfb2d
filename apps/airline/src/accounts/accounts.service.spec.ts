import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteDatabase } from '@interline/persistence';
import {
  SqliteAccountRepository,
  SqliteLoginThrottleRepository,
  SqliteSessionRepository,
} from '@interline/persistence/sqlite/sqlite-account.repository';

import type { AirlineConfig } from '../config/airline-config';
import { AccountsService } from './accounts.service';
import { LOGIN_FAILURES_FREE } from './login-throttle';

const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
const CONFIG = { airline: { code: 'JG', name: 'Jangada' }, sessionTtlMinutes: 60 } as AirlineConfig;

describe('AccountsService on a real SQLite file', () => {
  let directory: string;
  let database: SqliteDatabase;
  let service: AccountsService;
  let throttle: SqliteLoginThrottleRepository;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'interline-accounts-'));
    database = SqliteDatabase.open(join(directory, 'node.sqlite'));
    throttle = new SqliteLoginThrottleRepository(database);
    service = new AccountsService(
      CONFIG,
      new SqliteAccountRepository(database),
      new SqliteSessionRepository(database),
      throttle,
      CHEAP_SCRYPT,
    );
    await service.register({ email: 'ana@example.com', name: 'Ana', password: 'correct-horse-1' });
  });

  afterEach(() => {
    database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('parallel wrong passwords all count', async () => {
    const attempts = 12;
    const outcomes = await Promise.all(
      Array.from({ length: attempts }, () =>
        service.logIn({ email: 'ana@example.com', password: 'wrong-password-1' }),
      ),
    );
    const row = await throttle.find('ana@example.com');
    expect(row?.failures).toBe(LOGIN_FAILURES_FREE + 1);
    expect(
      outcomes.filter((outcome) => !outcome.ok && outcome.code === 'INVALID_CREDENTIALS'),
    ).toHaveLength(LOGIN_FAILURES_FREE + 1);
    expect(
      outcomes.filter((outcome) => !outcome.ok && outcome.code === 'TOO_MANY_ATTEMPTS'),
    ).toHaveLength(attempts - LOGIN_FAILURES_FREE - 1);
  });

  it('right password opens a session', async () => {
    const outcome = await service.logIn({ email: 'ANA@example.com ', password: 'correct-horse-1' });
    expect(outcome.ok).toBe(true);
  });

  it('stores only the token hash', async () => {
    const outcome = await service.logIn({ email: 'ana@example.com', password: 'correct-horse-1' });
    if (!outcome.ok) throw new Error('log-in failed');
    const rows = database.connection.prepare('SELECT token_hash FROM sessions').all() as Array<{
      token_hash: string;
    }>;
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(outcome.token);
  });
});
