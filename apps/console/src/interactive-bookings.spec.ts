import type { GatewayErrorCode, SearchItinerariesResponse } from '@interline/contracts';

import { GatewayRejection, NodeUnreachableError, RequestTimeoutError } from './errors';
import { runMenuSession as session } from './testing/console-runs';
import type { GatewayReplies } from './testing/fakes';
import {
  ACCOUNT,
  BOOKING,
  CANCEL_RESPONSE,
  CANCELLED_BOOKING,
  IDEMPOTENCY_KEY,
  LIST_BOOKINGS_RESPONSE,
  LOG_IN_RESPONSE,
  OLDER_BOOKING,
  PARTIAL_BOOKINGS_RESPONSE,
  PURCHASE_RESPONSE,
  SEARCH_RESPONSE,
  SSA_BEL_THREE_LEGS,
  TOKEN,
  UNSELLABLE_SEARCH_RESPONSE,
} from './testing/fixtures';

/** Menu answers that log Maria in. */
const LOG_IN = ['2', ACCOUNT.email, 'segredo2026abc'];
/** Menu answers that search SSA to BEL on 4 December 2026 for two passengers. */
const SEARCH = ['5', 'SSA', 'BEL', '2026-12-04', '2'];
/** Answers that pick itinerary 1, keep Maria as passenger 1 and add João. */
const PICK_AND_NAME = ['1', '', 'João Souza'];
const QUIT = '8';

const FLIGHT_IDS = ['flt_jg_1402', 'flt_ip_3310', 'flt_rc_4825'];

const baseReplies: Partial<GatewayReplies> = {
  logIn: () => LOG_IN_RESPONSE,
  logOut: () => ({ loggedOut: true }),
  searchItineraries: () => SEARCH_RESPONSE,
  purchase: () => PURCHASE_RESPONSE,
};

/** Runs a session that logs in, searches and answers `purchaseAnswers`, then quits. */
function buy(
  purchaseAnswers: string[],
  replies: Partial<GatewayReplies> = {},
  options: Parameters<typeof session>[2] = {},
) {
  return session(
    [...LOG_IN, ...SEARCH, ...purchaseAnswers, QUIT],
    { ...baseReplies, ...replies },
    options,
  );
}

function purchaseCalls(gateway: Awaited<ReturnType<typeof session>>['gateway']) {
  return gateway.calls.filter((call) => call.method === 'purchase');
}

/** Two itineraries: the first not for sale because IP is unreachable, the second for sale. */
const MIXED_SEARCH_RESPONSE: SearchItinerariesResponse = {
  ...UNSELLABLE_SEARCH_RESPONSE,
  passengers: 2,
  itineraries: [...UNSELLABLE_SEARCH_RESPONSE.itineraries, SSA_BEL_THREE_LEGS],
};

