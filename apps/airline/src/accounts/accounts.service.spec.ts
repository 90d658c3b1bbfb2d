import type { SqliteDatabase } from '@interline/persistence';
import type { SqliteLoginThrottleRepository } from '@interline/persistence/sqlite/sqlite-account.repository';

import type { AccountsService } from './accounts.service';
import { LOGIN_FAILURES_FREE } from './login-throttle';
import { AccountNetwork } from './testing/account-network';

describe('AccountsService on a real SQLite file', () => {
  let network: AccountNetwork;
  let database: SqliteDatabase;
  let service: AccountsService;
  let throttle: SqliteLoginThrottleRepository;

  beforeEach(async () => {
    network = new AccountNetwork(['JG']);
    ({ database, service, throttle } = network.node('JG'));
    await service.register({ email: 'ana@example.com', name: 'Ana', password: 'correct-horse-1' });
  });

  afterEach(() => {
    network.dispose();
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
