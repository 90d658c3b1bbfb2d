import type { GatewayErrorBody } from '@interline/contracts';

import { createView } from './commands';
import {
  ConnectionClosedError,
  GatewayRejection,
  NodeUnreachableError,
  RequestTimeoutError,
  UsageError,
} from './errors';
import { failureDocument, failureHint, renderFailure, type FailureContext } from './failure-hints';
import { IDEMPOTENCY_KEY } from './testing/fixtures';

const portuguese = createView({ lang: 'pt-BR', color: false });
const english = createView({ lang: 'en', color: false });

const menu: FailureContext = { mode: 'menu' };
const command: FailureContext = { mode: 'command' };

/** Names that the interactive purchase of SSA_BEL_THREE_LEGS passes to failure hints. */
const purchaseInMenu: FailureContext = {
  mode: 'menu',
  operation: 'purchase',
  flightNames: new Map([
    ['flt_jg_1402', 'JG 1402'],
    ['flt_ip_3310', 'IP 3310'],
  ]),
  airlineNames: new Map([
    ['JG', 'Jangada Linhas Aéreas'],
    ['IP', 'Ipê Linhas Aéreas'],
  ]),
};

const purchaseCommand: FailureContext = {
  mode: 'command',
  operation: 'purchase',
  idempotencyKey: IDEMPOTENCY_KEY,
};

function rejection(body: Partial<GatewayErrorBody> & Pick<GatewayErrorBody, 'code'>) {
  return new GatewayRejection({ message: 'mensagem do gateway', ...body });
}

describe('failureHint for purchase refusals', () => {
  it('names sold-out flights', () => {
    const failure = rejection({ code: 'SOLD_OUT', flightIds: ['flt_ip_3310'], airlines: ['IP'] });

    expect(failureHint(failure, portuguese, purchaseInMenu)).toBe(
      'Sem assentos suficientes em IP 3310. Nada foi vendido nem reservado. ' +
        'Faça uma nova busca e escolha outro itinerário.',
    );
    expect(failureHint(failure, english, purchaseInMenu)).toBe(
      'Not enough seats left on IP 3310. Nothing was sold or held. ' +
        'Search again and choose another itinerary.',
    );
  });

  it('names flights by id in a command', () => {
    const failure = rejection({ code: 'SOLD_OUT', flightIds: ['flt_jg_1402', 'flt_ip_3310'] });

    expect(failureHint(failure, portuguese, purchaseCommand)).toMatch(
      /^Sem assentos suficientes em flt_jg_1402 e flt_ip_3310\./,
    );
  });

  it('sold out without flight ids', () => {
    const failure = rejection({ code: 'SOLD_OUT' });

    expect(failureHint(failure, english, command)).toMatch(
      /^Not enough seats left on one of the flights\./,
    );
  });

  it('names unreachable airlines', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['IP'] });

    expect(failureHint(failure, portuguese, purchaseInMenu)).toBe(
      'Sem resposta de Ipê Linhas Aéreas (IP), então nada foi vendido. A compra pode ser ' +
        'repetida: tente de novo em alguns minutos ou escolha um itinerário de outras companhias.',
    );
    expect(failureHint(failure, english, purchaseInMenu)).toBe(
      'No answer from Ipê Linhas Aéreas (IP), so nothing was sold. The purchase can be ' +
        'retried: try again in a few minutes, or choose an itinerary with other airlines.',
    );
  });

  it('names timed-out airlines', () => {
    const failure = rejection({ code: 'PURCHASE_TIMED_OUT', airlines: ['JG', 'IP'] });

    expect(failureHint(failure, portuguese, purchaseInMenu)).toBe(
      'A venda não foi confirmada a tempo por Jangada Linhas Aéreas (JG) e Ipê Linhas Aéreas ' +
        '(IP), então a compra foi desfeita e nada foi vendido. A compra pode ser repetida: ' +
        'tente de novo em alguns minutos.',
    );
    expect(failureHint(failure, english, purchaseInMenu)).toBe(
      'The sale was not confirmed in time by Jangada Linhas Aéreas (JG) and Ipê Linhas Aéreas ' +
        '(IP), so the purchase was undone and nothing was sold. The purchase can be retried: ' +
        'try again in a few minutes.',
    );
  });

  it('names airline codes in a command', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['RC'] });

    expect(failureHint(failure, english, purchaseCommand)?.split('\n')).toEqual([
      'No answer from RC, so nothing was sold. The purchase can be retried: try again in a ' +
        'few minutes, or choose an itinerary with other airlines.',
      'As nothing was sold, the new attempt can use a new key: run the command without --key.',
    ]);
  });

  it('timed out in a command adds a new key', () => {
    const failure = rejection({ code: 'PURCHASE_TIMED_OUT', airlines: ['RC'] });

    expect(failureHint(failure, portuguese, purchaseCommand)).toContain(
      '\nComo nada foi vendido, a nova tentativa pode usar uma chave nova: rode o comando sem --key.',
    );
  });

  it('unknown airlines stay generic', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE' });

    expect(failureHint(failure, portuguese, { mode: 'menu', operation: 'purchase' })).toMatch(
      /^Sem resposta de uma das companhias, então nada foi vendido\./,
    );
  });

  it.each([
    [
      'FLIGHT_NOT_FOUND' as const,
      'O nó não conhece IP 3310, talvez porque os horários mudaram desde a busca. Nada foi ' +
        'vendido. Faça uma nova busca e escolha um itinerário da lista.',
      'The node does not know IP 3310, perhaps because the timetable changed since the search. ' +
        'Nothing was sold. Search again and pick an itinerary from the results.',
    ],
    [
      'FLIGHT_NOT_SELLABLE' as const,
      'Fora de venda agora: IP 3310. Nada foi vendido. Faça uma nova busca e escolha um ' +
        'itinerário à venda.',
      'Not on sale now: IP 3310. Nothing was sold. Search again and pick an itinerary that is ' +
        'for sale.',
    ],
    [
      'ITINERARY_INVALID' as const,
      'Os voos pedidos não formam um itinerário que o nó aceite: a ordem, as conexões ou as ' +
        'datas não combinam. Nada foi vendido. Compre um itinerário da busca, com os voos na ' +
        'ordem em que ela os mostra.',
      'The requested flights do not form an itinerary that the node accepts: their order, ' +
        'connections or dates do not fit. Nothing was sold. Buy an itinerary from the search ' +
        'results, with the flights in the order shown.',
    ],
    [
      'IDEMPOTENCY_KEY_REUSED' as const,
      'O nó já tinha recebido esta chave numa compra diferente. Nada foi vendido agora. ' +
        'Escolha o itinerário de novo: cada compra confirmada recebe uma chave nova.',
      'The node had already received this key for a different purchase. Nothing was sold now. ' +
        'Pick the itinerary again: each confirmed purchase gets a new key.',
    ],
  ])('explains %s in both languages', (code, portugueseHint, englishHint) => {
    const failure = rejection({ code, flightIds: ['flt_ip_3310'] });

    expect(failureHint(failure, portuguese, purchaseInMenu)).toBe(portugueseHint);
    expect(failureHint(failure, english, purchaseInMenu)).toBe(englishHint);
  });

  it('reused key in a command names it', () => {
    const failure = rejection({ code: 'IDEMPOTENCY_KEY_REUSED' });

    expect(failureHint(failure, english, purchaseCommand)).toBe(
      `Key ${IDEMPOTENCY_KEY} was already used for a purchase with other flights or passengers, ` +
        'and the node does not accept one key for different purchases. Nothing was sold now. ' +
        'For a new purchase, run the command without --key: the console generates a new key.',
    );
  });
});