describe('interactive purchase', () => {
  it('sends the purchase', async () => {
    const { gateway } = await buy([...PICK_AND_NAME, 's']);

    expect(purchaseCalls(gateway)).toEqual([
      {
        method: 'purchase',
        payload: {
          token: TOKEN,
          idempotencyKey: IDEMPOTENCY_KEY,
          flightIds: FLIGHT_IDS,
          passengers: ['Maria Souza', 'João Souza'],
        },
      },
    ]);
  });

  it('shows the booking', async () => {
    const { prompter } = await buy([...PICK_AND_NAME, 's']);

    expect(prompter.output).toContain('Compra confirmada.\n\nLocalizador: K7QW2M\n');
    expect(prompter.output).toContain('Situação: confirmada');
    expect(prompter.output).toContain('    bilhete 51700008800120 · João Souza');
  });

  it('asks which itinerary to buy', async () => {
    const { prompter } = await buy([...PICK_AND_NAME, 's']);

    expect(prompter.questions.map((entry) => entry.question)).toContain(
      'Número do itinerário para comprar (Enter para voltar ao menu): ',
    );
  });

  it('defaults the first name', async () => {
    const { prompter } = await buy([...PICK_AND_NAME, 's']);
    const questions = prompter.questions.map((entry) => entry.question);

    expect(questions).toContain(
      'Nome do passageiro 1 de 2, como no documento (Enter para Maria Souza): ',
    );
    expect(questions).toContain('Nome do passageiro 2 de 2, como no documento: ');
  });

  it('skips a default that breaks the rules', async () => {
    const account = { ...ACCOUNT, name: 'Maria 2ª Souza' };
    const { prompter, gateway } = await buy(['1', 'Maria Souza', 'João Souza', 's'], {
      logIn: () => ({ ...LOG_IN_RESPONSE, account }),
    });

    expect(prompter.questions.map((entry) => entry.question)).toContain(
      'Nome do passageiro 1 de 2, como no documento: ',
    );
    expect(purchaseCalls(gateway)).toHaveLength(1);
  });

  it('normalizes typed names', async () => {
    const { gateway } = await buy(['1', '  Ana   Lima ', " João D'Ávila-Souza ", 's']);

    expect(purchaseCalls(gateway)[0].payload).toMatchObject({
      passengers: ['Ana Lima', "João D'Ávila-Souza"],
    });
  });

  it('asks again for a bad name', async () => {
    const { prompter, gateway } = await buy(['1', '', 'R2D2', 'João Souza', 's']);

    expect(prompter.output).toContain(
      "Nome inválido para passageiro 2: 'R2D2'. Use de 2 a 60 caracteres, começando por uma " +
        "letra, só com letras, espaços, apóstrofo ('), ponto e hífen.\n",
    );
    expect(prompter.output).not.toContain('INVALID_USAGE');
    expect(purchaseCalls(gateway)[0].payload).toMatchObject({
      passengers: ['Maria Souza', 'João Souza'],
    });
  });

  it('blank second name cancels', async () => {
    const { prompter, gateway } = await buy(['1', '', '']);

    expect(purchaseCalls(gateway)).toEqual([]);
    expect(prompter.output).toContain('Operação cancelada.');
  });

  it('Enter goes back to the menu', async () => {
    const { prompter, gateway } = await buy(['']);

    expect(purchaseCalls(gateway)).toEqual([]);
    expect(prompter.questions.map((entry) => entry.question)).not.toContain(
      'Nome do passageiro 1 de 2, como no documento (Enter para Maria Souza): ',
    );
    expect(prompter.output.match(/6\) Minhas reservas/g)).toHaveLength(3);
  });

  it('rejects a number out of range', async () => {
    const { prompter } = await buy(['2', ...PICK_AND_NAME, 's']);

    expect(prompter.output).toContain(
      "Valor inválido para itinerário: '2'. Use um número inteiro de 1 a 1.",
    );
  });

  it('explains an unsellable itinerary', async () => {
    const { prompter, gateway } = await buy(['1', '2', '', 'João Souza', 's'], {
      searchItineraries: () => MIXED_SEARCH_RESPONSE,
    });

    expect(prompter.output).toContain(
      'O itinerário 1 não está à venda agora: os assentos de cada voo ficam no nó da companhia ' +
        'dele, e o nó da companhia Ipê Linhas Aéreas (IP) não responde. Escolha outro ' +
        'itinerário ou busque de novo mais tarde.',
    );
    expect(purchaseCalls(gateway)[0].payload).toMatchObject({ flightIds: FLIGHT_IDS });
  });

  it('says when nothing is for sale', async () => {
    const { prompter, gateway } = await buy([], {
      searchItineraries: () => UNSELLABLE_SEARCH_RESPONSE,
    });

    expect(prompter.output).toContain('Nenhum destes itinerários está à venda agora.');
    expect(prompter.questions.map((entry) => entry.question)).not.toContain(
      'Número do itinerário para comprar (Enter para voltar ao menu): ',
    );
    expect(purchaseCalls(gateway)).toEqual([]);
  });

  it('asks to log in first', async () => {
    const { prompter, gateway } = await session([...SEARCH, QUIT], baseReplies);

    expect(prompter.output).toContain(
      'Para comprar um destes itinerários, entre na sua conta (opção 2) e busque de novo.',
    );
    expect(purchaseCalls(gateway)).toEqual([]);
  });
});

