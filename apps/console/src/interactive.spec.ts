import { GatewayRejection, NodeUnreachableError } from './errors';
import { checkNewPassword } from './interactive';
import { parseYesNo } from './prompt-form';
import { runMenuSession as session } from './testing/console-runs';
import {
  ACCOUNT,
  AIRPORTS_RESPONSE,
  EMPTY_SEARCH_RESPONSE,
  FLIGHTS_RESPONSE,
  LOG_IN_RESPONSE,
  SEARCH_RESPONSE,
  TOKEN,
} from './testing/fixtures';

const logOutOk = { logOut: () => ({ loggedOut: true as const }) };

describe('interactive menu', () => {
  it('shows node and choices', async () => {
    const { prompter } = await session(['8']);

    expect(prompter.output).toContain('Interline · nó 127.0.0.1:4321');
    expect(prompter.output).toContain('Nenhuma sessão iniciada.');
    expect(prompter.output).toContain('  1) Criar conta');
    expect(prompter.output).toContain('  5) Buscar itinerários');
    expect(prompter.output).toContain('  8) Encerrar o console');
  });

  it('quit exits 0', async () => {
    const { exitCode, prompter } = await session(['8']);

    expect(exitCode).toBe(0);
    expect(prompter.output.trimEnd().endsWith('Até logo!')).toBe(true);
  });

  it('EOF exits cleanly', async () => {
    const { exitCode, prompter } = await session([]);

    expect(exitCode).toBe(0);
    expect(prompter.output).toContain('Até logo!');
  });

  it('invalid choice asks again', async () => {
    const { prompter } = await session(['9', 'abc', '8']);

    expect(prompter.output.match(/Opção inválida\. Digite um número de 1 a 8\./g)).toHaveLength(2);
  });

  it('invalid choice is not repeated', async () => {
    const { prompter } = await session(['senhaboa1234', '8']);

    // The scripted prompter echoes each answer once, as a terminal would.
    expect(prompter.output.match(/senhaboa1234/g)).toHaveLength(1);
  });
});

