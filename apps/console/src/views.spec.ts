import { stripVTControlCharacters } from 'node:util';

import { createView } from './commands';
import {
  renderAirports,
  renderError,
  renderFlights,
  renderItineraries,
  renderLoggedIn,
} from './views';
import {
  AIRPORTS_RESPONSE,
  EMPTY_SEARCH_RESPONSE,
  FLIGHTS_RESPONSE,
  FOR_CWB_LEG,
  LOG_IN_RESPONSE,
  SEARCH_RESPONSE,
  SSA_BEL_THREE_LEGS,
  SSA_FOR_LEG,
  SSA_MAO,
  TOKEN,
  UNSELLABLE_SEARCH_RESPONSE,
} from './testing/fixtures';

const plainPortuguese = createView({ lang: 'pt-BR', color: false });
const plainEnglish = createView({ lang: 'en', color: false });

// ANSI SGR codes that node:util styleText emits for these colours.
const CYAN = '\u001b[36m';
const YELLOW = '\u001b[33m';
const GREEN = '\u001b[32m';
const DIM = '\u001b[2m';

// SSA_MAO, the first flight of FLIGHTS_RESPONSE, departs at 13:05 UTC on 12 March 2026.
const BEFORE_DEPARTURES = new Date('2026-03-12T12:00:00Z');
const AFTER_FIRST_DEPARTURE = new Date('2026-03-12T15:00:00Z');

describe('renderFlights', () => {
  const lines = renderFlights(FLIGHTS_RESPONSE, plainPortuguese, BEFORE_DEPARTURES).split('\n');

  it('starts with airline and date', () => {
    expect(lines[0]).toBe('Voos da Jangada Linhas Aéreas em quinta-feira, 12 de março de 2026');
  });

  it('lays out the header', () => {
    expect(lines[1]).toMatch(
      /^Voo +Companhia +De +Partida +Para +Chegada +Duração +Assentos +Tarifa$/,
    );
  });

  it('shows local times in each zone', () => {
    expect(lines[3]).toContain('SSA  10:05 BRT');
    expect(lines[3]).toContain('MAO   12:50 AMT');
  });

  it('shows duration, seats and fare', () => {
    expect(lines[3]).toMatch(/3h45 +42 +R\$\u00a01\.234,56$/);
  });

  it('adds the airline code to a bare number', () => {
    expect(lines[4].startsWith('JG 2291 ')).toBe(true);
  });

  it('marks next-day arrival and sold out', () => {
    expect(lines[4]).toContain('04:20 BRT +1');
    expect(lines[4]).toContain('esgotado');
  });

  it('ends with the time zone note', () => {
    expect(lines[5]).toBe('Horários no fuso de cada aeroporto. +1 indica chegada no dia seguinte.');
  });

  it('reports no flights', () => {
    const text = renderFlights(
      { ...FLIGHTS_RESPONSE, flights: [] },
      plainEnglish,
      BEFORE_DEPARTURES,
    );

    expect(text.split('\n')[1]).toBe('No flights found for this date and route.');
  });

  it('colours JG names cyan', () => {
    const text = renderFlights(
      FLIGHTS_RESPONSE,
      createView({ lang: 'en', color: true }),
      BEFORE_DEPARTURES,
    );

    expect(text).toContain(`${CYAN}Jangada Linhas Aéreas`);
  });

  it('aligns columns with colour on', () => {
    const colored = renderFlights(
      FLIGHTS_RESPONSE,
      createView({ lang: 'en', color: true }),
      AFTER_FIRST_DEPARTURE,
    );
    const plain = renderFlights(FLIGHTS_RESPONSE, plainEnglish, AFTER_FIRST_DEPARTURE);

    expect(stripVTControlCharacters(colored)).toBe(plain);
  });
});

describe('renderFlights departed', () => {
  const lines = renderFlights(FLIGHTS_RESPONSE, plainPortuguese, AFTER_FIRST_DEPARTURE).split('\n');

  it('marks a departed flight', () => {
    expect(lines[3]).toMatch(/3h45 +partiu +R\$\u00a01\.234,56$/);
  });

  it('keeps a later flight', () => {
    expect(lines[4]).toContain('esgotado');
  });

  it('marks a flight departing now', () => {
    const atDeparture = new Date(SSA_MAO.departureAt);
    const text = renderFlights(FLIGHTS_RESPONSE, plainEnglish, atDeparture);

    expect(text.split('\n')[3]).toContain(' departed ');
  });
});

