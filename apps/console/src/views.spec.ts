import { stripVTControlCharacters } from 'node:util';

import { createView } from './commands';
import { renderAirports, renderError, renderFlights, renderLoggedIn } from './views';
import { AIRPORTS_RESPONSE, FLIGHTS_RESPONSE, LOG_IN_RESPONSE, TOKEN } from './testing/fixtures';

const plainPortuguese = createView({ lang: 'pt-BR', color: false });
const plainEnglish = createView({ lang: 'en', color: false });

// ANSI SGR codes that node:util styleText emits for these colours.
const CYAN = '\u001b[36m';
const DIM = '\u001b[2m';

describe('renderFlights', () => {
  const lines = renderFlights(FLIGHTS_RESPONSE, plainPortuguese).split('\n');

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
    const text = renderFlights({ ...FLIGHTS_RESPONSE, flights: [] }, plainEnglish);

    expect(text.split('\n')[1]).toBe('No flights found for this date and route.');
  });

  it('colours JG names cyan', () => {
    const text = renderFlights(FLIGHTS_RESPONSE, createView({ lang: 'en', color: true }));

    expect(text).toContain(`${CYAN}Jangada Linhas Aéreas`);
  });

  it('aligns columns with colour on', () => {
    const colored = renderFlights(FLIGHTS_RESPONSE, createView({ lang: 'en', color: true }));
    const plain = renderFlights(FLIGHTS_RESPONSE, plainEnglish);

    expect(stripVTControlCharacters(colored)).toBe(plain);
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
  it('shows the token and its use', () => {
    const text = renderLoggedIn(
      LOG_IN_RESPONSE,
      { ...plainPortuguese, timeZone: 'America/Sao_Paulo' },
      true,
    );

    expect(text).toContain('A sessão vale até 12/03/2026, 18:00 BRT.');
    expect(text.split('\n')).toContain(TOKEN);
    expect(text).toContain(`export INTERLINE_TOKEN='${TOKEN}'`);
  });

  it('hides the token in interactive mode', () => {
    expect(renderLoggedIn(LOG_IN_RESPONSE, plainPortuguese, false)).not.toContain(TOKEN);
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
});
