import type { GatewayErrorBody, LogInResponse, RegisterResponse } from '@interline/contracts';

import { emailOwnedBy, findEmail } from '../apps/airline/src/accounts/testing/emails';
import type { NodeSpec, RunningNode } from '../scripts/local-network';
import {
  PORT_BLOCKS,
  TEST_CLUSTER_KEY,
  TestCluster,
  eventually,
  getJson,
  readLog,
} from './support/cluster';
import { TestGatewayClient } from './support/gateway-client';
import { signedJson } from './support/signing';

const AIRLINES = ['JG', 'IP', 'RC'];
const PASSWORD = 'viagem-segura-2026';

interface Status {
  airlines: Array<{ code: string; reachable: boolean }>;
}

/** Waits until `node` lists every one of `codes` as reachable. */
async function waitForMap(node: RunningNode, codes: readonly string[]): Promise<void> {
  await eventually(
    async () => {
      const { body } = await getJson<Status>(`${node.httpUrl}/status`);
      const reachable = body.airlines.filter((airline) => airline.reachable);
      return codes.every((code) => reachable.some((airline) => airline.code === code))
        ? true
        : undefined;
    },
    15_000,
    `${node.spec.code} to reach ${codes.join(', ')}`,
  );
}

/** Runs both requests and returns their results, successes and errors alike. */
async function settle<T>(requests: Array<Promise<T>>): Promise<Array<T | GatewayErrorBody>> {
  const results = await Promise.allSettled(requests);
  return results.map((result) =>
    result.status === 'fulfilled' ? result.value : (result.reason as GatewayErrorBody),
  );
}

