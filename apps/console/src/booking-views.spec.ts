import { stripVTControlCharacters } from 'node:util';

import {
  renderBooking,
  renderBookingList,
  renderBookingStatus,
  renderCancellationPreview,
  renderCancelled,
  renderPurchased,
  renderPurchaseKey,
  renderPurchaseReview,
  renderRoute,
} from './booking-views';
import { createView } from './commands';
import {
  BOOKING,
  CANCEL_RESPONSE,
  CANCELLED_BOOKING,
  IDEMPOTENCY_KEY,
  LIST_BOOKINGS_RESPONSE,
  PARTIAL_BOOKINGS_RESPONSE,
  PURCHASE_RESPONSE,
  SSA_BEL_THREE_LEGS,
} from './testing/fixtures';

const plainPortuguese = createView({ lang: 'pt-BR', color: false });
const plainEnglish = createView({ lang: 'en', color: false });
const colorPortuguese = createView({ lang: 'pt-BR', color: true });

// ANSI SGR codes that node:util styleText emits for these colours.
const CYAN = '\u001b[36m';
const YELLOW = '\u001b[33m';
const GREEN = '\u001b[32m';
const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';

describe('renderBookingList', () => {
  const lines = renderBookingList(LIST_BOOKINGS_RESPONSE, plainPortuguese).split('\n');

  it('lays out the header', () => {
    expect(lines[0]).toMatch(
      /^Nº +Localizador +Situação +Rota +Primeira partida +Passageiros +Total +Vendida por$/,
    );
  });

  it('shows one booking per row', () => {
    expect(lines[2]).toMatch(
      /^ 1 +K7QW2M +confirmada +SSA → FOR → CWB → BEL +04\/12\/2026, 07:10 BRT +2 +R\$\u00a02\.738,60 +Jangada Linhas Aéreas \(JG\)$/,
    );
    expect(lines[3]).toMatch(
      /^ 2 +P4XN8R +cancelada +SSA → MAO +12\/03\/2026, 10:05 BRT +1 +R\$\u00a01\.234,56 +Ipê Linhas Aéreas \(IP\)$/,
    );
  });

  it('ends with the count', () => {
    expect(lines.at(-1)).toBe('2 reservas');
  });

  it('warns about unreachable airlines', () => {
    const text = renderBookingList(PARTIAL_BOOKINGS_RESPONSE, plainPortuguese);

    expect(text.split('\n').at(-1)).toBe(
      'Sem resposta da companhia Araucária Linhas Aéreas (RC): ' +
        'reservas vendidas por ela podem faltar nesta lista.',
    );
  });

  it('warns in English with two airlines', () => {
    const response = {
      ...PARTIAL_BOOKINGS_RESPONSE,
      unreachableAirlines: [
        { code: 'RC', name: 'Araucária Linhas Aéreas' },
        { code: 'IP', name: 'Ipê Linhas Aéreas' },
      ],
    };
    const text = renderBookingList(response, plainEnglish);

    expect(text.split('\n').at(-1)).toBe(
      'No answer from Araucária Linhas Aéreas (RC) and Ipê Linhas Aéreas (IP): ' +
        'bookings they sold may be missing from this list.',
    );
  });

  it('reports no bookings', () => {
    expect(renderBookingList({ bookings: [], unreachableAirlines: [] }, plainEnglish)).toBe(
      'No bookings found.',
    );
  });

  it('warns even with no bookings', () => {
    const text = renderBookingList(
      { ...PARTIAL_BOOKINGS_RESPONSE, bookings: [] },
      plainPortuguese,
    ).split('\n');

    expect(text[0]).toBe('Nenhuma reserva encontrada.');
    expect(text[1]).toMatch(/^Sem resposta da companhia Araucária/);
  });

  it('renders English headers', () => {
    const english = renderBookingList(LIST_BOOKINGS_RESPONSE, plainEnglish).split('\n');

    expect(english[0]).toMatch(
      /^No\. +Reference +Status +Route +First departure +Passengers +Total +Sold by$/,
    );
    expect(english[2]).toContain('4 Dec 2026, 07:10 BRT');
    expect(english.at(-1)).toBe('2 bookings');
  });

  it('aligns columns with colour on', () => {
    const colored = renderBookingList(LIST_BOOKINGS_RESPONSE, colorPortuguese);

    expect(stripVTControlCharacters(colored)).toBe(
      renderBookingList(LIST_BOOKINGS_RESPONSE, plainPortuguese),
    );
    expect(colored).toContain(`${CYAN}Jangada Linhas Aéreas (JG)`);
  });
});