describe('renderItineraries', () => {
  const lines = renderItineraries(SEARCH_RESPONSE, plainPortuguese).split('\n');

  it('starts with route, date and passengers', () => {
    expect(lines[0]).toBe(
      '1 itinerário de SSA para BEL em sexta-feira, 4 de dezembro de 2026, 2 passageiros',
    );
    expect(lines[1]).toBe('');
  });

  it('summarises times, stops and fares', () => {
    expect(lines[2]).toBe(
      '1) 07:10 BRT → 00:25 BRT +1 · 17h15 · 2 conexões · ' +
        'R$\u00a01.369,30 por passageiro, R$\u00a02.738,60 no total',
    );
  });

  it('indents the leg table under the summary', () => {
    expect(lines[3]).toMatch(/^ {3}Voo +Companhia +De +Partida +Para +Chegada +Duração +Assentos$/);
    expect(lines[4]).toMatch(/^ {3}─+/);
  });

  it('shows each leg in local times', () => {
    expect(lines[5]).toMatch(
      /^ {3}JG 1402 +Jangada Linhas Aéreas +SSA +07:10 BRT +FOR +09:05 BRT +1h55 +12$/,
    );
    expect(lines[7]).toMatch(
      /^ {3}IP 3310 +Ipê Linhas Aéreas +FOR +10:05 BRT +CWB +14:20 BRT +4h15 +8$/,
    );
    expect(lines[9]).toMatch(
      /^ {3}RC 4825 +Araucária Linhas Aéreas +CWB +20:10 BRT +BEL +00:25 BRT \+1 +4h15 +30$/,
    );
  });

  it('puts layovers between legs', () => {
    expect(lines[6]).toBe('     conexão em FOR: 1h00');
    expect(lines[8]).toBe('     conexão em CWB: 5h50');
  });

  it('ends with the time zone note', () => {
    expect(lines.slice(-2)).toEqual([
      '',
      'Horários no fuso de cada aeroporto. +1 indica chegada no dia seguinte.',
    ]);
  });

  it('renders English stops and fares', () => {
    const english = renderItineraries(SEARCH_RESPONSE, plainEnglish).split('\n');

    expect(english[0]).toBe('1 itinerary from SSA to BEL on Friday, 4 December 2026, 2 passengers');
    expect(english[2]).toBe(
      '1) 07:10 GMT-3 → 00:25 GMT-3 +1 · 17h15 · 2 stops · ' +
        'R$1,369.30 per passenger, R$2,738.60 in total',
    );
    expect(english[6]).toBe('     layover in FOR: 1h00');
    expect(english[8]).toBe('     layover in CWB: 5h50');
  });

  it('reads the summary in both zones', () => {
    const direct = {
      ...SEARCH_RESPONSE,
      passengers: 1,
      itineraries: [
        {
          legs: [{ ...SSA_MAO, sellable: true }],
          departureAt: SSA_MAO.departureAt,
          arrivalAt: SSA_MAO.arrivalAt,
          fareCentsPerPassenger: SSA_MAO.fareCents,
          totalFareCents: SSA_MAO.fareCents,
          layoverMinutes: [],
          sellable: true,
        },
      ],
    };
    const text = renderItineraries(direct, plainEnglish);

    expect(text.split('\n')[2]).toBe(
      '1) 10:05 GMT-3 → 12:50 GMT-4 · 3h45 · nonstop · R$1,234.56 per passenger',
    );
  });

  it('numbers each itinerary', () => {
    const two = {
      ...SEARCH_RESPONSE,
      itineraries: [SSA_BEL_THREE_LEGS, SSA_BEL_THREE_LEGS],
    };
    const text = renderItineraries(two, plainPortuguese);

    expect(text.split('\n')[0]).toMatch(/^2 itinerários de SSA para BEL/);
    expect(text).toContain('\n\n2) 07:10 BRT → 00:25 BRT +1 · 17h15 · 2 conexões');
  });

  it('names both airports of a change', () => {
    const itinerary = {
      ...SSA_BEL_THREE_LEGS,
      legs: [
        { ...SSA_FOR_LEG, destination: 'GIG' },
        { ...FOR_CWB_LEG, origin: 'SDU' },
      ],
      layoverMinutes: [60],
    };
    const text = renderItineraries(
      { ...SEARCH_RESPONSE, itineraries: [itinerary] },
      plainPortuguese,
    );

    expect(text).toContain('conexão em GIG → SDU: 1h00');
  });

  it('colours each airline', () => {
    const text = renderItineraries(SEARCH_RESPONSE, createView({ lang: 'pt-BR', color: true }));

    expect(text).toContain(`${CYAN}Jangada Linhas Aéreas`);
    expect(text).toContain(`${YELLOW}Ipê Linhas Aéreas`);
    expect(text).toContain(`${GREEN}Araucária Linhas Aéreas`);
  });

  it('aligns columns with colour on', () => {
    const colored = renderItineraries(SEARCH_RESPONSE, createView({ lang: 'en', color: true }));
    const plain = renderItineraries(SEARCH_RESPONSE, plainEnglish);

    expect(stripVTControlCharacters(colored)).toBe(plain);
  });
});