describe('interactive log in', () => {
  it('hides the password and keeps the session', async () => {
    const { gateway, prompter } = await session(['2', ACCOUNT.email, 'segredo2026abc', '8'], {
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
    const { gateway } = await session(['2', ACCOUNT.email, 'segredo2026abc', '8'], {
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
    const { prompter } = await session(['2', ACCOUNT.email, 'errada', '8'], {
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
    const { gateway, prompter } = await session(['2', '', '8']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain('Operação cancelada.');
  });

  it('asks again for a bad email', async () => {
    const { gateway, prompter } = await session(
      ['2', 'bruno@exemplo', ACCOUNT.email, 'segredo2026abc', '8'],
      { logIn: () => LOG_IN_RESPONSE, ...logOutOk },
    );

    expect(prompter.output).toContain("Valor inválido para e-mail: 'bruno@exemplo'.");
    expect(prompter.output).not.toContain('[INVALID_USAGE]');
    expect(gateway.calls[0].payload).toEqual({ email: ACCOUNT.email, password: 'segredo2026abc' });
  });
});

describe('interactive log out', () => {
  it('without session says so', async () => {
    const { gateway, prompter } = await session(['7', '8']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain('Nenhuma sessão ativa.');
  });

  it('keeps the token when unreachable', async () => {
    let attempts = 0;
    const { gateway } = await session(['2', ACCOUNT.email, 'segredo2026abc', '7', '7', '8'], {
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
      ['2', ACCOUNT.email, 'segredo2026abc', '7', '7', '8'],
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
  it('asks again for a bad email', async () => {
    const { prompter } = await session(['1', ACCOUNT.name, 'bruno@exemplo', '']);

    expect(prompter.questions.slice(0, 4).map((entry) => entry.question)).toEqual([
      'Escolha uma opção (1-8): ',
      'Nome: ',
      'E-mail: ',
      'E-mail: ',
    ]);
    expect(prompter.output).toContain(
      "Valor inválido para e-mail: 'bruno@exemplo'. Use um endereço de e-mail completo",
    );
  });

  it('sends the corrected email', async () => {
    const { gateway } = await session(
      [
        '1',
        ACCOUNT.name,
        'bruno@exemplo',
        ` ${ACCOUNT.email} `,
        'segredo2026abc',
        'segredo2026abc',
        'n',
        '8',
      ],
      { register: () => ({ account: ACCOUNT }) },
    );

    expect(gateway.calls[0].payload).toMatchObject({ email: ACCOUNT.email });
  });

  it('cancels after three bad emails', async () => {
    const { gateway, prompter } = await session(['1', ACCOUNT.name, 'a@b', 'c@d', 'e@f', '8']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain("Valor inválido para e-mail: 'e@f'.");
    expect(prompter.output).toContain('Operação cancelada depois de 3 respostas inválidas.');
  });

  it('explains three rejected passwords', async () => {
    const { gateway, prompter } = await session([
      '1',
      ACCOUNT.name,
      ACCOUNT.email,
      'curta',
      'semdigitos',
      'outracurta',
      '8',
    ]);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain(
      'Operação cancelada depois de 3 senhas recusadas. A senha deve ter de 10 a 128 caracteres, ' +
        'com pelo menos uma letra e um dígito, e a confirmação deve ser igual a ela.',
    );
  });

  it('does not repeat a late password', async () => {
    const { prompter } = await session([
      '1',
      ACCOUNT.name,
      ACCOUNT.email,
      'curta',
      'curta',
      'curta',
      'senhaboa1234',
      '8',
    ]);

    expect(prompter.output.match(/senhaboa1234/g)).toHaveLength(1);
    expect(prompter.output).toContain('Opção inválida. Digite um número de 1 a 8.');
  });

  it('asks again after a weak password', async () => {
    const { gateway, prompter } = await session(
      ['1', ACCOUNT.name, ACCOUNT.email, 'curta', 'segredo2026abc', 'segredo2026abc', 'n', '8'],
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
      ['1', ACCOUNT.name, ACCOUNT.email, 'segredo2026abc', 'segredo2026abc', '', '8'],
      { register: () => ({ account: ACCOUNT }), logIn: () => LOG_IN_RESPONSE, ...logOutOk },
    );

    expect(gateway.calls.map((call) => call.method)).toEqual(['register', 'logIn', 'logOut']);
  });
});

describe('interactive lists', () => {
  it('flights default to today', async () => {
    const { gateway, prompter } = await session(['4', '', '', '', '8'], {
      listFlights: () => FLIGHTS_RESPONSE,
    });

    expect(prompter.questions[1].question).toContain('Enter para hoje, 2026-03-12');
    expect(gateway.calls[0]).toEqual({ method: 'listFlights', payload: { date: '2026-03-12' } });
    expect(prompter.output).toContain('JG 2150');
  });

  it('flights mark departures before now', async () => {
    const { prompter } = await session(['4', '', '', '', '8'], {
      listFlights: () => FLIGHTS_RESPONSE,
    });

    // The clock reads 15:00 UTC, after JG 2150 left at 13:05 UTC and before JG 2291.
    expect(prompter.output).toMatch(/JG 2150 .* partiu /);
    expect(prompter.output).toMatch(/JG 2291 .* esgotado /);
  });

  it('flights ask again for a bad code', async () => {
    const { gateway, prompter } = await session(['4', '2026-03-13', 'SS', 'ssa', 'mao', '8'], {
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
    const { gateway, prompter } = await session(['4', 'x', 'y', 'z', '8']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain("Valor inválido para data: 'z'.");
    expect(prompter.output).toContain('Operação cancelada depois de 3 respostas inválidas.');
  });

  it('airports send query and served flag', async () => {
    const { gateway } = await session(['3', 'salvador', 's', '8'], {
      listAirports: () => AIRPORTS_RESPONSE,
    });

    expect(gateway.calls[0].payload).toEqual({ query: 'salvador', servedOnly: true });
  });

  it('airports without filters', async () => {
    const { gateway } = await session(['3', '', '', '8'], {
      listAirports: () => AIRPORTS_RESPONSE,
    });

    expect(gateway.calls[0].payload).toEqual({});
  });
});

describe('interactive search', () => {
  const searchReply = { searchItineraries: () => SEARCH_RESPONSE };

  it('sends the answers and shows itineraries', async () => {
    const { gateway, prompter } = await session(
      ['5', 'ssa', 'bel', '2026-12-04', '2', '8'],
      searchReply,
    );

    expect(prompter.questions.slice(1, 5).map((entry) => entry.question)).toEqual([
      'Origem, código IATA: ',
      'Destino, código IATA: ',
      'Data da partida, AAAA-MM-DD (Enter para hoje, 2026-03-12): ',
      'Passageiros, de 1 a 9 (Enter para 1): ',
    ]);
    expect(gateway.calls).toEqual([
      {
        method: 'searchItineraries',
        payload: { origin: 'SSA', destination: 'BEL', date: '2026-12-04', passengers: 2 },
      },
    ]);
    expect(prompter.output).toContain(
      '1) 07:10 BRT → 00:25 BRT +1 · 17h15 · 2 conexões · R$\u00a01.369,30 por passageiro',
    );
    expect(prompter.output).toContain('     conexão em CWB: 5h50');
  });

  it('defaults to today and one passenger', async () => {
    const { gateway } = await session(['5', 'SSA', 'BEL', '', '', '8'], searchReply);

    expect(gateway.calls[0].payload).toEqual({
      origin: 'SSA',
      destination: 'BEL',
      date: '2026-03-12',
      passengers: 1,
    });
  });

  it('asks again for bad passengers', async () => {
    const { gateway, prompter } = await session(
      ['5', 'SSA', 'BEL', '', '0', '10', '3', '8'],
      searchReply,
    );

    expect(prompter.output).toContain(
      "Valor inválido para passageiros: '0'. Use um número inteiro de 1 a 9.",
    );
    expect(prompter.output).toContain("Valor inválido para passageiros: '10'.");
    expect(gateway.calls[0].payload).toMatchObject({ passengers: 3 });
  });

  it('asks again for a bad code', async () => {
    const { gateway, prompter } = await session(
      ['5', 'SSA', 'BE', 'BEL', '', '', '8'],
      searchReply,
    );

    expect(prompter.output).toContain("Valor inválido para destino: 'BE'.");
    expect(gateway.calls[0].payload).toMatchObject({ destination: 'BEL' });
  });

  it('blank origin cancels', async () => {
    const { gateway, prompter } = await session(['5', '', '8']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain('Deixe um campo em branco para voltar ao menu.');
    expect(prompter.output).toContain('Operação cancelada.');
  });

  it('blank destination cancels', async () => {
    const { gateway, prompter } = await session(['5', 'SSA', '', '8']);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain('Operação cancelada.');
  });

  it('shows an empty result', async () => {
    const { prompter } = await session(['5', 'SSA', 'BEL', '', '', '8'], {
      searchItineraries: () => EMPTY_SEARCH_RESPONSE,
    });

    expect(prompter.output).toContain(
      'Nenhum itinerário de SSA para BEL em sexta-feira, 4 de dezembro de 2026, 1 passageiro.\n' +
        'Tente outra data.',
    );
  });

  it('shows a node error and the menu', async () => {
    const { prompter } = await session(['5', 'SSA', 'SSA', '', '', '8'], {
      searchItineraries: () => {
        throw new GatewayRejection({
          code: 'SAME_ORIGIN_AND_DESTINATION',
          message: 'Origem e destino são o mesmo aeroporto.',
        });
      },
    });

    expect(prompter.output).toContain(
      'Origem e destino são o mesmo aeroporto. [SAME_ORIGIN_AND_DESTINATION]',
    );
    expect(prompter.output.match(/5\) Buscar itinerários/g)).toHaveLength(2);
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
