import type { Language } from '@interline/contracts';

import { GatewayRejection, NodeUnreachableError, RequestTimeoutError } from './errors';
import { runConsole } from './run-console';
import type { NodeAddress } from './settings';
import { FakeGateway, MemoryStream, emptyInput, type GatewayReplies } from './testing/fakes';
import {
  ACCOUNT,
  AIRPORTS_RESPONSE,
  FLIGHTS_RESPONSE,
  LOG_IN_RESPONSE,
  TOKEN,
} from './testing/fixtures';

interface ConsoleRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  gateway: FakeGateway;
  connections: { address: NodeAddress; lang: Language }[];
}

/** Runs the console in-process with a fake gateway. The clock reads 12 March 2026, 15:00 UTC. */
async function run(
  argv: string[],
  replies: Partial<GatewayReplies> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<ConsoleRun> {
  const gateway = new FakeGateway(replies);
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const connections: ConsoleRun['connections'] = [];
  const exitCode = await runConsole({
    argv,
    env,
    stdin: emptyInput(),
    stdout,
    stderr,
    connect: (address, lang) => {
      connections.push({ address, lang });
      return gateway;
    },
    now: () => new Date('2026-03-12T15:00:00Z'),
  });
  return { exitCode, stdout: stdout.text, stderr: stderr.text, gateway, connections };
}

const emailTaken = new GatewayRejection({
  code: 'EMAIL_TAKEN',
  message: 'Este e-mail já tem uma conta.',
});

describe('--json output', () => {
  it('prints the flights response', async () => {
    const result = await run(['flights', '--date', '2026-03-12', '--json'], {
      listFlights: () => FLIGHTS_RESPONSE,
    });

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(FLIGHTS_RESPONSE);
    expect(result.stderr).toBe('');
  });

  it('prints a gateway error body', async () => {
    const result = await run(
      ['--json', 'register', '--email', ACCOUNT.email, '--name', ACCOUNT.name],
      {
        register: () => {
          throw emailTaken;
        },
      },
      { INTERLINE_PASSWORD: 'segredo2026abc' },
    );

    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: emailTaken.body });
    expect(result.stderr).toBe('');
  });

  it('keeps violations and retry delay', async () => {
    const body = {
      code: 'TOO_MANY_ATTEMPTS' as const,
      message: 'Too many attempts.',
      retryAfterSeconds: 30,
      violations: [{ field: 'email', message: 'Locked.' }],
    };
    const result = await run(['login', '--email', ACCOUNT.email, '--password', 'x', '--json'], {
      logIn: () => {
        throw new GatewayRejection(body);
      },
    });

    expect(JSON.parse(result.stdout)).toEqual({ error: body });
  });

  it('prints an unreachable node', async () => {
    const result = await run(['airports', '--json'], {
      listAirports: () => {
        throw new NodeUnreachableError('127.0.0.1:4321', 'ECONNREFUSED');
      },
    });

    expect(result.exitCode).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'NODE_UNREACHABLE',
        message: expect.stringContaining('127.0.0.1:4321'),
        node: '127.0.0.1:4321',
      },
    });
  });

  it('prints a timeout', async () => {
    const result = await run(['airports', '--json', '--lang', 'en'], {
      listAirports: () => {
        throw new RequestTimeoutError('127.0.0.1:4321', 10);
      },
    });

    expect(result.exitCode).toBe(3);
    expect(JSON.parse(result.stdout).error.message).toBe(
      'The node at 127.0.0.1:4321 did not reply within 10 s. It may be overloaded or stuck. Try again shortly, or check the address in --node.',
    );
  });

  it('prints a usage error', async () => {
    const result = await run(['flights', '--date', '12/03/2026', '--json']);

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'INVALID_USAGE',
        message:
          "Valor inválido para --date: '12/03/2026'. Use uma data real no formato AAAA-MM-DD, por exemplo 2026-03-12.",
      },
    });
    expect(result.stderr).toBe('');
  });

  it('prints a commander error as JSON', async () => {
    const result = await run(['login', '--json']);

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toBe(
      'Falta a opção obrigatória --email <e-mail>.',
    );
  });

  it('is rejected in interactive mode', async () => {
    const result = await run(['--json']);

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('INVALID_USAGE');
  });
});