describe('renderItineraries not for sale', () => {
  const lines = renderItineraries(UNSELLABLE_SEARCH_RESPONSE, plainPortuguese).split('\n');

  it('names the unreachable airline', () => {
    expect(lines[1]).toBe(
      'Companhia inacessível agora: Ipê Linhas Aéreas (IP). ' +
        'Os voos dela aparecem, mas não estão à venda.',
    );
  });

  it('flags the itinerary', () => {
    expect(lines[3]).toBe(
      '1) 07:10 BRT → 15:10 BRT · 8h00 · 1 conexão · R$\u00a0834,90 por passageiro · ' +
        'não vendável agora',
    );
  });

  it('marks only the unsellable leg', () => {
    expect(lines[6]).toMatch(/^ {3}JG 1402 .* 12$/);
    expect(lines[7]).toBe('     conexão em FOR: 3h25');
    expect(lines[8]).toMatch(/^ {3}IP 3318 +Ipê Linhas Aéreas +FOR +12:30 BRT .* indisponível$/);
  });

  it('marks it in English', () => {
    const text = renderItineraries(UNSELLABLE_SEARCH_RESPONSE, plainEnglish);

    expect(text).toContain(' · not for sale now');
    expect(text).toMatch(/IP 3318 .* unavailable\n/);
    expect(text).toContain('Airline unreachable now: Ipê Linhas Aéreas (IP).');
  });
});

describe('renderItineraries empty', () => {
  it('says where the timetable ends', () => {
    const text = renderItineraries(
      { ...SEARCH_RESPONSE, date: '2027-03-01', itineraries: [] },
      plainPortuguese,
    );
    expect(text).toContain('Os horários publicados vão até');
    expect(text).not.toContain('Tente outra data.');
  });

  it('nonstop limit has its own hint', () => {
    const text = renderItineraries({ ...SEARCH_RESPONSE, itineraries: [] }, plainEnglish, {
      maxLegs: 1,
    });
    expect(text).toContain('The search allowed nonstop flights only.');
  });

  it('suggests another date', () => {
    expect(renderItineraries(EMPTY_SEARCH_RESPONSE, plainPortuguese).split('\n')).toEqual([
      'Nenhum itinerário de SSA para BEL em sexta-feira, 4 de dezembro de 2026, 1 passageiro.',
      'Tente outra data.',
    ]);
  });

  it('suggests more legs after a limit', () => {
    const text = renderItineraries(EMPTY_SEARCH_RESPONSE, plainEnglish, { maxLegs: 2 });

    expect(text.split('\n')).toEqual([
      'No itineraries from SSA to BEL on Friday, 4 December 2026, 1 passenger.',
      'The search allowed at most 2 legs. Try another date or a higher --max-legs (up to 4).',
    ]);
  });

  it('does not suggest past the maximum', () => {
    const text = renderItineraries(EMPTY_SEARCH_RESPONSE, plainEnglish, { maxLegs: 4 });

    expect(text.split('\n')[1]).toBe('Try another date.');
  });

  it('still names unreachable airlines', () => {
    const response = { ...UNSELLABLE_SEARCH_RESPONSE, itineraries: [] };
    const lines = renderItineraries(response, plainEnglish).split('\n');

    expect(lines[1]).toMatch(/^Airline unreachable now: Ipê Linhas Aéreas \(IP\)\./);
    expect(lines[2]).toBe('Try another date.');
  });
});

describe('renderAirports', () => {
  it('lists airports with a count', () => {
    const lines = renderAirports(AIRPORTS_RESPONSE, plainEnglish).split('\n');

    expect(lines[0]).toMatch(/^IATA +Airport +City +State +Time zone +Served$/);
    expect(lines[2]).toMatch(
      /^SSA +Aeroporto Internacional de Salvador +Salvador +BA +America\/Bahia +yes$/,
    );
    expect(lines[3]).toMatch(/ +no$/);
    expect(lines[4]).toBe('2 airports');
  });

  it('reports no airports', () => {
    expect(renderAirports({ airports: [] }, plainPortuguese)).toBe('Nenhum aeroporto encontrado.');
  });
});