describe('renderBooking', () => {
  const lines = renderBooking(BOOKING, plainPortuguese).split('\n');

  it('starts with the locator', () => {
    expect(lines.slice(0, 4)).toEqual([
      'Localizador: K7QW2M',
      'Situação: confirmada',
      'Vendida por: Jangada Linhas Aéreas (JG)',
      'Passageiros: Maria Souza e João Souza',
    ]);
  });

  it('puts the locator in bold', () => {
    expect(renderBooking(BOOKING, colorPortuguese)).toContain(`${BOLD}Localizador: K7QW2M`);
  });

  it('shows each flight in local times', () => {
    expect(lines[5]).toMatch(/^Voo +Companhia +De +Partida +Para +Chegada +Tarifa$/);
    expect(lines[7]).toMatch(
      /^JG 1402 +Jangada Linhas Aéreas +SSA +04\/12\/2026, 07:10 BRT +FOR +04\/12\/2026, 09:05 BRT +R\$\u00a0389,90$/,
    );
    expect(lines[15]).toMatch(/^RC 4825 .* BEL +05\/12\/2026, 00:25 BRT +R\$\u00a0467,00$/);
  });

  it('lists tickets under each flight', () => {
    expect(lines.slice(8, 11)).toEqual([
      '    bilhete 40200001234564 · Maria Souza',
      '    bilhete 40200001234575 · João Souza',
      '  conexão em FOR: 1h00',
    ]);
    expect(lines.slice(16, 18)).toEqual([
      '    bilhete 63800000045006 · Maria Souza',
      '    bilhete 63800000045010 · João Souza',
    ]);
  });

  it('ends with total and dates', () => {
    expect(lines.slice(-4)).toEqual([
      '',
      'Total: R$\u00a02.738,60, 2 passageiros',
      'Criada em 12/03/2026, 12:00 BRT. Atualizada em 12/03/2026, 12:00 BRT.',
      'Datas e horários dos voos no fuso de cada aeroporto.',
    ]);
  });

  it('renders English', () => {
    const english = renderBooking(CANCELLED_BOOKING, plainEnglish).split('\n');

    expect(english.slice(0, 4)).toEqual([
      'Booking reference: K7QW2M',
      'Status: cancelled',
      'Sold by: Jangada Linhas Aéreas (JG)',
      'Passengers: Maria Souza and João Souza',
    ]);
    expect(english).toContain('    ticket 51700008800116 · Maria Souza (void)');
    expect(english).toContain('Total: R$2,738.60, 2 passengers');
  });

  it('marks the tickets of a cancelled booking void', () => {
    const cancelled = renderBooking(CANCELLED_BOOKING, plainPortuguese).split('\n');
    const tickets = cancelled.filter((line) => line.startsWith('    bilhete '));

    expect(tickets).toHaveLength(6);
    expect(tickets[0]).toBe('    bilhete 40200001234564 · Maria Souza (anulado)');
    expect(tickets.every((line) => line.endsWith(' (anulado)'))).toBe(true);
  });

  it('keeps tickets of a cancellation in progress', () => {
    const cancelling = renderBooking({ ...BOOKING, status: 'CANCELLING' }, plainPortuguese);

    expect(cancelling).toContain('    bilhete 40200001234564 · Maria Souza\n');
    expect(cancelling).not.toContain('(anulado)');
  });

  it('dims void tickets', () => {
    const colored = renderBooking(CANCELLED_BOOKING, colorPortuguese);

    expect(colored).toContain(`${DIM}bilhete 40200001234564 · Maria Souza (anulado)`);
  });

  it('colours each airline', () => {
    const text = renderBooking(BOOKING, colorPortuguese);

    expect(text).toContain(`${CYAN}Jangada Linhas Aéreas`);
    expect(text).toContain(`${YELLOW}Ipê Linhas Aéreas`);
    expect(text).toContain(`${GREEN}Araucária Linhas Aéreas`);
  });
});

describe('renderBookingStatus', () => {
  it.each([
    ['CONFIRMED' as const, 'confirmada'],
    ['CANCELLING' as const, 'cancelamento em andamento'],
    ['CANCELLED' as const, 'cancelada'],
  ])('%s', (status, expected) => {
    expect(renderBookingStatus(status, plainPortuguese)).toBe(expected);
  });

  it('shows an unknown status as sent', () => {
    expect(renderBookingStatus('REFUNDED' as never, plainEnglish)).toBe('REFUNDED');
  });
});

describe('renderRoute', () => {
  it('joins the airports', () => {
    expect(renderRoute(BOOKING.segments)).toBe('SSA → FOR → CWB → BEL');
  });

  it('shows a change of airports', () => {
    const [first, second] = BOOKING.segments;
    const segments = [
      { ...first, destination: 'GIG' },
      { ...second, origin: 'SDU' },
    ];

    expect(renderRoute(segments)).toBe('SSA → GIG/SDU → CWB');
  });
});

