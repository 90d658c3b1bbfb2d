import type {
  GatewayErrorBody,
  ListAirportsResponse,
  ListFlightsResponse,
  LogInResponse,
  RegisterResponse,
} from '@interline/contracts';

import type { RunningNode } from '../scripts/local-network';
import { PORT_BLOCKS, TestCluster, getJson, readLog } from './support/cluster';
import { TestGatewayClient, parseFrame, sendRawFrame } from './support/gateway-client';

const PASSWORD = 'viagem-segura-2026';

describe('client gateway over TCP', () => {
  const cluster = TestCluster.create('gateway');
  let node: RunningNode;
  let client: TestGatewayClient;

  beforeAll(async () => {
    [node] = await cluster.start(cluster.plan(PORT_BLOCKS.gateway, 1, { INTERLINE_PEERS: '' }));
    client = new TestGatewayClient(node.spec.tcpPort);
  });

  afterAll(async () => {
    client.close();
    await cluster.dispose();
  });

  it('register, log in and log out', async () => {
    const registered = await client.send<RegisterResponse>('accounts.register', {
      email: 'Maria@Example.com.br',
      name: 'Maria Souza',
      password: PASSWORD,
    });
    expect(registered.account.email).toBe('maria@example.com.br');
    expect(registered.account.homeAirline).toBe('JG');

    const session = await client.send<LogInResponse>('accounts.login', {
      email: 'maria@example.com.br',
      password: PASSWORD,
    });
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());

    await expect(client.send('accounts.logout', { token: session.token })).resolves.toEqual({
      loggedOut: true,
    });
    const again = await client.error('accounts.logout', { token: session.token });
    expect(again.code).toBe('SESSION_INVALID');

    expect(readLog(node)).not.toContain(session.token);
    expect(readLog(node)).not.toContain(PASSWORD);
  });

  it('duplicate email is rejected in Portuguese by default', async () => {
    await client.send('accounts.register', {
      email: 'joao@example.com',
      name: 'João',
      password: PASSWORD,
    });
    const error = await client.error('accounts.register', {
      email: 'JOAO@example.com',
      name: 'João 2',
      password: PASSWORD,
    });
    expect(error.code).toBe('EMAIL_TAKEN');
    expect(error.message).toContain('Já existe uma conta');
  });

  it('wrong password is slowed down after repeats', async () => {
    await client.send('accounts.register', {
      email: 'lia@example.com',
      name: 'Lia',
      password: PASSWORD,
    });
    const codes: string[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      codes.push(
        (
          await client.error('accounts.login', {
            email: 'lia@example.com',
            password: 'wrong-password-1',
          })
        ).code,
      );
    }
    expect(codes.slice(0, 4)).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
    ]);
    expect(codes[4]).toBe('TOO_MANY_ATTEMPTS');
    const blocked = await client.error('accounts.login', {
      email: 'lia@example.com',
      password: PASSWORD,
      lang: 'en',
    });
    expect(blocked.code).toBe('TOO_MANY_ATTEMPTS');
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.message).toContain('Too many log-in attempts');
  });

  it('invalid fields are listed one by one', async () => {
    const error = await client.error('accounts.register', {
      email: 'not-an-email',
      name: '',
      password: 'short1',
      lang: 'en',
      admin: true,
    });
    expect(error.code).toBe('INVALID_REQUEST');
    const fields = (error.violations ?? []).map((violation) => violation.field).sort();
    expect(fields).toEqual(['admin', 'email', 'name', 'password']);
    const password = error.violations?.find((violation) => violation.field === 'password');
    expect(password?.value).toBeUndefined();
    expect(password?.message).toContain('between 10 and 128 characters');
    const email = error.violations?.find((violation) => violation.field === 'email');
    expect(email?.value).toBe('not-an-email');
  });

  it('non-object payload is an invalid request', async () => {
    const error = await client.error('airports.list', 'GRU');
    expect(error.code).toBe('INVALID_REQUEST');
  });

  it('unknown pattern gets a coded error', async () => {
    const error = await client.error('tickets.steal', { lang: 'en' });
    expect(error.code).toBe('UNKNOWN_PATTERN');
    expect(error.message).toContain('accounts.register');
  });

  it('airports list marks served airports', async () => {
    const { airports } = await client.send<ListAirportsResponse>('airports.list', {
      servedOnly: true,
    });
    expect(airports.length).toBeGreaterThanOrEqual(10);
    expect(airports.every((airport) => airport.served)).toBe(true);
    expect(airports.map((airport) => airport.iata)).toEqual(expect.arrayContaining(['FOR', 'SSA']));
    const search = await client.send<ListAirportsResponse>('airports.list', { query: 'belem' });
    expect(search.airports.map((airport) => airport.iata)).toContain('BEL');
  });

  it('flights of a date with a filter', async () => {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(
      new Date(),
    );
    const response = await client.send<ListFlightsResponse>('flights.list', {
      date,
      origin: 'ssa',
      destination: 'FOR',
    });
    expect(response.airline.code).toBe('JG');
    expect(response.flights.length).toBeGreaterThan(0);
    for (const flight of response.flights) {
      expect(flight.origin).toBe('SSA');
      expect(flight.destination).toBe('FOR');
      expect(flight.seatsAvailable).toBeLessThanOrEqual(flight.capacity);
    }
    const invalid = await client.error('flights.list', { date: '2026-02-30' });
    expect(invalid.code).toBe('INVALID_REQUEST');
    expect(invalid.violations?.[0].field).toBe('date');
  });

  it('malformed frame closes only that connection', async () => {
    const { reply, closedByServer } = await sendRawFrame(node.spec.tcpPort, 'hello there#{}');
    expect(closedByServer).toBe(true);
    expect(parseFrame<{ err: GatewayErrorBody }>(reply).err.code).toBe('MALFORMED_FRAME');

    const lenient = await sendRawFrame(node.spec.tcpPort, '2abc#{}');
    expect(lenient.closedByServer).toBe(true);
    expect(parseFrame<{ err: GatewayErrorBody }>(lenient.reply).err.code).toBe('MALFORMED_FRAME');

    const broken = await sendRawFrame(node.spec.tcpPort, '8#{"oops":');
    expect(broken.closedByServer).toBe(true);
    expect(parseFrame<{ err: GatewayErrorBody }>(broken.reply).err.code).toBe('MALFORMED_FRAME');

    const airports = await client.send<ListAirportsResponse>('airports.list', { query: 'GRU' });
    expect(airports.airports.length).toBeGreaterThan(0);
  });

  it('oversized frame is rejected from its header', async () => {
    const { reply, closedByServer } = await sendRawFrame(node.spec.tcpPort, '5000000#{"pattern":');
    expect(closedByServer).toBe(true);
    const error = parseFrame<{ err: GatewayErrorBody }>(reply).err;
    expect(error.code).toBe('FRAME_TOO_LARGE');
    expect(error.message).toContain('5000000');
  });

  it('oversized body is rejected when it arrives', async () => {
    const big = JSON.stringify({
      pattern: 'airports.list',
      id: '1',
      data: { query: 'x'.repeat(100_000) },
    });
    const { reply, closedByServer } = await sendRawFrame(node.spec.tcpPort, `${big.length}#${big}`);
    expect(closedByServer).toBe(true);
    expect(parseFrame<{ err: GatewayErrorBody }>(reply).err.code).toBe('FRAME_TOO_LARGE');
  });

  it('node keeps serving after bad frames', async () => {
    const { status } = await getJson(`${node.httpUrl}/status`);
    expect(status).toBe(200);
    const fresh = new TestGatewayClient(node.spec.tcpPort);
    try {
      const { airports } = await fresh.send<ListAirportsResponse>('airports.list', {
        query: 'Fortaleza',
      });
      expect(airports.map((airport) => airport.iata)).toContain('FOR');
    } finally {
      fresh.close();
    }
    const metrics = await (await fetch(`${node.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /^interline_gateway_connections_closed_total\{reason="too_large"\} [1-9]\d*$/m,
    );
    expect(metrics).toMatch(
      /^interline_gateway_messages_total\{pattern="accounts.register",outcome="EMAIL_TAKEN"\} [1-9]\d*$/m,
    );
  });
});
