import type { GatewayErrorCode } from '@interline/contracts';

import {
  ConnectionClosedError,
  GatewayRejection,
  NodeUnreachableError,
  RequestTimeoutError,
} from './errors';
import { runConsoleWithFakes as run } from './testing/console-runs';
import {
  BOOKING,
  CANCEL_RESPONSE,
  CANCELLED_BOOKING,
  IDEMPOTENCY_KEY,
  LIST_BOOKINGS_RESPONSE,
  PARTIAL_BOOKINGS_RESPONSE,
  PURCHASE_RESPONSE,
  SEARCH_RESPONSE,
  TOKEN,
} from './testing/fixtures';

const withToken = { INTERLINE_TOKEN: TOKEN };

const BUY = [
  'buy',
  '--flights',
  'flt_jg_1402,flt_ip_3310,flt_rc_4825',
  '--passenger',
  'Maria Souza',
  '--passenger',
  'João Souza',
];

const purchaseReply = { purchase: () => PURCHASE_RESPONSE };

describe('buy', () => {
  it('sends flights, names and a new key', async () => {
    const result = await run(BUY, purchaseReply, withToken);

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls).toEqual([
      {
        method: 'purchase',
        payload: {
          token: TOKEN,
          idempotencyKey: IDEMPOTENCY_KEY,
          flightIds: ['flt_jg_1402', 'flt_ip_3310', 'flt_rc_4825'],
          passengers: ['Maria Souza', 'João Souza'],
        },
      },
    ]);
  });

  it('prints the new key first', async () => {
    const result = await run(BUY, purchaseReply, withToken);

    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      `Chave da compra: ${IDEMPOTENCY_KEY}`,
      'Compra confirmada.',
    ]);
  });

  it.each([
    [
      'an invalid session',
      () => {
        throw new GatewayRejection({ code: 'SESSION_INVALID', message: 'Sessão expirada.' });
      },
    ],
    [
      'an invalid field',
      () => {
        throw new GatewayRejection({
          code: 'INVALID_REQUEST',
          message: 'Pedido inválido.',
          violations: [{ field: 'passengers', message: 'nome inválido' }],
        });
      },
    ],
    [
      'a sold-out flight',
      () => {
        throw new GatewayRejection({ code: 'SOLD_OUT', message: 'Esgotado.' });
      },
    ],
  ])('prints no key after %s', async (_case, purchase) => {
    const result = await run(BUY, { purchase }, withToken);

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain(IDEMPOTENCY_KEY);
  });

  it('prints the booking', async () => {
    const result = await run(BUY, purchaseReply, withToken);

    expect(result.stdout).toContain('Compra confirmada.\n\nLocalizador: K7QW2M\n');
    expect(result.stdout).toContain('    bilhete 63800000045010 · João Souza');
    expect(result.stderr).toBe('');
  });

  it('sends the given --key', async () => {
    const result = await run(
      [...BUY, '--key', 'retry-key-from-before-0001'],
      purchaseReply,
      withToken,
    );

    expect(result.gateway.calls[0].payload).toMatchObject({
      idempotencyKey: 'retry-key-from-before-0001',
    });
    expect(result.stdout).not.toContain('Chave da compra');
  });

  it('takes --token over INTERLINE_TOKEN', async () => {
    const otherToken = 'A'.repeat(43);
    const result = await run([...BUY, '--token', otherToken], purchaseReply, withToken);

    expect(result.gateway.calls[0].payload).toMatchObject({ token: otherToken });
  });

  it('prints the raw response with --json', async () => {
    const result = await run([...BUY, '--json'], purchaseReply, withToken);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(PURCHASE_RESPONSE);
    expect(result.stderr).toBe('');
  });

  it('explains a replay', async () => {
    const result = await run(
      [...BUY, '--lang', 'en'],
      { purchase: () => ({ ...PURCHASE_RESPONSE, replayed: true }) },
      withToken,
    );

    expect(result.stdout).toContain('This purchase had already been made with this key');
  });

  it('without token exits 2', async () => {
    const result = await run(BUY, purchaseReply);

    expect(result.exitCode).toBe(2);
    expect(result.gateway.calls).toEqual([]);
    expect(result.stderr).toContain('Falta o token de sessão.');
  });

  it.each([
    [['buy', '--flights', 'flt_a'], 'Informe de 1 a 9 passageiros com --passenger'],
    [
      ['buy', '--flights', 'flt_a,,flt_b', '--passenger', 'Maria Souza'],
      "Valor inválido para --flights: 'flt_a,,flt_b'.",
    ],
    [
      ['buy', '--flights', 'flt_a', '--passenger', 'R2D2'],
      "Nome inválido para --passenger: 'R2D2'.",
    ],
    [
      ['buy', '--flights', 'flt_a', '--passenger', 'Maria Souza', '--key', 'curta'],
      "Valor inválido para --key: 'curta'. Use de 16 a 64 caracteres",
    ],
    [['buy', '--passenger', 'Maria Souza'], 'Falta a opção obrigatória --flights <id,id,...>.'],
  ])('%j exits 2', async (argv, message) => {
    const result = await run(argv, purchaseReply, withToken);

    expect(result.exitCode).toBe(2);
    expect(result.gateway.calls).toEqual([]);
    expect(result.stderr).toContain(message);
  });

  it('accepts nine passengers', async () => {
    const names = Array.from({ length: 9 }, (_, index) => [
      '--passenger',
      `Pessoa ${'ABCDEFGHI'[index]}`,
    ]);
    const result = await run(
      ['buy', '--flights', 'flt_a', ...names.flat()],
      purchaseReply,
      withToken,
    );

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls[0].payload).toMatchObject({
      passengers: expect.arrayContaining(['Pessoa A', 'Pessoa I']),
    });
  });

  it('rejects ten passengers', async () => {
    const names = Array.from({ length: 10 }, (_, index) => [
      '--passenger',
      `Pessoa ${'ABCDEFGHIJ'[index]}`,
    ]);
    const result = await run(
      ['buy', '--flights', 'flt_a', ...names.flat()],
      purchaseReply,
      withToken,
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('O comando recebeu 10.');
  });
});