describe('interactive purchase review', () => {
  it('shows legs, fares and total', async () => {
    const { prompter } = await buy([...PICK_AND_NAME, 'n']);

    expect(prompter.output).toContain('Confira a compra antes de confirmar\n');
    expect(prompter.output).toMatch(
      /IP 3310 +Ipê Linhas Aéreas +FOR +04\/12\/2026, 10:05 BRT +CWB +04\/12\/2026, 14:20 BRT +R\$\u00a0512,40\n {2}conexão em CWB: 5h50\n/,
    );
    expect(prompter.output).toContain('  1. Maria Souza\n  2. João Souza\n');
    expect(prompter.output).toContain(
      'Tarifa por passageiro: R$\u00a01.369,30\nNúmero de passageiros: 2\nTotal: R$\u00a02.738,60\n',
    );
  });

  it('asks to confirm with No as default', async () => {
    const { prompter } = await buy([...PICK_AND_NAME, 'n']);

    expect(prompter.questions.at(-2)?.question).toBe('Confirmar a compra? [s/N] ');
  });

  it.each(['', 'n', 'talvez'])('%j sends nothing', async (answer) => {
    const { prompter, gateway } = await buy([...PICK_AND_NAME, answer]);

    expect(purchaseCalls(gateway)).toEqual([]);
    expect(prompter.output).toContain('Compra não confirmada. Nada foi vendido.');
  });
});

describe('interactive purchase without reply', () => {
  it('retries with the same key', async () => {
    let attempts = 0;
    // Each call returns another key, so a second call would show up in the payloads.
    let generated = 0;
    const keys = jest.fn((): string => `generated-key-${++generated}`.padEnd(32, 'x'));
    const { gateway, prompter } = await buy(
      [...PICK_AND_NAME, 's', ''],
      {
        purchase: () => {
          attempts += 1;
          if (attempts === 1) {
            throw new RequestTimeoutError('127.0.0.1:4321', 30);
          }
          return PURCHASE_RESPONSE;
        },
      },
      { newIdempotencyKey: keys },
    );
    const calls = purchaseCalls(gateway);

    expect(calls).toHaveLength(2);
    expect(calls[1].payload).toEqual(calls[0].payload);
    expect(keys).toHaveBeenCalledTimes(1);
    expect(prompter.output).toContain('Compra confirmada.');
  });

  it('explains why retrying is safe', async () => {
    const { prompter } = await buy([...PICK_AND_NAME, 's', 'n'], {
      purchase: () => {
        throw new RequestTimeoutError('127.0.0.1:4321', 30);
      },
    });

    expect(prompter.output).toContain(
      'O nó em 127.0.0.1:4321 não respondeu em 30 s. Ele pode estar sobrecarregado ou travado. ' +
        'Tente de novo em instantes ou confira o endereço em --node. [REQUEST_TIMED_OUT]\n' +
        'A resposta da compra não chegou, então não dá para saber se ela foi feita.\n' +
        'Tentar de novo com a mesma chave? Repetir não compra duas vezes: se a primeira ' +
        'tentativa deu certo, o nó devolve a mesma reserva. [S/n] ',
    );
  });

  it('declined retry points to bookings', async () => {
    const { prompter, gateway } = await buy([...PICK_AND_NAME, 's', 'n'], {
      purchase: () => {
        throw new NodeUnreachableError('127.0.0.1:4321', 'ECONNREFUSED');
      },
    });

    expect(purchaseCalls(gateway)).toHaveLength(1);
    expect(prompter.output).toContain(
      'Compra não repetida. Ela pode ter sido feita: confira em Minhas reservas (opção 6) ' +
        'antes de comprar de novo.',
    );
  });

  it('gives up after five attempts', async () => {
    const { prompter, gateway } = await buy([...PICK_AND_NAME, 's', 's', 's', 's', 's'], {
      purchase: () => {
        throw new RequestTimeoutError('127.0.0.1:4321', 30);
      },
    });
    const keys = purchaseCalls(gateway).map(
      (call) => (call.payload as { idempotencyKey: string }).idempotencyKey,
    );

    expect(keys).toEqual(Array(5).fill(IDEMPOTENCY_KEY));
    expect(prompter.output).toContain(
      'A compra ficou sem resposta em 5 tentativas com a mesma chave. Ela pode ter sido feita: ' +
        'confira em Minhas reservas (opção 6) antes de comprar de novo.',
    );
  });

  it('gives each purchase its own key', async () => {
    const keys = ['first-key-aaaaaaaaaaaaaaaaaaaaaa', 'second-key-bbbbbbbbbbbbbbbbbbbbb'];
    const { gateway } = await session(
      [...LOG_IN, ...SEARCH, ...PICK_AND_NAME, 's', ...SEARCH, ...PICK_AND_NAME, 's', QUIT],
      baseReplies,
      { newIdempotencyKey: () => keys.shift() ?? 'no-more-keys-in-this-test' },
    );

    expect(purchaseCalls(gateway).map((call) => call.payload)).toEqual([
      expect.objectContaining({ idempotencyKey: 'first-key-aaaaaaaaaaaaaaaaaaaaaa' }),
      expect.objectContaining({ idempotencyKey: 'second-key-bbbbbbbbbbbbbbbbbbbbb' }),
    ]);
  });

  it('explains a replayed purchase', async () => {
    const { prompter } = await buy([...PICK_AND_NAME, 's'], {
      purchase: () => ({ ...PURCHASE_RESPONSE, replayed: true }),
    });

    expect(prompter.output).toContain(
      'Esta compra já tinha sido feita com esta chave, e esta é a reserva dela. ' +
        'Nada foi vendido de novo.',
    );
  });
});

