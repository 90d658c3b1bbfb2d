import { GatewayError } from '../gateway/gateway-error';
import { isRemoteCopy } from './account-rows';
import type { LogInOutcome, RegisterOutcome } from './accounts.service';
import { LOGIN_FAILURES_FREE } from './login-throttle';
import { hashPassword, verifyPassword } from './password-hasher';
import { AccountNetwork, CHEAP_SCRYPT } from './testing/account-network';
import { emailOwnedBy, findEmail } from './testing/emails';

const AIRLINES = ['JG', 'IP', 'RC'];
const PASSWORD = 'viagem-segura-2026';

function registration(email: string) {
  return { email, name: 'Maria Souza', password: PASSWORD };
}

function expectOk<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) {
    throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
  }
  return outcome as Extract<T, { ok: true }>;
}

async function gatewayErrorOf(work: Promise<unknown>): Promise<GatewayError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof GatewayError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a GatewayError, but the call succeeded');
}

describe('account directory across nodes', () => {
  let network: AccountNetwork;

  beforeEach(() => {
    network = new AccountNetwork(AIRLINES);
  });

  afterEach(() => {
    network.dispose();
  });

  describe('registration', () => {
    it('owner local stores without requests', async () => {
      const email = emailOwnedBy('JG', AIRLINES, 'local');
      const outcome = expectOk(await network.node('JG').service.register(registration(email)));

      expect(outcome.account.homeAirline).toBe('JG');
      expect(network.requests).toEqual([]);
      const row = await network.node('JG').accounts.findByEmail(email);
      expect(row?.id).toBe(outcome.account.id);
    });

    it('owner remote stores the account there', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'remote');
      const outcome = expectOk(
        await network.node('JG').service.register(registration(email.toUpperCase())),
      );

      expect(outcome.account.email).toBe(email);
      expect(outcome.account.homeAirline).toBe('JG');
      expect(network.requests.map(({ from, to, path }) => [from, to, path])).toEqual([
        ['JG', 'RC', '/v1/accounts'],
      ]);
      expect(JSON.stringify(network.requests[0].body)).not.toContain(PASSWORD);

      const stored = await network.node('RC').accounts.findByEmail(email);
      expect(stored?.id).toBe(outcome.account.id);
      expect(stored?.homeAirline).toBe('JG');
      await expect(verifyPassword(PASSWORD, stored!.passwordHash)).resolves.toBe(true);
      await expect(network.node('JG').accounts.findByEmail(email)).resolves.toBeNull();
    });

    it('duplicate on owner is EMAIL_TAKEN', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'duplicate');
      expectOk(await network.node('IP').service.register(registration(email)));

      const second = await network.node('JG').service.register(registration(email));

      expect(second).toEqual({ ok: false, code: 'EMAIL_TAKEN' });
    });

    it.each([
      ['a third node', 'RC'],
      ['one of the two nodes', 'JG'],
    ])('simultaneous registrations owned by %s keep one account', async (_case, owner) => {
      const email = emailOwnedBy(owner, AIRLINES, `race-${owner}-`);

      const outcomes: RegisterOutcome[] = await Promise.all([
        network.node('JG').service.register(registration(email)),
        network.node('IP').service.register({ ...registration(email), name: 'Other Maria' }),
      ]);

      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([
        { ok: false, code: 'EMAIL_TAKEN' },
      ]);
      const stored = await network.node(owner).accounts.findByEmail(email);
      expect(stored?.id).toBe(expectOk(outcomes.find((outcome) => outcome.ok)!).account.id);
    });

    it.each(['unreachable', 'timeout', 'unauthorized'] as const)(
      'owner failing with %s is ACCOUNT_DIRECTORY_UNREACHABLE',
      async (kind) => {
        const email = emailOwnedBy('RC', AIRLINES, `down-${kind}-`);
        network.failures.set('RC', kind);

        const error = await gatewayErrorOf(
          network.node('JG').service.register({ ...registration(email), lang: 'en' }),
        );

        expect(error.body.code).toBe('ACCOUNT_DIRECTORY_UNREACHABLE');
        expect(error.body.message).toContain('airline RC');
        await expect(network.node('RC').accounts.findByEmail(email)).resolves.toBeNull();
      },
    );

    it('malformed owner answer is ACCOUNT_DIRECTORY_UNREACHABLE', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'malformed');
      network.answerOverrides.set('RC', { account: { id: 7 } });

      const error = await gatewayErrorOf(network.node('JG').service.register(registration(email)));

      expect(error.body.code).toBe('ACCOUNT_DIRECTORY_UNREACHABLE');
      expect(error.body.message).toContain('companhia RC');
    });
  });

  describe('log in', () => {
    it('remote owner verifies and a local session opens', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'login');
      const registered = expectOk(await network.node('JG').service.register(registration(email)));
      network.requests.length = 0;

      const session = expectOk(
        await network.node('IP').service.logIn({ email, password: PASSWORD }),
      );

      expect(session.account).toEqual(registered.account);
      expect(network.requests.map(({ from, to, path }) => [from, to, path])).toEqual([
        ['IP', 'RC', '/v1/accounts/verify'],
      ]);
      const copy = await network.node('IP').accounts.findByEmail(email);
      expect(copy?.id).toBe(registered.account.id);
      expect(copy?.homeAirline).toBe('JG');
      expect(copy?.passwordHash).toBe('remote:RC');
      expect(isRemoteCopy(copy!)).toBe(true);
      await expect(network.node('IP').service.logOut(session.token)).resolves.toEqual({ ok: true });
      await expect(network.node('RC').service.logOut(session.token)).resolves.toEqual({
        ok: false,
        code: 'SESSION_INVALID',
      });
    });

    it('second remote log-in reuses the copy', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'again');
      expectOk(await network.node('JG').service.register(registration(email)));

      const first = expectOk(await network.node('IP').service.logIn({ email, password: PASSWORD }));
      const second = expectOk(
        await network.node('IP').service.logIn({ email, password: PASSWORD }),
      );

      expect(second.account.id).toBe(first.account.id);
      expect(second.token).not.toBe(first.token);
    });

    it('owner local logs in without requests', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'owner');
      expectOk(await network.node('JG').service.register(registration(email)));
      network.requests.length = 0;

      expectOk(await network.node('RC').service.logIn({ email, password: PASSWORD }));

      expect(network.requests).toEqual([]);
    });

    it('local copy never authenticates', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'copy');
      expectOk(await network.node('JG').service.register(registration(email)));
      expectOk(await network.node('IP').service.logIn({ email, password: PASSWORD }));
      network.failures.set('RC', 'unreachable');

      const error = await gatewayErrorOf(
        network.node('IP').service.logIn({ email, password: PASSWORD }),
      );
      const answer = await network
        .node('IP')
        .service.verifyCredentials({ email, password: PASSWORD }, 'JG');

      expect(error.body.code).toBe('ACCOUNT_DIRECTORY_UNREACHABLE');
      expect(answer).toEqual({ verified: false, code: 'ACCOUNT_NOT_FOUND' });
    });

    it('wrong password is throttled by the owner', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'throttle');
      expectOk(await network.node('JG').service.register(registration(email)));

      const outcomes: LogInOutcome[] = [];
      for (let attempt = 0; attempt <= LOGIN_FAILURES_FREE + 1; attempt += 1) {
        outcomes.push(
          await network.node('IP').service.logIn({ email, password: 'wrong-password-1' }),
        );
      }

      const codes = outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.code));
      expect(codes).toEqual([
        ...Array<string>(LOGIN_FAILURES_FREE + 1).fill('INVALID_CREDENTIALS'),
        'TOO_MANY_ATTEMPTS',
      ]);
      const blocked = outcomes.at(-1) as { retryAfterSeconds?: number };
      expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
      expect((await network.node('RC').throttle.find(email))?.failures).toBe(
        LOGIN_FAILURES_FREE + 1,
      );
      await expect(network.node('IP').throttle.find(email)).resolves.toBeNull();
      const right = await network.node('JG').service.logIn({ email, password: PASSWORD });
      expect(right.ok).toBe(false);
    });

    it('owner unreachable is ACCOUNT_DIRECTORY_UNREACHABLE', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'unreachable');
      expectOk(await network.node('JG').service.register(registration(email)));
      network.failures.set('RC', 'timeout');

      const error = await gatewayErrorOf(
        network.node('IP').service.logIn({ email, password: PASSWORD, lang: 'en' }),
      );

      expect(error.body.code).toBe('ACCOUNT_DIRECTORY_UNREACHABLE');
      expect(error.body.message).toBe(
        'The account for this email is kept by airline RC, which is not answering now. Try again in a few minutes.',
      );
    });

    it('unknown email is counted where it was typed', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'nobody');

      const outcome = await network.node('JG').service.logIn({ email, password: PASSWORD });

      expect(outcome).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
      expect((await network.node('JG').throttle.find(email))?.failures).toBe(1);
      await expect(network.node('RC').throttle.find(email)).resolves.toBeNull();
      expect(network.requests.map(({ to }) => to).sort()).toEqual(['IP', 'RC']);
    });

    it('account stored before owners logs in on its node', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'legacy');
      await network.node('JG').accounts.insert({
        id: 'legacy-account-1',
        email,
        displayName: 'Legacy Maria',
        passwordHash: await hashPassword(PASSWORD, CHEAP_SCRYPT),
        homeAirline: 'JG',
        createdAt: Date.now(),
      });

      const onHome = expectOk(
        await network.node('JG').service.logIn({ email, password: PASSWORD }),
      );
      expect(onHome.account.id).toBe('legacy-account-1');
      expect(network.requests).toEqual([]);

      const elsewhere = expectOk(
        await network.node('IP').service.logIn({ email, password: PASSWORD }),
      );
      expect(elsewhere.account.id).toBe('legacy-account-1');
      expect(network.requests.map(({ to }) => to)).toEqual(['RC', 'JG']);
    });

    it('conflicting local copy opens no session', async () => {
      const email = emailOwnedBy('RC', AIRLINES, 'conflict');
      await network.node('IP').accounts.insert({
        id: 'other-account-1',
        email,
        displayName: 'Other Maria',
        passwordHash: 'remote:JG',
        homeAirline: 'JG',
        createdAt: Date.now(),
      });
      expectOk(await network.node('JG').service.register(registration(email)));

      await expect(network.node('IP').service.logIn({ email, password: PASSWORD })).rejects.toThrow(
        'conflicts with local account other-account-1',
      );
      await expect(network.node('IP').sessions.deleteExpired(Date.now() + 1e9)).resolves.toBe(0);
    });
  });

  describe('fallback search', () => {
    // Registered while the map contains JG and IP, so IP owns it. RC then joins and takes it over.
    const email = findEmail(
      'moved',
      [['JG', 'IP'], AIRLINES],
      ([before, after]) => before === 'IP' && after === 'RC',
    );

    beforeEach(async () => {
      network.mapAirlines = ['JG', 'IP'];
      expectOk(await network.node('JG').service.register(registration(email)));
      network.mapAirlines = [...AIRLINES];
      network.requests.length = 0;
    });

    it('finds the account on the previous owner', async () => {
      const session = await network.node('JG').service.logIn({ email, password: PASSWORD });

      expect(session.ok).toBe(true);
      expect(network.requests.map(({ to, path }) => [to, path])).toEqual([
        ['RC', '/v1/accounts/verify'],
        ['IP', '/v1/accounts/verify'],
      ]);
    });

    it('new owner asks the other nodes too', async () => {
      const session = await network.node('RC').service.logIn({ email, password: PASSWORD });

      expect(session.ok).toBe(true);
      expect(network.requests.map(({ to }) => to)).toEqual(['IP']);
      expect((await network.node('RC').accounts.findByEmail(email))?.passwordHash).toBe(
        'remote:IP',
      );
    });

    it('refusal from the keeper is final', async () => {
      const outcome = await network.node('JG').service.logIn({ email, password: 'wrong-pass-1' });

      expect(outcome).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
      expect((await network.node('IP').throttle.find(email))?.failures).toBe(1);
      await expect(network.node('JG').throttle.find(email)).resolves.toBeNull();
    });

    it('skips nodes the map marks unreachable', async () => {
      network.unreachableInMap.add('IP');

      const outcome = await network.node('JG').service.logIn({ email, password: PASSWORD });

      expect(outcome).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
      expect(network.requests.map(({ to }) => to)).toEqual(['RC']);
    });

    it('failing fallback node is skipped', async () => {
      network.failures.set('IP', 'timeout');

      const outcome = await network.node('JG').service.logIn({ email, password: PASSWORD });

      expect(outcome).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
      expect(network.requests.map(({ to }) => to)).toEqual(['RC', 'IP']);
    });
  });
});
