import {
  ConnectionClosedError,
  GatewayRejection,
  NodeUnreachableError,
  RequestTimeoutError,
} from './errors';
import { runConsoleWithFakes as run } from './testing/console-runs';
import {
  ACCOUNT,
  AIRPORTS_RESPONSE,
  EMPTY_SEARCH_RESPONSE,
  FLIGHTS_RESPONSE,
  LOG_IN_RESPONSE,
  SEARCH_RESPONSE,
  TOKEN,
} from './testing/fixtures';

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

  it('prints a closed connection', async () => {
    const result = await run(['airports', '--json', '--lang', 'en'], {
      listAirports: () => {
        throw new ConnectionClosedError('127.0.0.1:4311', 'Connection closed');
      },
    });

    expect(result.exitCode).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('CONNECTION_CLOSED');
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

describe('interactive start', () => {
  it('probes the node first', async () => {
    const result = await run([], { listAirports: () => ({ airports: [] }) });

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls).toEqual([
      { method: 'listAirports', payload: { query: 'zzz-none' } },
    ]);
    expect(result.stdout).toContain('1) Criar conta');
  });

  it('exits 3 before the menu', async () => {
    const result = await run(['--node', '127.0.0.1:4311'], {
      listAirports: () => {
        throw new ConnectionClosedError('127.0.0.1:4311', 'Connection closed');
      },
    });

    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('O endereço 127.0.0.1:4311 aceitou a conexão');
    expect(result.stderr).toContain('[CONNECTION_CLOSED]');
  });

  it('reports a stopped node', async () => {
    const result = await run([], {
      listAirports: () => {
        throw new NodeUnreachableError('127.0.0.1:4321', 'ECONNREFUSED');
      },
    });

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('[NODE_UNREACHABLE]');
  });

  it('closes gateway after failed probe', async () => {
    const result = await run([], {
      listAirports: () => {
        throw new RequestTimeoutError('127.0.0.1:4321', 10);
      },
    });

    expect(result.gateway.closed).toBe(true);
  });

  it('opens the menu after a rejection', async () => {
    const result = await run([], {
      listAirports: () => {
        throw new GatewayRejection({ code: 'INTERNAL_ERROR', message: 'Erro interno.' });
      },
    });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('1) Criar conta');
  });
});

describe('sub-commands', () => {
  it('flights defaults to today in Brasília', async () => {
    const result = await run(['flights'], { listFlights: () => FLIGHTS_RESPONSE });

    expect(result.gateway.calls).toEqual([
      { method: 'listFlights', payload: { date: '2026-03-12' } },
    ]);
  });

  it('flights marks departed flights', async () => {
    const result = await run(['flights'], { listFlights: () => FLIGHTS_RESPONSE });

    expect(result.stdout).toMatch(/JG 2150 .* partiu /);
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

  it('login on another node prints --node', async () => {
    const result = await run(
      ['login', '--email', ACCOUNT.email, '--password', 'x', '--node', '127.0.0.1:4322'],
      { logIn: () => LOG_IN_RESPONSE },
    );

    expect(result.stdout.split('\n')).toContain(
      '  npm run console -- logout --node 127.0.0.1:4322',
    );
    expect(result.stdout).toContain(
      'A sessão só vale no nó 127.0.0.1:4322, então os comandos que usam o token precisam de ' +
        '--node 127.0.0.1:4322.',
    );
  });

  it('login on the default node prints no --node', async () => {
    const result = await run(['login', '--email', ACCOUNT.email, '--password', 'x'], {
      logIn: () => LOG_IN_RESPONSE,
    });

    expect(result.stdout.split('\n')).toContain('  npm run console -- logout');
    expect(result.stdout).not.toContain('--node');
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

describe('search', () => {
  const searchReply = { searchItineraries: () => SEARCH_RESPONSE };

  it('sends defaults for date and passengers', async () => {
    const result = await run(['search', '--from', 'ssa', '--to', ' Bel '], searchReply);

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls).toEqual([
      {
        method: 'searchItineraries',
        payload: { origin: 'SSA', destination: 'BEL', date: '2026-03-12', passengers: 1 },
      },
    ]);
  });

  it('sends every option', async () => {
    const result = await run(
      [
        'search',
        '--from',
        'SSA',
        '--to',
        'BEL',
        '--date',
        '2026-12-04',
        '--passengers',
        '2',
        '--max-legs',
        '3',
        '--max-results',
        '50',
      ],
      searchReply,
    );

    expect(result.gateway.calls[0].payload).toEqual({
      origin: 'SSA',
      destination: 'BEL',
      date: '2026-12-04',
      passengers: 2,
      maxLegs: 3,
      maxResults: 50,
    });
  });

  it('accepts the limits of each range', async () => {
    const result = await run(
      ['search', '--from', 'SSA', '--to', 'BEL', '--passengers', '9', '--max-legs', '1'],
      searchReply,
    );

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls[0].payload).toMatchObject({ passengers: 9, maxLegs: 1 });
  });

  it.each([
    ['--passengers', '0', "Valor inválido para --passengers: '0'. Use um número inteiro de 1 a 9."],
    ['--passengers', '10', "Valor inválido para --passengers: '10'."],
    ['--passengers', '2.5', "Valor inválido para --passengers: '2.5'."],
    ['--passengers', 'dois', "Valor inválido para --passengers: 'dois'."],
    ['--passengers', '', "Valor inválido para --passengers: ''."],
    ['--max-legs', '0', "Valor inválido para --max-legs: '0'. Use um número inteiro de 1 a 4."],
    ['--max-legs', '5', "Valor inválido para --max-legs: '5'."],
    [
      '--max-results',
      '51',
      "Valor inválido para --max-results: '51'. Use um número inteiro de 1 a 50.",
    ],
    ['--max-results', '-1', "Valor inválido para --max-results: '-1'."],
    ['--date', '2026-02-30', "Valor inválido para --date: '2026-02-30'."],
    ['--date', '04/12/2026', "Valor inválido para --date: '04/12/2026'."],
    ['--from', 'SS', "Valor inválido para --from: 'SS'."],
    ['--to', 'BEL1', "Valor inválido para --to: 'BEL1'."],
  ])('rejects %s %j', async (option, value, message) => {
    const options: Record<string, string> = { '--from': 'SSA', '--to': 'BEL', [option]: value };
    const result = await run(['search', ...Object.entries(options).flat()]);

    expect(result.exitCode).toBe(2);
    expect(result.gateway.calls).toEqual([]);
    expect(result.stderr).toContain(message);
  });

  it('requires --to', async () => {
    const result = await run(['search', '--from', 'SSA', '--lang', 'en']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Missing required option --to <IATA>.');
  });

  it('prints the response with --json', async () => {
    const result = await run(['search', '--from', 'SSA', '--to', 'BEL', '--json'], searchReply);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(SEARCH_RESPONSE);
    expect(result.stderr).toBe('');
  });

  it('prints a usage error with --json', async () => {
    const result = await run([
      'search',
      '--from',
      'SSA',
      '--to',
      'BEL',
      '--max-legs',
      '9',
      '--json',
    ]);

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'INVALID_USAGE',
        message: "Valor inválido para --max-legs: '9'. Use um número inteiro de 1 a 4.",
      },
    });
  });

  it('prints itineraries for people', async () => {
    const result = await run(['search', '--from', 'SSA', '--to', 'BEL'], searchReply);

    expect(result.stdout).toContain('1 itinerário de SSA para BEL em sexta-feira');
    expect(result.stdout).toContain('conexão em FOR: 1h00');
    expect(result.stderr).toBe('');
  });

  it('suggests more legs after --max-legs', async () => {
    const result = await run(['search', '--from', 'SSA', '--to', 'BEL', '--max-legs', '2'], {
      searchItineraries: () => EMPTY_SEARCH_RESPONSE,
    });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('A busca aceitou no máximo 2 trechos.');
  });

  it.each([
    ['AIRPORT_NOT_FOUND' as const, 'Aeroporto não encontrado: XYZ.'],
    ['DATE_OUT_OF_RANGE' as const, 'A data está fora do período de busca.'],
    ['SAME_ORIGIN_AND_DESTINATION' as const, 'Origem e destino são o mesmo aeroporto.'],
  ])('reports %s from the node', async (code, message) => {
    const result = await run(['search', '--from', 'SSA', '--to', 'XYZ'], {
      searchItineraries: () => {
        throw new GatewayRejection({ code, message });
      },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(`${message} [${code}]\n`);
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