describe('interactive purchase refusals', () => {
  it.each([
    ['FLIGHT_NOT_FOUND', 'Nada foi vendido. Os horários de IP 3310 podem ter mudado'],
    ['FLIGHT_NOT_SELLABLE', 'Nada foi vendido. Na nova busca, escolha um itinerário sem IP 3310.'],
    ['ITINERARY_INVALID', 'Nada foi vendido. Faça uma nova busca antes de escolher de novo.'],
    ['SOLD_OUT', 'Na nova busca, escolha um itinerário sem IP 3310 ou compre para menos'],
    [
      'AIRLINE_UNREACHABLE',
      'Outro itinerário só pode ser vendido agora se não tiver voos de Ipê Linhas Aéreas (IP).',
    ],
    ['PURCHASE_TIMED_OUT', 'Isso acontece quando outras compras ocupam os mesmos assentos'],
    ['IDEMPOTENCY_KEY_REUSED', 'Nada foi vendido agora. Escolha o itinerário de novo'],
    ['ACCOUNT_DIRECTORY_UNREACHABLE', 'Nada foi vendido.'],
  ] as [GatewayErrorCode, string][])('%s shows message and hint', async (code, hint) => {
    const { prompter, gateway } = await buy([...PICK_AND_NAME, 's'], {
      purchase: () => {
        throw new GatewayRejection({
          code,
          message: `Mensagem do gateway para ${code}.`,
          flightIds: ['flt_ip_3310'],
          airlines: ['IP'],
        });
      },
    });

    expect(prompter.output).toContain(`Mensagem do gateway para ${code}. [${code}]\n${hint}`);
    expect(purchaseCalls(gateway)).toHaveLength(1);
    expect(prompter.output).not.toContain('Tentar de novo com a mesma chave?');
  });

  it('forgets an invalid session', async () => {
    const { prompter, gateway } = await buy([...PICK_AND_NAME, 's'], {
      purchase: () => {
        throw new GatewayRejection({ code: 'SESSION_INVALID', message: 'Sessão expirada.' });
      },
    });

    expect(prompter.output).toContain(
      'Sessão expirada. [SESSION_INVALID]\nEntre de novo para continuar (opção 2).',
    );
    expect(prompter.output.trimEnd().endsWith('Até logo!')).toBe(true);
    expect(gateway.calls.map((call) => call.method)).not.toContain('logOut');
  });
});

