import { createView } from './commands';
import { GatewayRejection, NodeUnreachableError } from './errors';
import { checkNewPassword, InteractiveConsole, parseYesNo } from './interactive';
import { FakeGateway, ScriptedPrompter, type GatewayReplies } from './testing/fakes';
import {
  ACCOUNT,
  AIRPORTS_RESPONSE,
  FLIGHTS_RESPONSE,
  LOG_IN_RESPONSE,
  TOKEN,
} from './testing/fixtures';

/** Runs a session with scripted answers. The clock reads 12 March 2026, 15:00 UTC. */
async function session(answers: string[], replies: Partial<GatewayReplies> = {}) {
  const gateway = new FakeGateway(replies);
  const prompter = new ScriptedPrompter(answers);
  const console = new InteractiveConsole({
    gateway,
    prompter,
    view: createView({ lang: 'pt-BR', color: false }),
    node: '127.0.0.1:4321',
    now: () => new Date('2026-03-12T15:00:00Z'),
  });
  const exitCode = await console.run();
  return { exitCode, gateway, prompter };
}

const logOutOk = { logOut: () => ({ loggedOut: true as const }) };

describe('interactive menu', () => {
  it('shows node and choices', async () => {
    const { prompter } = await session(['6']);

    expect(prompter.output).toContain('Interline · nó 127.0.0.1:4321');
    expect(prompter.output).toContain('Nenhuma sessão iniciada.');
    expect(prompter.output).toContain('  1) Criar conta');
    expect(prompter.output).toContain('  6) Encerrar o console');
  });

  it('quit exits 0', async () => {
    const { exitCode, prompter } = await session(['6']);

    expect(exitCode).toBe(0);
    expect(prompter.output.trimEnd().endsWith('Até logo!')).toBe(true);
  });

  it('EOF exits cleanly', async () => {
    const { exitCode, prompter } = await session([]);

    expect(exitCode).toBe(0);
    expect(prompter.output).toContain('Até logo!');
  });

  it('invalid choice asks again', async () => {
    const { prompter } = await session(['9', 'abc', '6']);

    expect(prompter.output).toContain("Opção inválida: '9'. Digite um número de 1 a 6.");
    expect(prompter.output).toContain("Opção inválida: 'abc'.");
  });
});

describe('interactive log in', () => {
  it('hides the password and keeps the session', async () => {
    const { gateway, prompter } = await session(['2', ACCOUNT.email, 'segredo2026abc', '6'], {
      logIn: () => LOG_IN_RESPONSE,
      ...logOutOk,
    });

    expect(prompter.questions[2]).toEqual({ question: 'Senha: ', hidden: true });
    expect(gateway.calls[0]).toEqual({
      method: 'logIn',
      payload: { email: ACCOUNT.email, password: 'segredo2026abc' },
    });
    expect(prompter.output).toContain('Sessão: Maria Souza <maria@exemplo.com.br>, conta da JG');
  });

  it('quit logs the session out', async () => {
    const { gateway } = await session(['2', ACCOUNT.email, 'segredo2026abc', '6'], {
      logIn: () => LOG_IN_RESPONSE,
      ...logOutOk,
    });

    expect(gateway.calls[1]).toEqual({ method: 'logOut', payload: { token: TOKEN } });
  });

  it('EOF logs the session out', async () => {
    const { gateway } = await session(['2', ACCOUNT.email, 'segredo2026abc'], {
      logIn: () => LOG_IN_RESPONSE,
      ...logOutOk,
    });

    expect(gateway.calls.map((call) => call.method)).toEqual(['logIn', 'logOut']);
  });

  it('error returns to the menu', async () => {
    const { prompter } = await session(['2', ACCOUNT.email, 'errada', '6'], {
      logIn: () => {
        throw new GatewayRejection({
          code: 'INVALID_CREDENTIALS',
          message: 'E-mail ou senha incorretos.',
        });
      },
    });

    expect(prompter.output).toContain('E-mail ou senha incorretos. [INVALID_CREDENTIALS]');
    expect(prompter.output.match(/1\) Criar conta/g)).toHaveLength(2);
  });

  it('blank email cancels', async () => {
    const { gateway, prompter } = await session(['2', '', '6']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain('Operação cancelada.');
  });
});