describe('buy without reply', () => {
  it('exits 3 with the retry command', async () => {
    const result = await run(
      BUY,
      {
        purchase: () => {
          throw new RequestTimeoutError('127.0.0.1:4321', 30);
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('não respondeu em 30 s.');
    expect(result.stderr).toContain(
      'A resposta da compra não chegou, então ela pode ter sido feita ou não. Repita o mesmo ' +
        `comando com --key ${IDEMPOTENCY_KEY}, no nó 127.0.0.1:4321 ou em outro: a mesma ` +
        'chave nunca compra duas vezes',
    );
  });

  it('names the node of --node', async () => {
    const result = await run(
      [...BUY, '--node', '127.0.0.1:4322', '--lang', 'en'],
      {
        purchase: () => {
          throw new NodeUnreachableError('127.0.0.1:4322', 'ECONNREFUSED');
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain(
      `Run the same command again with --key ${IDEMPOTENCY_KEY}, on node 127.0.0.1:4322 or ` +
        'another one: the same key never buys twice',
    );
  });

  it('puts the key in the JSON error', async () => {
    const result = await run(
      [...BUY, '--json'],
      {
        purchase: () => {
          throw new ConnectionClosedError('127.0.0.1:4321', 'ECONNRESET');
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'CONNECTION_CLOSED',
        message: expect.any(String),
        node: '127.0.0.1:4321',
        idempotencyKey: IDEMPOTENCY_KEY,
      },
    });
  });

  it('a retry with --key sends the same key', async () => {
    let attempts = 0;
    const replies = {
      purchase: () => {
        attempts += 1;
        if (attempts === 1) {
          throw new NodeUnreachableError('127.0.0.1:4321', 'ECONNREFUSED');
        }
        return PURCHASE_RESPONSE;
      },
    };
    const first = await run(BUY, replies, withToken);
    const key = /--key ([A-Za-z0-9_-]+)/.exec(first.stderr)?.[1] ?? '';
    const second = await run([...BUY, '--key', key], replies, withToken);

    expect(first.exitCode).toBe(3);
    expect(second.exitCode).toBe(0);
    expect(second.gateway.calls[0].payload).toEqual(first.gateway.calls[0].payload);
  });
});

describe('buy refusals', () => {
  it.each([
    ['FLIGHT_NOT_FOUND', 'Nada foi vendido. Os horários de flt_ip_3310 podem ter mudado'],
    [
      'FLIGHT_NOT_SELLABLE',
      'Nada foi vendido. Na nova busca, escolha um itinerário sem flt_ip_3310.',
    ],
    ['ITINERARY_INVALID', 'Nada foi vendido. O comando search mostra, em cada itinerário à venda'],
    ['SOLD_OUT', 'Na nova busca, escolha um itinerário sem flt_ip_3310 ou compre para menos'],
    ['AIRLINE_UNREACHABLE', 'Outro itinerário só pode ser vendido agora se não tiver voos de IP.'],
    ['PURCHASE_TIMED_OUT', 'Isso acontece quando outras compras ocupam os mesmos assentos'],
    ['IDEMPOTENCY_KEY_REUSED', 'Nada foi vendido agora. Rode o comando sem --key'],
    ['ACCOUNT_DIRECTORY_UNREACHABLE', 'Nada foi vendido.'],
  ] as [GatewayErrorCode, string][])('%s exits 1 with a hint', async (code, hint) => {
    const result = await run(
      BUY,
      {
        purchase: () => {
          throw new GatewayRejection({
            code,
            message: `Mensagem do gateway para ${code}.`,
            flightIds: ['flt_ip_3310'],
            airlines: ['IP'],
          });
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`Mensagem do gateway para ${code}. [${code}]\n${hint}`);
  });

  it('suggests a new key after a refusal', async () => {
    const result = await run(
      BUY,
      {
        purchase: () => {
          throw new GatewayRejection({
            code: 'AIRLINE_UNREACHABLE',
            message: 'Airline IP did not answer.',
            airlines: ['IP'],
          });
        },
      },
      { ...withToken, LANG: 'en_US.UTF-8' },
    );

    expect(result.stderr).toContain(
      'The new attempt needs a new key, because the same key would return this refusal again: ' +
        'run the command without --key.',
    );
  });

  it('prints the raw error body with --json', async () => {
    const body = {
      code: 'SOLD_OUT' as const,
      message: 'Esgotado.',
      flightIds: ['flt_ip_3310'],
      airlines: ['IP'],
    };
    const result = await run(
      [...BUY, '--json'],
      {
        purchase: () => {
          throw new GatewayRejection(body);
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: body });
  });
});

describe('bookings', () => {
  const listReply = { listBookings: () => LIST_BOOKINGS_RESPONSE };

  it('sends the token', async () => {
    const result = await run(['bookings'], listReply, withToken);

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls).toEqual([{ method: 'listBookings', payload: { token: TOKEN } }]);
  });

  it('prints a table', async () => {
    const result = await run(['bookings'], listReply, withToken);

    expect(result.stdout).toMatch(/ 1 +K7QW2M +confirmada +SSA → FOR → CWB → BEL /);
    expect(result.stdout).toContain('2 reservas');
  });

  it('prints English with --lang en', async () => {
    const result = await run(
      ['bookings', '--lang', 'en'],
      {
        listBookings: () => PARTIAL_BOOKINGS_RESPONSE,
      },
      withToken,
    );

    expect(result.stdout).toContain('1 booking');
    expect(result.stdout).toContain(
      'No answer from Araucária Linhas Aéreas (RC): bookings it sold may be missing from this list.',
    );
  });

  it('prints the raw response with --json', async () => {
    const result = await run(
      ['bookings', '--json'],
      {
        listBookings: () => PARTIAL_BOOKINGS_RESPONSE,
      },
      withToken,
    );

    expect(JSON.parse(result.stdout)).toEqual(PARTIAL_BOOKINGS_RESPONSE);
  });

  it('without token exits 2', async () => {
    const result = await run(['bookings', '--json'], listReply);

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('INVALID_USAGE');
  });

  it('reports an invalid session', async () => {
    const result = await run(
      ['bookings'],
      {
        listBookings: () => {
          throw new GatewayRejection({ code: 'SESSION_INVALID', message: 'Sessão expirada.' });
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Sessão expirada. [SESSION_INVALID]\n' +
        'Este pedido foi para o nó 127.0.0.1:4321. Se você entrou em outro nó, informe o ' +
        'endereço dele em --node.\n',
    );
  });

  it('names the node of INTERLINE_NODE', async () => {
    const result = await run(
      ['bookings', '--lang', 'en'],
      {
        listBookings: () => {
          throw new GatewayRejection({ code: 'SESSION_INVALID', message: 'Session expired.' });
        },
      },
      { ...withToken, INTERLINE_NODE: '127.0.0.1:4323' },
    );

    expect(result.stderr).toContain(
      'This request went to node 127.0.0.1:4323. If you logged in on another node, pass its ' +
        'address in --node.',
    );
  });
});

describe('booking', () => {
  const showReply = { showBooking: () => ({ booking: BOOKING }) };

  it('upper-cases the locator', async () => {
    const result = await run(['booking', 'k7qw2m'], showReply, withToken);

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls).toEqual([
      { method: 'showBooking', payload: { token: TOKEN, locator: 'K7QW2M' } },
    ]);
    expect(result.stdout).toContain('Localizador: K7QW2M\nSituação: confirmada\n');
  });

  it('prints the raw response with --json', async () => {
    const result = await run(['booking', 'K7QW2M', '--json'], showReply, withToken);

    expect(JSON.parse(result.stdout)).toEqual({ booking: BOOKING });
  });

  it('rejects a bad locator', async () => {
    const result = await run(['booking', 'K7QW0M'], showReply, withToken);

    expect(result.exitCode).toBe(2);
    expect(result.gateway.calls).toEqual([]);
    expect(result.stderr).toContain(
      "Localizador inválido: 'K7QW0M'. Use os 6 caracteres do código da reserva, como K7QW2M.",
    );
  });

  it('requires the locator', async () => {
    const result = await run(['booking', '--lang', 'en'], showReply, withToken);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Missing required argument reference.');
  });

  it('takes one locator', async () => {
    const result = await run(['booking', 'K7QW2M', 'P4XN8R'], showReply, withToken);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Argumentos demais para o comando 'booking': ele aceita 1.");
  });

  it('explains an unreachable seller', async () => {
    const result = await run(
      ['booking', 'ZZZZZZ'],
      {
        showBooking: () => {
          throw new GatewayRejection({
            code: 'AIRLINE_UNREACHABLE',
            message: 'A companhia RC não respondeu.',
            airlines: ['RC'],
          });
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Ela pode ter sido vendida por RC.');
  });

  it('explains an unknown locator', async () => {
    const result = await run(
      ['booking', 'ZZZZZZ'],
      {
        showBooking: () => {
          throw new GatewayRejection({
            code: 'BOOKING_NOT_FOUND',
            message: 'Reserva ZZZZZZ não encontrada entre as suas.',
          });
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Reserva ZZZZZZ não encontrada entre as suas. [BOOKING_NOT_FOUND]\n' +
        'Para ver os localizadores das suas reservas, rode bookings.\n',
    );
  });

  it('points an unknown locator to bookings on its node', async () => {
    const result = await run(
      ['booking', 'ZZZZZZ', '--node', '127.0.0.1:4322'],
      {
        showBooking: () => {
          throw new GatewayRejection({ code: 'BOOKING_NOT_FOUND', message: 'Não encontrada.' });
        },
      },
      withToken,
    );

    expect(result.stderr).toContain('rode bookings --node 127.0.0.1:4322.');
  });

  it('marks the tickets of a cancelled booking void', async () => {
    const result = await run(
      ['booking', 'K7QW2M', '--lang', 'en'],
      { showBooking: () => ({ booking: CANCELLED_BOOKING }) },
      withToken,
    );

    expect(result.stdout).toContain('Status: cancelled\n');
    expect(result.stdout).toContain('    ticket 40200001234564 · Maria Souza (void)\n');
  });
});

describe('cancel', () => {
  const cancelReply = { cancelBooking: () => CANCEL_RESPONSE };

  it('refuses without --yes', async () => {
    const result = await run(['cancel', 'K7QW2M'], cancelReply, withToken);

    expect(result.exitCode).toBe(2);
    expect(result.gateway.calls).toEqual([]);
    expect(result.stderr).toContain(
      'Cancelar a reserva K7QW2M anula todos os bilhetes dela. Para confirmar, repita o ' +
        'comando com --yes: cancel K7QW2M --yes [INVALID_USAGE]',
    );
  });

  it('repeats --node in the command to confirm', async () => {
    const result = await run(
      ['--node', '127.0.0.1:4323', 'cancel', 'K7QW2M'],
      cancelReply,
      withToken,
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      '--yes: cancel K7QW2M --yes --node 127.0.0.1:4323 [INVALID_USAGE]',
    );
  });

  it('refuses in English and JSON', async () => {
    const result = await run(
      ['cancel', 'k7qw2m', '--json', '--lang', 'en'],
      cancelReply,
      withToken,
    );

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'INVALID_USAGE',
        message:
          'Cancelling booking K7QW2M voids all its tickets. To confirm, run the command again ' +
          'with --yes: cancel K7QW2M --yes',
      },
    });
  });

  it('cancels with --yes', async () => {
    const result = await run(['cancel', 'K7QW2M', '--yes'], cancelReply, withToken);

    expect(result.exitCode).toBe(0);
    expect(result.gateway.calls).toEqual([
      { method: 'cancelBooking', payload: { token: TOKEN, locator: 'K7QW2M' } },
    ]);
    expect(result.stdout).toContain(
      'Reserva K7QW2M cancelada. Os bilhetes foram anulados e os assentos, devolvidos.',
    );
  });

  it('explains alreadyCancelled', async () => {
    const result = await run(
      ['cancel', 'K7QW2M', '--yes', '--lang', 'en'],
      {
        cancelBooking: () => ({ booking: CANCELLED_BOOKING, alreadyCancelled: true }),
      },
      withToken,
    );

    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'Booking K7QW2M was already cancelled before this request, so nothing changed.',
    );
  });

  it('prints the raw response with --json', async () => {
    const result = await run(['cancel', 'K7QW2M', '--yes', '--json'], cancelReply, withToken);

    expect(JSON.parse(result.stdout)).toEqual(CANCEL_RESPONSE);
  });

  it('rejects a bad locator first', async () => {
    const result = await run(['cancel', 'nope', '--yes'], cancelReply, withToken);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Localizador inválido: 'nope'.");
  });

  it('explains a refusal', async () => {
    const result = await run(
      ['cancel', 'K7QW2M', '--yes'],
      {
        cancelBooking: () => {
          throw new GatewayRejection({
            code: 'BOOKING_NOT_CANCELLABLE',
            message: 'A reserva K7QW2M não pode ser cancelada: um voo já partiu.',
          });
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'A reserva K7QW2M não pode ser cancelada: um voo já partiu. [BOOKING_NOT_CANCELLABLE]\n' +
        'Nada foi alterado: a reserva e os bilhetes continuam como estavam.\n',
    );
  });

  it('explains an unreachable seller', async () => {
    const result = await run(
      ['cancel', 'K7QW2M', '--yes', '--lang', 'en'],
      {
        cancelBooking: () => {
          throw new GatewayRejection({
            code: 'AIRLINE_UNREACHABLE',
            message: 'Airline RC did not answer.',
            airlines: ['RC'],
          });
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      '[AIRLINE_UNREACHABLE]\nThe tickets are cancelled by the airline that sold the booking. ' +
        'The cancellation was not confirmed, and asking again is safe.',
    );
  });

  it('without reply exits 3', async () => {
    const result = await run(
      ['cancel', 'K7QW2M', '--yes'],
      {
        cancelBooking: () => {
          throw new RequestTimeoutError('127.0.0.1:4321', 30);
        },
      },
      withToken,
    );

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('Pedir de novo é seguro');
  });
});

describe('search for buy', () => {
  it('prints the flight ids', async () => {
    const result = await run(['search', '--from', 'SSA', '--to', 'BEL'], {
      searchItineraries: () => SEARCH_RESPONSE,
    });

    expect(result.stdout).toContain(
      '   voos para buy --flights: flt_jg_1402,flt_ip_3310,flt_rc_4825\n',
    );
  });

  it('adds --node for another node', async () => {
    const result = await run(
      ['search', '--from', 'SSA', '--to', 'BEL', '--lang', 'en'],
      {
        searchItineraries: () => SEARCH_RESPONSE,
      },
      { INTERLINE_NODE: '127.0.0.1:4322' },
    );

    expect(result.stdout).toContain(
      '   flights for buy --node 127.0.0.1:4322 --flights: flt_jg_1402,flt_ip_3310,flt_rc_4825\n',
    );
  });
});

describe('booking help', () => {
  it('lists the new commands', async () => {
    const result = await run(['--help']);

    expect(result.stdout).toMatch(/buy \[opções\] +compra um itinerário/);
    expect(result.stdout).toMatch(/bookings \[opções\] +lista as suas reservas/);
    expect(result.stdout).toMatch(/booking \[opções\] <localizador> +mostra uma reserva/);
    expect(result.stdout).toMatch(/cancel \[opções\] <localizador> +cancela uma reserva/);
  });

  it('explains buy in English', async () => {
    const result = await run(['buy', '--help', '--lang', 'en']);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('--passenger <name>');
    expect(result.stdout).toContain('--key <key>');
    expect(result.stdout).toContain('Exit code 3 means that no reply arrived');
  });

  it('shows the cancel usage', async () => {
    const result = await run(['cancel', '--help']);

    expect(result.stdout).toContain('Uso: interline-console cancel [opções] <localizador>');
    expect(result.stdout).toContain('--yes');
  });
});