describe('interactive purchase in English', () => {
  it('asks and confirms in English', async () => {
    const { prompter } = await buy([...PICK_AND_NAME, 'y'], {}, { lang: 'en' });
    const questions = prompter.questions.map((entry) => entry.question);

    expect(questions).toContain('Itinerary number to buy (Enter to go back to the menu): ');
    expect(questions).toContain(
      'Name of passenger 1 of 2, as on the travel document (Enter for Maria Souza): ',
    );
    expect(questions).toContain('Confirm the purchase? [y/N] ');
    expect(prompter.output).toContain('Review the purchase before confirming');
    expect(prompter.output).toContain('Fare per passenger: R$1,369.30');
    expect(prompter.output).toContain('Purchase confirmed.\n\nBooking reference: K7QW2M\n');
  });

  it('offers a retry in English', async () => {
    const { prompter } = await buy(
      [...PICK_AND_NAME, 'y', 'no'],
      {
        purchase: () => {
          throw new RequestTimeoutError('127.0.0.1:4321', 30);
        },
      },
      { lang: 'en' },
    );

    expect(prompter.output).toContain(
      'Retry with the same key? Retrying cannot buy twice: if the first attempt went through, ' +
        'the node returns the same booking. [Y/n] ',
    );
    expect(prompter.output).toContain(
      'Purchase not retried. It may have gone through: check My bookings (option 6) before ' +
        'buying again.',
    );
  });
});

/** Menu answers that open "My bookings". */
const BOOKINGS = '6';

const bookingReplies: Partial<GatewayReplies> = {
  logIn: () => LOG_IN_RESPONSE,
  logOut: () => ({ loggedOut: true }),
  listBookings: () => LIST_BOOKINGS_RESPONSE,
  showBooking: () => ({ booking: BOOKING }),
  cancelBooking: () => CANCEL_RESPONSE,
};

/** Runs a session that logs in, opens "My bookings" and answers `answers`, then quits. */
function manage(
  answers: string[],
  replies: Partial<GatewayReplies> = {},
  options: Parameters<typeof session>[2] = {},
) {
  return session(
    [...LOG_IN, BOOKINGS, ...answers, QUIT],
    { ...bookingReplies, ...replies },
    options,
  );
}

function methods(gateway: Awaited<ReturnType<typeof session>>['gateway']) {
  return gateway.calls.map((call) => call.method);
}