describe('interactive log out', () => {
  it('without session says so', async () => {
    const { gateway, prompter } = await session(['5', '6']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain('Nenhuma sessão ativa.');
  });

  it('keeps the token when unreachable', async () => {
    let attempts = 0;
    const { gateway } = await session(['2', ACCOUNT.email, 'segredo2026abc', '5', '5', '6'], {
      logIn: () => LOG_IN_RESPONSE,
      logOut: () => {
        attempts += 1;
        if (attempts === 1) {
          throw new NodeUnreachableError('127.0.0.1:4321', 'ECONNRESET');
        }
        return { loggedOut: true };
      },
    });

    expect(gateway.calls.map((call) => call.method)).toEqual(['logIn', 'logOut', 'logOut']);
  });

  it('forgets an invalid session', async () => {
    const { gateway, prompter } = await session(
      ['2', ACCOUNT.email, 'segredo2026abc', '5', '5', '6'],
      {
        logIn: () => LOG_IN_RESPONSE,
        logOut: () => {
          throw new GatewayRejection({ code: 'SESSION_INVALID', message: 'Sessão expirada.' });
        },
      },
    );

    expect(gateway.calls.map((call) => call.method)).toEqual(['logIn', 'logOut']);
    expect(prompter.output).toContain('Nenhuma sessão ativa.');
  });
});

describe('interactive register', () => {
  it('asks again after a weak password', async () => {
    const { gateway, prompter } = await session(
      ['1', ACCOUNT.name, ACCOUNT.email, 'curta', 'segredo2026abc', 'segredo2026abc', 'n', '6'],
      { register: () => ({ account: ACCOUNT }) },
    );

    expect(prompter.output).toContain('A senha deve ter de 10 a 128 caracteres.');
    expect(gateway.calls).toEqual([
      {
        method: 'register',
        payload: { email: ACCOUNT.email, name: ACCOUNT.name, password: 'segredo2026abc' },
      },
    ]);
  });

  it('asks again after a mismatch', async () => {
    const { prompter } = await session([
      '1',
      ACCOUNT.name,
      ACCOUNT.email,
      'segredo2026abc',
      'segredo2026abd',
      '',
    ]);

    expect(prompter.output).toContain('As senhas não conferem.');
    expect(prompter.output).toContain('Operação cancelada.');
  });

  it('logs in after registering', async () => {
    const { gateway } = await session(
      ['1', ACCOUNT.name, ACCOUNT.email, 'segredo2026abc', 'segredo2026abc', '', '6'],
      { register: () => ({ account: ACCOUNT }), logIn: () => LOG_IN_RESPONSE, ...logOutOk },
    );

    expect(gateway.calls.map((call) => call.method)).toEqual(['register', 'logIn', 'logOut']);
  });
});

describe('interactive lists', () => {
  it('flights default to today', async () => {
    const { gateway, prompter } = await session(['4', '', '', '', '6'], {
      listFlights: () => FLIGHTS_RESPONSE,
    });

    expect(prompter.questions[1].question).toContain('Enter para hoje, 2026-03-12');
    expect(gateway.calls[0]).toEqual({ method: 'listFlights', payload: { date: '2026-03-12' } });
    expect(prompter.output).toContain('JG 2150');
  });

  it('flights ask again for a bad code', async () => {
    const { gateway, prompter } = await session(['4', '2026-03-13', 'SS', 'ssa', 'mao', '6'], {
      listFlights: () => FLIGHTS_RESPONSE,
    });

    expect(prompter.output).toContain("Valor inválido para origem: 'SS'.");
    expect(gateway.calls[0].payload).toEqual({
      date: '2026-03-13',
      origin: 'SSA',
      destination: 'MAO',
    });
  });

  it('flights give up after three bad dates', async () => {
    const { gateway, prompter } = await session(['4', 'x', 'y', 'z', '6']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain("Valor inválido para data: 'z'.");
  });

  it('airports send query and served flag', async () => {
    const { gateway } = await session(['3', 'salvador', 's', '6'], {
      listAirports: () => AIRPORTS_RESPONSE,
    });

    expect(gateway.calls[0].payload).toEqual({ query: 'salvador', servedOnly: true });
  });

  it('airports without filters', async () => {
    const { gateway } = await session(['3', '', '', '6'], {
      listAirports: () => AIRPORTS_RESPONSE,
    });

    expect(gateway.calls[0].payload).toEqual({});
  });
});

describe('checkNewPassword', () => {
  it.each([
    ['curta1', 'register.passwordLength'],
    ['semdigitosaqui', 'register.passwordCharacters'],
    ['1234567890', 'register.passwordCharacters'],
    ['segredo2026abc', undefined],
  ])('%s', (password, expected) => {
    expect(checkNewPassword(password)).toBe(expected);
  });
});

describe('parseYesNo', () => {
  it.each([
    ['s', false, true],
    ['Sim', false, true],
    ['y', false, true],
    ['não', true, false],
    ['NO', true, false],
    ['', true, true],
    ['', false, false],
    ['talvez', false, false],
  ])('%j with fallback %s', (answer, fallback, expected) => {
    expect(parseYesNo(answer, fallback)).toBe(expected);
  });
});