describe('failureHint for bookings', () => {
  const airlineNames = new Map([['RC', 'Araucária Linhas Aéreas']]);

  it('unreachable seller of a booking', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['RC'] });
    const context: FailureContext = { mode: 'menu', operation: 'show', airlineNames };

    expect(failureHint(failure, portuguese, context)).toBe(
      'A reserva não foi encontrada nas companhias que responderam. Ela pode ter sido vendida ' +
        'por uma companhia sem resposta agora: Araucária Linhas Aéreas (RC). Tente de novo em ' +
        'alguns minutos.',
    );
    expect(failureHint(failure, english, context)).toBe(
      'The booking was not found at the airlines that answered. It may have been sold by an ' +
        'airline that is not answering now: Araucária Linhas Aéreas (RC). Try again in a few ' +
        'minutes.',
    );
  });

  it('unreachable seller of a cancellation', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['RC'] });
    const context: FailureContext = { mode: 'command', operation: 'cancel' };

    expect(failureHint(failure, portuguese, context)).toBe(
      'Sem resposta de RC, a companhia que vendeu a reserva e que cancela os bilhetes dela. O ' +
        'cancelamento não foi confirmado. Tente de novo em alguns minutos: pedir de novo é seguro.',
    );
    expect(failureHint(failure, english, context)).toBe(
      'No answer from RC, the airline that sold the booking and cancels its tickets. The ' +
        'cancellation was not confirmed. Try again in a few minutes: asking again is safe.',
    );
  });

  it('timed-out cancellation', () => {
    const failure = rejection({ code: 'PURCHASE_TIMED_OUT', airlines: ['RC'] });
    const context: FailureContext = { mode: 'menu', operation: 'cancel', airlineNames };

    expect(failureHint(failure, portuguese, context)).toBe(
      'O cancelamento não foi confirmado a tempo por Araucária Linhas Aéreas (RC), então não ' +
        'dá para saber se ele foi feito. Consulte a reserva em alguns minutos. Pedir o ' +
        'cancelamento de novo é seguro: se a reserva já estiver cancelada, o nó só informa isso.',
    );
    expect(failureHint(failure, english, context)).toMatch(
      /^The cancellation was not confirmed in time by Araucária Linhas Aéreas \(RC\), so it is unknown/,
    );
  });

  it('unreachable airline elsewhere', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['RC'] });

    expect(failureHint(failure, english, command)).toBe(
      'No answer from RC now. Try again in a few minutes.',
    );
  });

  it.each([
    [
      'BOOKING_NOT_FOUND' as const,
      'Nada foi alterado. Confira o localizador na sua lista de reservas. Uma reserva vendida ' +
        'por uma companhia que não responde agora também pode não aparecer: tente de novo mais tarde.',
      'Nothing was changed. Check the booking reference in your list of bookings. A booking ' +
        'sold by an airline that is not answering now may also be missing: try again later.',
    ],
    [
      'BOOKING_NOT_CANCELLABLE' as const,
      'Nada foi alterado: a reserva e os bilhetes continuam como estavam.',
      'Nothing was changed: the booking and its tickets are as they were.',
    ],
    [
      'ACCOUNT_DIRECTORY_UNREACHABLE' as const,
      'A companhia que guarda a conta deste e-mail não respondeu, e sem ela este nó não ' +
        'consegue concluir o pedido. Nada foi vendido nem alterado. Tente de novo em alguns ' +
        'minutos.',
      'The airline that keeps the account of this email did not answer, and without it this ' +
        'node cannot complete the request. Nothing was sold or changed. Try again in a few ' +
        'minutes.',
    ],
  ])('explains %s in both languages', (code, portugueseHint, englishHint) => {
    const failure = rejection({ code });

    expect(failureHint(failure, portuguese, command)).toBe(portugueseHint);
    expect(failureHint(failure, english, menu)).toBe(englishHint);
  });

  it('leaves older codes alone', () => {
    expect(failureHint(rejection({ code: 'EMAIL_TAKEN' }), portuguese, menu)).toBeUndefined();
  });

  it('leaves usage errors alone', () => {
    expect(failureHint(new UsageError('usage.tokenMissing'), english, command)).toBeUndefined();
  });
});