describe('interactive bookings', () => {
  it('needs a session', async () => {
    const { prompter, gateway } = await session([BOOKINGS, QUIT], bookingReplies);

    expect(gateway.calls).toEqual([]);
    expect(prompter.output).toContain('Nenhuma sessão ativa. Entre primeiro (opção 2).');
  });

  it('lists bookings', async () => {
    const { prompter, gateway } = await manage(['']);

    expect(gateway.calls[1]).toEqual({ method: 'listBookings', payload: { token: TOKEN } });
    expect(prompter.output).toMatch(/ 1 +K7QW2M +confirmada +SSA → FOR → CWB → BEL /);
    expect(prompter.output).toMatch(/ 2 +P4XN8R +cancelada +SSA → MAO /);
    expect(methods(gateway)).toEqual(['logIn', 'listBookings', 'logOut']);
  });

  it('warns about missing airlines', async () => {
    const { prompter } = await manage([''], { listBookings: () => PARTIAL_BOOKINGS_RESPONSE });

    expect(prompter.output).toContain(
      'Sem resposta da companhia Araucária Linhas Aéreas (RC): ' +
        'reservas vendidas por ela podem faltar nesta lista.',
    );
  });

  it('empty list goes back', async () => {
    const { prompter } = await manage([], {
      listBookings: () => ({ bookings: [], unreachableAirlines: [] }),
    });

    expect(prompter.output).toContain('Nenhuma reserva encontrada.');
    expect(prompter.questions.map((entry) => entry.question)).not.toContain(
      'Número ou localizador da reserva para ver os detalhes (Enter para voltar ao menu): ',
    );
  });

  it('shows a booking by number', async () => {
    const { prompter, gateway } = await manage(['1', '']);

    expect(gateway.calls[2]).toEqual({
      method: 'showBooking',
      payload: { token: TOKEN, locator: 'K7QW2M' },
    });
    expect(prompter.output).toContain('Localizador: K7QW2M\nSituação: confirmada\n');
    expect(prompter.output).toContain('    bilhete 40200001234564 · Maria Souza');
  });

  it('shows a booking by locator', async () => {
    const { gateway } = await manage([' p4xn8r '], {
      showBooking: () => ({ booking: OLDER_BOOKING }),
    });

    expect(gateway.calls[2].payload).toEqual({ token: TOKEN, locator: 'P4XN8R' });
  });

  it('rejects a bad choice', async () => {
    const { prompter } = await manage(['9', '']);

    expect(prompter.output).toContain(
      "Valor inválido para reserva: '9'. Digite um número de 1 a 2 ou um localizador de 6 " +
        'caracteres, como K7QW2M.',
    );
  });

  it('reports an unknown locator', async () => {
    const { prompter } = await manage(['ZZZZZZ'], {
      showBooking: () => {
        throw new GatewayRejection({
          code: 'BOOKING_NOT_FOUND',
          message: 'Reserva ZZZZZZ não encontrada entre as suas.',
        });
      },
    });

    expect(prompter.output).toContain(
      'Reserva ZZZZZZ não encontrada entre as suas. [BOOKING_NOT_FOUND]\n',
    );
    expect(prompter.output).not.toContain('Nada foi alterado');
  });

  it('names the unreachable seller', async () => {
    const { prompter } = await manage(['ZZZZZZ'], {
      listBookings: () => PARTIAL_BOOKINGS_RESPONSE,
      showBooking: () => {
        throw new GatewayRejection({
          code: 'AIRLINE_UNREACHABLE',
          message: 'A companhia RC não respondeu.',
          airlines: ['RC'],
        });
      },
    });

    expect(prompter.output).toContain(
      '[AIRLINE_UNREACHABLE]\nA reserva não foi encontrada nas companhias que responderam. Ela ' +
        'pode ter sido vendida por Araucária Linhas Aéreas (RC).\n',
    );
  });

  it('offers no cancel for a cancelled booking', async () => {
    const { prompter } = await manage(['2'], {
      showBooking: () => ({ booking: OLDER_BOOKING }),
    });

    expect(prompter.questions.map((entry) => entry.question)).not.toContain(
      'Digite c para cancelar esta reserva, ou Enter para voltar ao menu: ',
    );
  });

  it('shows void tickets of a cancelled booking', async () => {
    const { prompter } = await manage(['2'], {
      showBooking: () => ({ booking: OLDER_BOOKING }),
    });
    const tickets = prompter.output.split('\n').filter((line) => line.includes('bilhete '));

    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.every((line) => line.endsWith(' (anulado)'))).toBe(true);
  });

  it('renders the list in English', async () => {
    const { prompter } = await manage(['1', ''], {}, { lang: 'en' });

    expect(prompter.output).toContain('  6) My bookings');
    expect(prompter.output).toMatch(/No\. +Reference +Status +Route +First departure/);
    expect(prompter.output).toContain('Booking reference: K7QW2M\nStatus: confirmed\n');
    expect(prompter.questions.map((entry) => entry.question)).toContain(
      'Type c to cancel this booking, or press Enter to go back to the menu: ',
    );
  });
});

