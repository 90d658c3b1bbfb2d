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
      'Na nova busca, escolha um itinerário sem IP 3310 ou compre para menos passageiros.',
    );
    expect(failureHint(failure, english, purchaseInMenu)).toBe(
      'In the new search, pick an itinerary without IP 3310, or buy for fewer passengers.',
    );
  });

  it('names flights by id in a command', () => {
    const failure = rejection({ code: 'SOLD_OUT', flightIds: ['flt_jg_1402', 'flt_ip_3310'] });

    expect(failureHint(failure, portuguese, purchaseCommand)).toBe(
      'Na nova busca, escolha um itinerário sem flt_jg_1402 e flt_ip_3310 ou compre para ' +
        'menos passageiros.',
    );
  });

  it('sold out without flight ids', () => {
    const failure = rejection({ code: 'SOLD_OUT' });

    expect(failureHint(failure, english, command)).toBe(
      'In the new search, pick an itinerary without one of the flights, or buy for fewer ' +
        'passengers.',
    );
  });

  it('names unreachable airlines', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['IP'] });

    expect(failureHint(failure, portuguese, purchaseInMenu)).toBe(
      'Outro itinerário só pode ser vendido agora se não tiver voos de Ipê Linhas Aéreas (IP).',
    );
    expect(failureHint(failure, english, purchaseInMenu)).toBe(
      'Another itinerary can be sold now only if it has no flights of Ipê Linhas Aéreas (IP).',
    );
  });

  it('explains a timed-out purchase', () => {
    const failure = rejection({ code: 'PURCHASE_TIMED_OUT', airlines: ['JG', 'IP'] });

    expect(failureHint(failure, portuguese, purchaseInMenu)).toBe(
      'Isso acontece quando outras compras ocupam os mesmos assentos ou quando uma companhia ' +
        'demora a responder.',
    );
    expect(failureHint(failure, english, purchaseInMenu)).toBe(
      'This happens when other purchases hold the same seats, or when an airline is slow to ' +
        'answer.',
    );
  });

  it('names airline codes in a command', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['RC'] });

    expect(failureHint(failure, english, purchaseCommand)?.split('\n')).toEqual([
      'Another itinerary can be sold now only if it has no flights of RC.',
      'The new attempt needs a new key, because the same key would return this refusal again: ' +
        'run the command without --key.',
    ]);
  });

  it('timed out in a command adds a new key', () => {
    const failure = rejection({ code: 'PURCHASE_TIMED_OUT', airlines: ['RC'] });

    expect(failureHint(failure, portuguese, purchaseCommand)).toContain(
      '\nA nova tentativa precisa de uma chave nova, porque a mesma chave devolveria esta ' +
        'recusa de novo: rode o comando sem --key.',
    );
  });

  it('unknown airlines stay generic', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE' });

    expect(failureHint(failure, portuguese, { mode: 'menu', operation: 'purchase' })).toBe(
      'Outro itinerário só pode ser vendido agora se não tiver voos de uma das companhias.',
    );
  });

  it.each([
    [
      'FLIGHT_NOT_FOUND' as const,
      'Nada foi vendido. Os horários de IP 3310 podem ter mudado desde a busca.',
      'Nothing was sold. The timetable of IP 3310 may have changed since the search.',
    ],
    [
      'FLIGHT_NOT_SELLABLE' as const,
      'Nada foi vendido. Na nova busca, escolha um itinerário sem IP 3310.',
      'Nothing was sold. In the new search, pick an itinerary without IP 3310.',
    ],
    [
      'ITINERARY_INVALID' as const,
      'Nada foi vendido. Faça uma nova busca antes de escolher de novo.',
      'Nothing was sold. Run a new search before you pick again.',
    ],
    [
      'IDEMPOTENCY_KEY_REUSED' as const,
      'Nada foi vendido agora. Escolha o itinerário de novo: o console gera uma chave nova ' +
        'para cada compra confirmada.',
      'Nothing was sold now. Pick the itinerary again: the console generates a new key for ' +
        'each confirmed purchase.',
    ],
  ])('explains %s in both languages', (code, portugueseHint, englishHint) => {
    const failure = rejection({ code, flightIds: ['flt_ip_3310'] });

    expect(failureHint(failure, portuguese, purchaseInMenu)).toBe(portugueseHint);
    expect(failureHint(failure, english, purchaseInMenu)).toBe(englishHint);
  });

  it('invalid itinerary in a command', () => {
    const failure = rejection({ code: 'ITINERARY_INVALID' });

    expect(failureHint(failure, english, purchaseCommand)).toBe(
      'Nothing was sold. The search command shows, under each itinerary for sale, the ids for ' +
        '--flights in the right order.',
    );
  });

  it('unreachable account keeper of a purchase', () => {
    const failure = rejection({ code: 'ACCOUNT_DIRECTORY_UNREACHABLE' });

    expect(failureHint(failure, portuguese, purchaseCommand)).toBe('Nada foi vendido.');
    expect(failureHint(failure, english, purchaseInMenu)).toBe('Nothing was sold.');
  });

  it('reused key in a command', () => {
    const failure = rejection({ code: 'IDEMPOTENCY_KEY_REUSED' });

    expect(failureHint(failure, english, purchaseCommand)).toBe(
      'Nothing was sold now. Run the command without --key: the console generates a new key.',
    );
  });
});