describe('passenger accounts across three nodes', () => {
  const cluster = TestCluster.create('accounts');
  const gateways = new Map<string, TestGatewayClient>();
  const tokens: string[] = [];
  let jg: RunningNode;
  let ip: RunningNode;
  let rc: RunningNode;
  let rcSpec: NodeSpec;

  const gateway = (code: string): TestGatewayClient => {
    const client = gateways.get(code);
    if (!client) {
      throw new Error(`no gateway client for ${code}`);
    }
    return client;
  };

  const register = (code: string, email: string, name = 'Maria Souza') =>
    gateway(code).send<RegisterResponse>('accounts.register', {
      email,
      name,
      password: PASSWORD,
    });

  const logIn = async (code: string, email: string): Promise<LogInResponse> => {
    const session = await gateway(code).send<LogInResponse>('accounts.login', {
      email,
      password: PASSWORD,
    });
    tokens.push(session.token);
    return session;
  };

  beforeAll(async () => {
    const [jgSpec, ipSpec, plannedRc] = cluster.plan(PORT_BLOCKS.accounts);
    rcSpec = plannedRc;
    // RC starts in the first test, so JG and IP begin with a map of two airlines.
    [jg, ip] = await cluster.start([jgSpec, ipSpec]);
    for (const spec of [jgSpec, ipSpec, rcSpec]) {
      gateways.set(spec.code, new TestGatewayClient(spec.tcpPort));
    }
    await waitForMap(jg, ['JG', 'IP']);
    await waitForMap(ip, ['JG', 'IP']);
  });

  afterAll(async () => {
    for (const client of gateways.values()) {
      client.close();
    }
    await cluster.dispose();
  });

  it('account from before a node joined is found by the fallback', async () => {
    // Owned by IP while the map contains JG and IP. RC takes it over when it joins.
    const email = findEmail(
      'before-join',
      [['JG', 'IP'], AIRLINES],
      ([before, after]) => before === 'IP' && after === 'RC',
    );
    const registered = await register('JG', email);

    [rc] = await cluster.start([rcSpec]);
    for (const node of [jg, ip, rc]) {
      await waitForMap(node, AIRLINES);
    }

    const onJg = await logIn('JG', email);
    const onRc = await logIn('RC', email);
    expect(onJg.account.id).toBe(registered.account.id);
    expect(onRc.account.id).toBe(registered.account.id);
    expect(readLog(jg)).toContain('Account found outside its owner node');
  });

  it('register on JG, log in on IP and RC', async () => {
    const email = emailOwnedBy('RC', AIRLINES, 'maria');
    const registered = await register('JG', email.toUpperCase());
    expect(registered.account.email).toBe(email);
    expect(registered.account.homeAirline).toBe('JG');

    const onIp = await logIn('IP', email);
    const onRc = await logIn('RC', email);
    const onJg = await logIn('JG', email);
    for (const session of [onIp, onRc, onJg]) {
      expect(session.account).toEqual(registered.account);
      expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }

    // Sessions stay on the node that opened them.
    const elsewhere = await gateway('RC').error('accounts.logout', { token: onIp.token });
    expect(elsewhere.code).toBe('SESSION_INVALID');
    await expect(gateway('IP').send('accounts.logout', { token: onIp.token })).resolves.toEqual({
      loggedOut: true,
    });
  });

  it('wrong password on IP is refused', async () => {
    const email = emailOwnedBy('RC', AIRLINES, 'wrong');
    await register('JG', email);

    const error = await gateway('IP').error('accounts.login', {
      email,
      password: 'wrong-password-1',
      lang: 'en',
    });

    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.message).toBe('Wrong email or password. Check them and try again.');
  });

  it('duplicate email on another node is EMAIL_TAKEN', async () => {
    const email = emailOwnedBy('IP', AIRLINES, 'taken');
    await register('RC', email);

    const error = await gateway('JG').error('accounts.register', {
      email,
      name: 'Maria 2',
      password: PASSWORD,
    });

    expect(error.code).toBe('EMAIL_TAKEN');
    expect(error.message).toContain(email);
  });

  it.each([
    ['a third node', 'RC'],
    ['one of the two nodes', 'JG'],
  ])('simultaneous registrations owned by %s: one wins', async (_case, owner) => {
    const email = emailOwnedBy(owner, AIRLINES, `race-${owner}-`);

    const results = await settle([
      register('JG', email, 'Maria on JG'),
      register('IP', email, 'Maria on IP'),
    ]);

    const winners = results.filter((result): result is RegisterResponse => 'account' in result);
    const losers = results.filter((result): result is GatewayErrorBody => 'code' in result);
    expect(winners).toHaveLength(1);
    expect(losers.map((loser) => loser.code)).toEqual(['EMAIL_TAKEN']);
    const session = await logIn('RC', email);
    expect(session.account.id).toBe(winners[0].account.id);
  });

  it('inter-node routes validate and need a signature', async () => {
    const invalid = await signedJson<{ statusCode: number; message: string[] }>(
      TEST_CLUSTER_KEY,
      rc.httpUrl,
      'POST',
      '/v1/accounts',
      { email: 'not-an-email', name: '', passwordHash: 'plain-text', homeAirline: 'jg' },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toEqual(
      expect.arrayContaining([
        'email must be an email',
        'name should not be empty',
        'passwordHash must be an scrypt hash: scrypt$N$r$p$<salt>$<key>',
        'homeAirline must be a two-character airline code, e.g. JG',
      ]),
    );

    const unsigned = await getJson<{ code: string }>(`${rc.httpUrl}/v1/accounts/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'maria@example.com', password: PASSWORD }),
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.code).toBe('CLUSTER_AUTH_FAILED');
  });

  it('verify answers the account without its hash', async () => {
    const email = emailOwnedBy('RC', AIRLINES, 'verify');
    await register('IP', email);

    const answer = await signedJson<{ verified: boolean; account: { homeAirline: string } }>(
      TEST_CLUSTER_KEY,
      rc.httpUrl,
      'POST',
      '/v1/accounts/verify',
      { email, password: PASSWORD },
    );

    expect(answer.status).toBe(200);
    expect(answer.body.verified).toBe(true);
    expect(answer.body.account.homeAirline).toBe('IP');
    expect(JSON.stringify(answer.body)).not.toContain('scrypt');
    const unknown = await signedJson<{ verified: boolean; code: string }>(
      TEST_CLUSTER_KEY,
      rc.httpUrl,
      'POST',
      '/v1/accounts/verify',
      { email: 'nobody@example.com', password: PASSWORD },
    );
    expect(unknown.body).toEqual({ verified: false, code: 'ACCOUNT_NOT_FOUND' });
  });

  it('owner node stopped: ACCOUNT_DIRECTORY_UNREACHABLE', async () => {
    const registeredEarlier = emailOwnedBy('RC', AIRLINES, 'before-stop');
    await register('JG', registeredEarlier);
    await cluster.stop(rc);

    const email = emailOwnedBy('RC', AIRLINES, 'owner-down');
    const registration = await gateway('JG').error('accounts.register', {
      email,
      name: 'Maria Souza',
      password: PASSWORD,
      lang: 'en',
    });
    expect(registration.code).toBe('ACCOUNT_DIRECTORY_UNREACHABLE');
    expect(registration.message).toContain('airline RC');

    const logInError = await gateway('IP').error('accounts.login', {
      email: registeredEarlier,
      password: PASSWORD,
    });
    expect(logInError.code).toBe('ACCOUNT_DIRECTORY_UNREACHABLE');
    expect(logInError.message).toContain('companhia RC');

    const ownedByJg = emailOwnedBy('JG', AIRLINES, 'owner-up');
    await expect(register('IP', ownedByJg)).resolves.toMatchObject({
      account: { email: ownedByJg, homeAirline: 'IP' },
    });
  });

  it('no node logs a password, hash or token', () => {
    expect(tokens.length).toBeGreaterThan(0);
    for (const node of [jg, ip, rc]) {
      const log = readLog(node);
      expect(log).not.toContain(PASSWORD);
      expect(log).not.toContain('scrypt$');
      for (const token of tokens) {
        expect(log).not.toContain(token);
      }
    }
  });
});