describe('failureHint without a reply', () => {
  const timeout = new RequestTimeoutError('127.0.0.1:4321', 30);

  it('tells a command to retry with --key', () => {
    expect(failureHint(timeout, portuguese, purchaseCommand)).toBe(
      'A resposta da compra não chegou, então ela pode ter sido feita ou não. Repita o mesmo ' +
        `comando com --key ${IDEMPOTENCY_KEY}: com a mesma chave o nó não vende duas vezes e, ` +
        'se a compra já foi feita, devolve a mesma reserva.',
    );
  });

  it('says the same for a closed connection', () => {
    const closed = new ConnectionClosedError('127.0.0.1:4321', 'ECONNRESET');

    expect(failureHint(closed, english, purchaseCommand)).toContain(`--key ${IDEMPOTENCY_KEY}`);
  });

  it('leaves the menu to its retry prompt', () => {
    expect(failureHint(timeout, portuguese, purchaseInMenu)).toBeUndefined();
  });

  it('says that a cancellation can be asked again', () => {
    expect(failureHint(timeout, english, { mode: 'command', operation: 'cancel' })).toBe(
      'The reply to the cancellation did not arrive, so it may or may not have gone through. ' +
        'Asking again is safe: if the booking is already cancelled, the node only reports that.',
    );
  });

  it('adds nothing to other requests', () => {
    expect(failureHint(timeout, english, command)).toBeUndefined();
  });
});

describe('renderFailure', () => {
  it('puts the hint after the gateway message', () => {
    const failure = new GatewayRejection({
      code: 'SOLD_OUT',
      message: 'Esgotado: não há mais assentos em flt_ip_3310.',
      flightIds: ['flt_ip_3310'],
    });

    expect(renderFailure(failure, portuguese, purchaseInMenu).split('\n')).toEqual([
      'Esgotado: não há mais assentos em flt_ip_3310. [SOLD_OUT]',
      'Sem assentos suficientes em IP 3310. Nada foi vendido nem reservado. ' +
        'Faça uma nova busca e escolha outro itinerário.',
    ]);
  });

  it('keeps errors without a hint as they were', () => {
    const failure = new GatewayRejection({ code: 'EMAIL_TAKEN', message: 'E-mail já usado.' });

    expect(renderFailure(failure, portuguese, menu)).toBe('E-mail já usado. [EMAIL_TAKEN]');
  });
});

describe('failureDocument', () => {
  it('adds the key to a purchase without reply', () => {
    const failure = new NodeUnreachableError('127.0.0.1:4321', 'ECONNREFUSED');

    expect(failureDocument(failure, english, purchaseCommand)).toEqual({
      code: 'NODE_UNREACHABLE',
      message: expect.stringContaining('127.0.0.1:4321'),
      node: '127.0.0.1:4321',
      idempotencyKey: IDEMPOTENCY_KEY,
    });
  });

  it('keeps a gateway error body raw', () => {
    const body = { code: 'SOLD_OUT' as const, message: 'Sold out.', flightIds: ['flt_ip_3310'] };

    expect(failureDocument(new GatewayRejection(body), english, purchaseCommand)).toEqual(body);
  });

  it('adds no key to other requests', () => {
    const failure = new RequestTimeoutError('127.0.0.1:4321', 30);

    expect(failureDocument(failure, english, { operation: 'cancel' })).not.toHaveProperty(
      'idempotencyKey',
    );
  });
});