describe('failureHint adds to the gateway message', () => {
  // The gateway's own messages, as the airline node sends them in Portuguese.
  const gatewayMessages: [GatewayErrorBody, FailureContext][] = [
    [
      {
        code: 'FLIGHT_NOT_FOUND',
        message:
          'Nenhuma companhia da rede publica o voo flt_ip_3310. Confira o código ou faça uma ' +
          'nova busca e escolha um itinerário da lista.',
        flightIds: ['flt_ip_3310'],
      },
      purchaseCommand,
    ],
    [
      {
        code: 'SOLD_OUT',
        message:
          'Esgotado: não há mais assentos em flt_ip_3310. Nada foi cobrado nem reservado; ' +
          'faça uma nova busca.',
        flightIds: ['flt_ip_3310'],
      },
      purchaseInMenu,
    ],
    [
      {
        code: 'AIRLINE_UNREACHABLE',
        message:
          'A companhia IP não respondeu, então nada foi vendido. Tente de novo em alguns ' +
          'minutos ou escolha outro itinerário.',
        airlines: ['IP'],
      },
      purchaseCommand,
    ],
    [
      {
        code: 'PURCHASE_TIMED_OUT',
        message:
          'As companhias não confirmaram a tempo (IP), então a compra foi desfeita e nada foi ' +
          'vendido. Tente de novo com a mesma busca.',
        airlines: ['IP'],
      },
      purchaseInMenu,
    ],
    [
      {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message:
          `A chave de compra ${IDEMPOTENCY_KEY} já foi usada para outra compra. Gere uma ` +
          'chave nova para cada compra.',
      },
      purchaseCommand,
    ],
    [
      {
        code: 'BOOKING_NOT_FOUND',
        message:
          'Reserva ZZZZZZ não encontrada entre as suas. Confira o código na lista de reservas.',
      },
      { mode: 'command', operation: 'show' },
    ],
    [
      {
        code: 'BOOKING_NOT_CANCELLABLE',
        message: 'A reserva K7QW2M não pode ser cancelada: um dos voos já partiu.',
      },
      { mode: 'command', operation: 'cancel' },
    ],
    [
      {
        code: 'AIRLINE_UNREACHABLE',
        message:
          'A companhia RC não respondeu, então nada foi vendido. Tente de novo em alguns ' +
          'minutos ou escolha outro itinerário.',
        airlines: ['RC'],
      },
      { mode: 'menu', operation: 'cancel' },
    ],
    [
      {
        code: 'AIRLINE_UNREACHABLE',
        message:
          'A companhia RC não respondeu, então nada foi vendido. Tente de novo em alguns ' +
          'minutos ou escolha outro itinerário.',
        airlines: ['RC'],
      },
      { mode: 'command', operation: 'show' },
    ],
    [
      {
        code: 'ACCOUNT_DIRECTORY_UNREACHABLE',
        message:
          'A conta deste e-mail é mantida pela companhia RC, que não responde agora. Tente de ' +
          'novo em alguns minutos.',
      },
      command,
    ],
  ];

  /** Returns every run of four consecutive words of `text`, lower-cased, without punctuation. */
  function wordRuns(text: string): string[] {
    const words = text.toLowerCase().match(/[\p{L}\p{N}_-]+/gu) ?? [];
    return words.slice(3).map((_, index) => words.slice(index, index + 4).join(' '));
  }

  it.each(gatewayMessages)('$code: no phrase repeated', (body, context) => {
    const hint = failureHint(new GatewayRejection(body), portuguese, context) ?? '';
    const gatewayRuns = new Set(wordRuns(body.message));

    expect(hint).not.toBe('');
    expect(wordRuns(hint).filter((run) => gatewayRuns.has(run))).toEqual([]);
  });
});

describe('failureHint for sessions', () => {
  const otherNode = { address: '127.0.0.1:4322', option: ' --node 127.0.0.1:4322' };
  const invalid = rejection({ code: 'SESSION_INVALID' });

  it('names the node of a command', () => {
    const context: FailureContext = { mode: 'command', nodeTarget: otherNode };

    expect(failureHint(invalid, portuguese, context)).toBe(
      'Este pedido foi para o nó 127.0.0.1:4322. Se você entrou em outro nó, informe o ' +
        'endereço dele em --node.',
    );
    expect(failureHint(invalid, english, context)).toBe(
      'This request went to node 127.0.0.1:4322. If you logged in on another node, pass its ' +
        'address in --node.',
    );
  });

  it('without a node stays generic', () => {
    expect(failureHint(invalid, english, command)).toBe(
      'If you logged in on another node, pass its address in --node.',
    );
  });

  it('leaves the menu to its own line', () => {
    expect(failureHint(invalid, portuguese, menu)).toBeUndefined();
  });
});