describe('interactive cancel', () => {
  it('shows what is voided and asks', async () => {
    const { prompter } = await manage(['1', 'c', 'n']);

    expect(prompter.output).toContain(
      'Cancelar a reserva K7QW2M anula estes bilhetes e devolve os assentos às companhias:\n' +
        '  JG 1402 SSA → FOR, 04/12/2026, 07:10 BRT\n' +
        '    bilhete 40200001234564 · Maria Souza\n',
    );
    expect(prompter.questions.at(-2)?.question).toBe(
      'Confirmar o cancelamento da reserva K7QW2M? [s/N] ',
    );
  });

  it.each(['', 'n', 'talvez'])('%j cancels nothing', async (answer) => {
    const { prompter, gateway } = await manage(['1', 'c', answer]);

    expect(methods(gateway)).not.toContain('cancelBooking');
    expect(prompter.output).toContain(
      'Cancelamento não confirmado. A reserva continua como estava.',
    );
  });

  it('Enter after details cancels nothing', async () => {
    const { gateway } = await manage(['1', '']);

    expect(methods(gateway)).not.toContain('cancelBooking');
  });

  it('cancels after yes', async () => {
    const { prompter, gateway } = await manage(['1', 'C', 's']);

    expect(gateway.calls).toContainEqual({
      method: 'cancelBooking',
      payload: { token: TOKEN, locator: 'K7QW2M' },
    });
    expect(prompter.output).toContain(
      'Reserva K7QW2M cancelada. Os bilhetes foram anulados e os assentos, devolvidos.',
    );
    expect(prompter.output).toContain('Situação: cancelada');
  });

  it('explains alreadyCancelled', async () => {
    const { prompter } = await manage(['1', 'c', 's'], {
      cancelBooking: () => ({ booking: CANCELLED_BOOKING, alreadyCancelled: true }),
    });

    expect(prompter.output).toContain(
      'A reserva K7QW2M já estava cancelada antes deste pedido, então nada mudou.',
    );
  });

  it('explains a refusal', async () => {
    const { prompter } = await manage(['1', 'c', 's'], {
      cancelBooking: () => {
        throw new GatewayRejection({
          code: 'BOOKING_NOT_CANCELLABLE',
          message: 'A reserva K7QW2M não pode ser cancelada: um voo já partiu.',
        });
      },
    });

    expect(prompter.output).toContain(
      '[BOOKING_NOT_CANCELLABLE]\nNada foi alterado: a reserva e os bilhetes continuam como estavam.',
    );
  });

  it('names the seller that did not answer', async () => {
    const { prompter } = await manage(['1', 'c', 's'], {
      cancelBooking: () => {
        throw new GatewayRejection({
          code: 'PURCHASE_TIMED_OUT',
          message: 'As companhias não confirmaram a tempo (JG).',
          airlines: ['JG'],
        });
      },
    });

    expect(prompter.output).toContain(
      '[PURCHASE_TIMED_OUT]\nO cancelamento não foi confirmado a tempo por Jangada Linhas ' +
        'Aéreas (JG), então não dá para saber se ele foi feito.',
    );
  });

  it('says a lost reply can be asked again', async () => {
    const { prompter } = await manage(['1', 'c', 's'], {
      cancelBooking: () => {
        throw new RequestTimeoutError('127.0.0.1:4321', 30);
      },
    });

    expect(prompter.output).toContain(
      '[REQUEST_TIMED_OUT]\nA resposta do cancelamento não chegou, então ele pode ter sido ' +
        'feito ou não. Pedir de novo é seguro',
    );
  });

  it('confirms in English', async () => {
    const { prompter } = await manage(['1', 'c', 'yes'], {}, { lang: 'en' });

    expect(prompter.output).toContain(
      'Cancelling booking K7QW2M voids these tickets and returns the seats to the airlines:',
    );
    expect(prompter.output).toContain('Confirm the cancellation of booking K7QW2M? [y/N] ');
    expect(prompter.output).toContain(
      'Booking K7QW2M cancelled. Its tickets are void and the seats returned.',
    );
  });
});