describe('sub-commands', () => {
  it('flights defaults to today in Brasília', async () => {
    const result = await run(['flights'], { listFlights: () => FLIGHTS_RESPONSE });

    expect(result.gateway.calls).toEqual([
      { method: 'listFlights', payload: { date: '2026-03-12' } },
    ]);
  });

  it('flights upper-cases airport codes', async () => {
    const result = await run(['flights', '--from', 'ssa', '--to', 'Mao'], {
      listFlights: () => FLIGHTS_RESPONSE,
    });

    expect(result.gateway.calls[0].payload).toEqual({
      date: '2026-03-12',
      origin: 'SSA',
      destination: 'MAO',
    });
  });

  it('flights rejects a bad code before connecting', async () => {
    const result = await run(['flights', '--from', 'SSAX']);

    expect(result.exitCode).toBe(2);
    expect(result.gateway.calls).toEqual([]);
    expect(result.stderr).toContain("Valor inválido para --from: 'SSAX'.");
  });

  it('airports sends query and served flag', async () => {
    const result = await run(['airports', '--query', ' salvador ', '--served'], {
      listAirports: () => AIRPORTS_RESPONSE,
    });

    expect(result.gateway.calls[0].payload).toEqual({ query: 'salvador', servedOnly: true });
    expect(result.stdout).toContain('Aeroporto Internacional de Salvador');
  });

  it('register reads INTERLINE_PASSWORD', async () => {
    const result = await run(
      ['register', '--email', ACCOUNT.email, '--name', ACCOUNT.name],
      { register: () => ({ account: ACCOUNT }) },
      { INTERLINE_PASSWORD: 'segredo2026abc' },
    );

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls[0].payload).toEqual({
      email: ACCOUNT.email,
      name: ACCOUNT.name,
      password: 'segredo2026abc',
    });
    expect(result.stdout).toContain('Conta criada.');
  });

  it('--password beats INTERLINE_PASSWORD', async () => {
    const result = await run(
      ['login', '--email', ACCOUNT.email, '--password', 'daLinha123'],
      { logIn: () => LOG_IN_RESPONSE },
      { INTERLINE_PASSWORD: 'doAmbiente123' },
    );

    expect(result.gateway.calls[0].payload).toEqual({
      email: ACCOUNT.email,
      password: 'daLinha123',
    });
  });

  it('login without password or terminal fails', async () => {
    const result = await run(['login', '--email', ACCOUNT.email]);

    expect(result.exitCode).toBe(2);
    expect(result.gateway.calls).toEqual([]);
    expect(result.stderr).toContain('Falta a senha.');
  });

  it('login prints token and how to use it', async () => {
    const result = await run(['login', '--email', ACCOUNT.email, '--password', 'x'], {
      logIn: () => LOG_IN_RESPONSE,
    });

    expect(result.stdout.split('\n')).toContain(TOKEN);
    expect(result.stdout).toContain(`export INTERLINE_TOKEN='${TOKEN}'`);
  });

  it('logout reads INTERLINE_TOKEN', async () => {
    const result = await run(
      ['logout'],
      { logOut: () => ({ loggedOut: true }) },
      { INTERLINE_TOKEN: TOKEN },
    );

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls[0].payload).toEqual({ token: TOKEN });
    expect(result.stdout).toBe('Sessão encerrada.\n');
  });

  it('logout without token fails', async () => {
    const result = await run(['logout', '--lang', 'en']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Missing session token.');
  });

  it('closes the gateway', async () => {
    const result = await run(['airports'], { listAirports: () => AIRPORTS_RESPONSE });

    expect(result.gateway.closed).toBe(true);
  });

  it('gateway error goes to stderr with code', async () => {
    const result = await run(
      ['register', '--email', ACCOUNT.email, '--name', ACCOUNT.name, '--password', 'x'],
      {
        register: () => {
          throw emailTaken;
        },
      },
    );

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Este e-mail já tem uma conta. [EMAIL_TAKEN]\n');
  });

  it('console bug exits 1 with a stack', async () => {
    const result = await run(['airports'], {
      listAirports: () => {
        throw new TypeError('boom');
      },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Erro interno do console: boom.');
    expect(result.stderr).toContain('TypeError: boom');
  });
});

describe('global options', () => {
  it('passes node and language to the gateway', async () => {
    const result = await run(['--node', '127.0.0.1:4322', '--lang', 'en', 'airports'], {
      listAirports: () => AIRPORTS_RESPONSE,
    });

    expect(result.connections).toEqual([
      { address: { host: '127.0.0.1', port: 4322 }, lang: 'en' },
    ]);
  });

  it('accepts global options after the command', async () => {
    const result = await run(['airports', '--node', '127.0.0.1:4323'], {
      listAirports: () => AIRPORTS_RESPONSE,
    });

    expect(result.connections[0].address.port).toBe(4323);
  });

  it('takes the language from LANG', async () => {
    const result = await run(
      ['airports'],
      { listAirports: () => AIRPORTS_RESPONSE },
      {
        LANG: 'en_US.UTF-8',
      },
    );

    expect(result.connections[0].lang).toBe('en');
    expect(result.stdout).toContain('2 airports');
  });

  it('bad --node exits 2', async () => {
    const result = await run(['--node', 'localhost', 'airports']);

    expect(result.exitCode).toBe(2);
    expect(result.connections).toEqual([]);
    expect(result.stderr).toContain(
      "Endereço de nó inválido em --node: 'localhost'. Use o formato host:porta",
    );
  });
});

describe('usage errors', () => {
  it('unknown option', async () => {
    const result = await run(['flights', '--form', 'SSA', '--lang', 'en']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Unknown option: '--form'. Did you mean --from?");
  });

  it('unknown command', async () => {
    const result = await run(['voos']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Comando desconhecido: 'voos'.");
    expect(result.connections).toEqual([]);
  });

  it('missing option value', async () => {
    const result = await run(['flights', '--date']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Falta o valor da opção --date <AAAA-MM-DD>.');
  });

  it('help exits 0 in Portuguese', async () => {
    const result = await run(['--help']);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Uso: interline-console [opções] [comando]');
    expect(result.stdout).toContain('Comandos:');
  });

  it('help follows --lang', async () => {
    const result = await run(['flights', '--help', '--lang', 'en']);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: interline-console flights [options]');
    expect(result.stdout).toContain('Global options:');
  });
});