describe('failureHint for bookings', () => {
  const airlineNames = new Map([['RC', 'Araucária Linhas Aéreas']]);
  const otherNode = { address: '127.0.0.1:4323', option: ' --node 127.0.0.1:4323' };

  it('unreachable seller of a booking', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['RC'] });
    const context: FailureContext = { mode: 'menu', operation: 'show', airlineNames };

    expect(failureHint(failure, portuguese, context)).toBe(
      'A reserva não foi encontrada nas companhias que responderam. Ela pode ter sido vendida ' +
        'por Araucária Linhas Aéreas (RC).',
    );
    expect(failureHint(failure, english, context)).toBe(
      'The booking was not found at the airlines that answered. It may have been sold by ' +
        'Araucária Linhas Aéreas (RC).',
    );
  });

  it('unreachable seller of a cancellation', () => {
    const failure = rejection({ code: 'AIRLINE_UNREACHABLE', airlines: ['RC'] });
    const context: FailureContext = { mode: 'command', operation: 'cancel' };

    expect(failureHint(failure, portuguese, context)).toBe(
      'Os bilhetes são cancelados pela companhia que vendeu a reserva. O cancelamento não foi ' +
        'confirmado, e pedir de novo é seguro.',
    );
    expect(failureHint(failure, english, context)).toBe(
      'The tickets are cancelled by the airline that sold the booking. The cancellation was ' +
        'not confirmed, and asking again is safe.',
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

    expect(failureHint(failure, english, command)).toBeUndefined();
  });

  it('unknown locator of a command', () => {
    const failure = rejection({ code: 'BOOKING_NOT_FOUND' });
    const show: FailureContext = { mode: 'command', operation: 'show' };
    const cancel: FailureContext = { mode: 'command', operation: 'cancel' };

    expect(failureHint(failure, portuguese, show)).toBe(
      'Para ver os localizadores das suas reservas, rode bookings.',
    );
    expect(failureHint(failure, english, cancel)).toBe(
      'Nothing was changed. To see the references of your bookings, run bookings.',
    );
  });

  it('unknown locator names the node', () => {
    const failure = rejection({ code: 'BOOKING_NOT_FOUND' });
    const context: FailureContext = { mode: 'command', operation: 'show', nodeTarget: otherNode };

    expect(failureHint(failure, english, context)).toBe(
      'To see the references of your bookings, run bookings --node 127.0.0.1:4323.',
    );
  });

  it('unknown locator in the menu', () => {
    const failure = rejection({ code: 'BOOKING_NOT_FOUND' });

    expect(failureHint(failure, portuguese, { mode: 'menu', operation: 'show' })).toBeUndefined();
    expect(failureHint(failure, portuguese, { mode: 'menu', operation: 'cancel' })).toBe(
      'Nada foi alterado.',
    );
  });

  it('read-only requests never say nothing changed', () => {
    const failure = rejection({ code: 'BOOKING_NOT_FOUND' });

    for (const mode of ['menu', 'command'] as const) {
      expect(failureHint(failure, portuguese, { mode, operation: 'show' }) ?? '').not.toContain(
        'Nada foi alterado',
      );
    }
  });

  it.each([
    [
      'BOOKING_NOT_CANCELLABLE' as const,
      'Nada foi alterado: a reserva e os bilhetes continuam como estavam.',
      'Nothing was changed: the booking and its tickets are as they were.',
    ],
    [
      'ACCOUNT_DIRECTORY_UNREACHABLE' as const,
      'Nenhuma conta foi criada e nenhuma sessão foi aberta.',
      'No account was created and no session was opened.',
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
        `comando com --key ${IDEMPOTENCY_KEY}, neste ou em outro nó: a mesma chave nunca ` +
        'compra duas vezes e, se a compra já foi feita, devolve a mesma reserva.',
    );
  });

  it('names the node to retry on', () => {
    const context: FailureContext = {
      ...purchaseCommand,
      nodeTarget: { address: '127.0.0.1:4322', option: ' --node 127.0.0.1:4322' },
    };

    expect(failureHint(timeout, english, context)).toBe(
      'The reply to the purchase did not arrive, so it may or may not have gone through. Run ' +
        `the same command again with --key ${IDEMPOTENCY_KEY}, on node 127.0.0.1:4322 or ` +
        'another one: the same key never buys twice, and if the purchase went through it ' +
        'returns the same booking.',
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
      'Na nova busca, escolha um itinerário sem IP 3310 ou compre para menos passageiros.',
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