describe('renderLoggedIn', () => {
  const defaultNode = { address: '127.0.0.1:4321', option: '' };
  const otherNode = { address: '127.0.0.1:4322', option: ' --node 127.0.0.1:4322' };

  it('shows the token and its use', () => {
    const text = renderLoggedIn(
      LOG_IN_RESPONSE,
      { ...plainPortuguese, timeZone: 'America/Sao_Paulo' },
      defaultNode,
    );

    expect(text).toContain('A sessão vale até 12/03/2026, 18:00 BRT.');
    expect(text.split('\n')).toContain(TOKEN);
    expect(text).toContain(`export INTERLINE_TOKEN='${TOKEN}'`);
    expect(text.split('\n')).toContain('  npm run console -- logout');
    expect(text).not.toContain('--node');
  });

  it('adds --node for another node', () => {
    const lines = renderLoggedIn(LOG_IN_RESPONSE, plainEnglish, otherNode).split('\n');

    expect(lines).toContain('  npm run console -- logout --node 127.0.0.1:4322');
    expect(lines.at(-1)).toBe(
      'The session works only on node 127.0.0.1:4322, so the commands that use the token ' +
        'need --node 127.0.0.1:4322.',
    );
  });

  it('hides the token in interactive mode', () => {
    expect(renderLoggedIn(LOG_IN_RESPONSE, plainPortuguese)).not.toContain(TOKEN);
  });

  it('shows expiry in Brasília time', () => {
    const text = renderLoggedIn(LOG_IN_RESPONSE, plainPortuguese);

    expect(text).toContain('A sessão vale até 12/03/2026, 18:00 BRT.');
  });

  it('spells the month in English', () => {
    const text = renderLoggedIn(LOG_IN_RESPONSE, plainEnglish);

    expect(text).toContain('The session is valid until 12 Mar 2026, 18:00 BRT.');
  });
});

describe('renderError', () => {
  const document = {
    code: 'INVALID_REQUEST',
    message: 'A requisição tem campos inválidos.',
    violations: [
      { field: 'email', value: 'maria@', message: 'Informe um e-mail válido.' },
      { field: 'password', message: 'A senha deve ter pelo menos 10 caracteres.' },
    ],
  };

  it('lists one violation per line', () => {
    expect(renderError(document, plainPortuguese).split('\n')).toEqual([
      'A requisição tem campos inválidos. [INVALID_REQUEST]',
      '  - email: Informe um e-mail válido.',
      '  - password: A senha deve ter pelo menos 10 caracteres.',
    ]);
  });

  it('does not repeat a field prefix', () => {
    const text = renderError(
      {
        code: 'INVALID_REQUEST',
        message: 'Invalid request.',
        violations: [{ field: 'name', message: 'name: must not be empty' }],
      },
      plainEnglish,
    );

    expect(text.split('\n')[1]).toBe('  - name: must not be empty');
  });

  it('shows the code dim', () => {
    const text = renderError(document, createView({ lang: 'pt-BR', color: true }));

    expect(text).toContain(`${DIM}[INVALID_REQUEST]`);
  });

  it('adds the retry delay', () => {
    const text = renderError(
      { code: 'TOO_MANY_ATTEMPTS', message: 'Too many attempts.', retryAfterSeconds: 30 },
      plainEnglish,
    );

    expect(text.split('\n')[1]).toBe('Wait 30 s before trying again.');
  });

  it('gives the retry delay once', () => {
    const text = renderError(
      {
        code: 'TOO_MANY_ATTEMPTS',
        message: 'Muitas tentativas de entrada com este e-mail. Aguarde 1 s e tente de novo.',
        retryAfterSeconds: 1,
      },
      plainPortuguese,
    );

    expect(text.split('\n')).toEqual([
      'Muitas tentativas de entrada com este e-mail. Aguarde 1 s e tente de novo. [TOO_MANY_ATTEMPTS]',
    ]);
  });

  it('adds a delay the message lacks', () => {
    const text = renderError(
      { code: 'TOO_MANY_ATTEMPTS', message: 'Wait 15 s and try again.', retryAfterSeconds: 5 },
      plainEnglish,
    );

    expect(text.split('\n')[1]).toBe('Wait 5 s before trying again.');
  });
});