describe('renderPurchaseReview', () => {
  const passengers = ['Maria Souza', 'João Souza'];
  const lines = renderPurchaseReview(SSA_BEL_THREE_LEGS, passengers, plainPortuguese).split('\n');

  it('shows each leg with layovers', () => {
    expect(lines[0]).toBe('Confira a compra antes de confirmar');
    expect(lines[4]).toMatch(
      /^JG 1402 +Jangada Linhas Aéreas +SSA +04\/12\/2026, 07:10 BRT +FOR +04\/12\/2026, 09:05 BRT +R\$\u00a0389,90$/,
    );
    expect(lines[5]).toBe('  conexão em FOR: 1h00');
    expect(lines[7]).toBe('  conexão em CWB: 5h50');
    expect(lines[8]).toMatch(/^RC 4825 .* 05\/12\/2026, 00:25 BRT +R\$\u00a0467,00$/);
  });

  it('lists passengers, fare and total', () => {
    expect(lines.slice(9)).toEqual([
      '',
      'Passageiros:',
      '  1. Maria Souza',
      '  2. João Souza',
      '',
      'Tarifa por passageiro: R$\u00a01.369,30',
      'Número de passageiros: 2',
      'Total: R$\u00a02.738,60',
      'Datas e horários dos voos no fuso de cada aeroporto.',
    ]);
  });

  it('renders English', () => {
    const english = renderPurchaseReview(SSA_BEL_THREE_LEGS, passengers, plainEnglish);

    expect(english).toContain('Review the purchase before confirming');
    expect(english).toContain('  layover in CWB: 5h50');
    expect(english).toContain('Fare per passenger: R$1,369.30');
    expect(english).toContain('Number of passengers: 2');
    expect(english).toContain('Total: R$2,738.60');
  });

  it('aligns columns with colour on', () => {
    const colored = renderPurchaseReview(SSA_BEL_THREE_LEGS, passengers, colorPortuguese);

    expect(stripVTControlCharacters(colored)).toBe(lines.join('\n'));
    expect(colored).toContain(`${YELLOW}Ipê Linhas Aéreas`);
  });
});

describe('renderPurchased', () => {
  it('confirms, then shows the booking', () => {
    const lines = renderPurchased(PURCHASE_RESPONSE, plainPortuguese).split('\n');

    expect(lines.slice(0, 3)).toEqual(['Compra confirmada.', '', 'Localizador: K7QW2M']);
  });

  it('explains a replay', () => {
    const text = renderPurchased({ ...PURCHASE_RESPONSE, replayed: true }, plainEnglish);

    expect(text.split('\n')[0]).toBe(
      'This purchase had already been made with this key, and this is its booking. ' +
        'Nothing was sold again.',
    );
  });
});

describe('renderPurchaseKey', () => {
  it('shows the key', () => {
    expect(renderPurchaseKey(IDEMPOTENCY_KEY, plainPortuguese)).toBe(
      `Chave da compra: ${IDEMPOTENCY_KEY}`,
    );
    expect(renderPurchaseKey(IDEMPOTENCY_KEY, plainEnglish)).toBe(
      `Purchase key: ${IDEMPOTENCY_KEY}`,
    );
  });
});

describe('renderCancellationPreview', () => {
  it('lists every ticket to void', () => {
    expect(renderCancellationPreview(BOOKING, plainPortuguese).split('\n')).toEqual([
      'Cancelar a reserva K7QW2M anula estes bilhetes e devolve os assentos às companhias:',
      '  JG 1402 SSA → FOR, 04/12/2026, 07:10 BRT',
      '    bilhete 40200001234564 · Maria Souza',
      '    bilhete 40200001234575 · João Souza',
      '  IP 3310 FOR → CWB, 04/12/2026, 10:05 BRT',
      '    bilhete 51700008800116 · Maria Souza',
      '    bilhete 51700008800120 · João Souza',
      '  RC 4825 CWB → BEL, 04/12/2026, 20:10 BRT',
      '    bilhete 63800000045006 · Maria Souza',
      '    bilhete 63800000045010 · João Souza',
    ]);
  });

  it('renders English', () => {
    expect(renderCancellationPreview(BOOKING, plainEnglish).split('\n')[0]).toBe(
      'Cancelling booking K7QW2M voids these tickets and returns the seats to the airlines:',
    );
  });
});

describe('renderCancelled', () => {
  it('confirms a cancellation', () => {
    const lines = renderCancelled(CANCEL_RESPONSE, plainPortuguese).split('\n');

    expect(lines[0]).toBe(
      'Reserva K7QW2M cancelada. Os bilhetes foram anulados e os assentos, devolvidos.',
    );
    expect(lines).toContain('Situação: cancelada');
  });

  it('explains alreadyCancelled', () => {
    const text = renderCancelled({ ...CANCEL_RESPONSE, alreadyCancelled: true }, plainEnglish);

    expect(text.split('\n')[0]).toBe(
      'Booking K7QW2M was already cancelled before this request, so nothing changed.',
    );
  });

  it('explains a cancellation in progress', () => {
    const response = {
      booking: { ...BOOKING, status: 'CANCELLING' as const },
      alreadyCancelled: false,
    };
    const lines = renderCancelled(response, plainPortuguese).split('\n');

    expect(lines[0]).toMatch(/^O cancelamento da reserva K7QW2M foi pedido e ainda está sendo/);
    expect(lines).toContain('Situação: cancelamento em andamento');
  });

  it('reports a booking still confirmed', () => {
    const response = { booking: BOOKING, alreadyCancelled: false };

    expect(renderCancelled(response, plainEnglish).split('\n')[0]).toBe(
      'Booking K7QW2M is still confirmed: the cancellation was not applied. ' +
        'Check the booking again in a few minutes.',
    );
  });
});
