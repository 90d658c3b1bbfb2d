import { indexAirportsByIata, loadBrazilianAirports } from '../catalog/airport-catalog';
import {
  DEMO_AIRLINES,
  DEMO_TIMETABLE,
  REFERENCE_LEGS,
  TimetableEntry,
  addDays,
  entriesForAirline,
  expandTimetable,
  greatCircleKm,
  isoWeekday,
  localDateIn,
  localTimeIn,
  zonedTimeToInstant,
} from './timetable';

const airports = indexAirportsByIata(loadBrazilianAirports());

const FIRST_DATE = '2026-03-02';
const DAYS = 30;
const MINUTE_MS = 60_000;

function entry(overrides: Partial<TimetableEntry> = {}): TimetableEntry {
  return {
    airline: 'JG',
    flightNumber: '1001',
    origin: 'SSA',
    destination: 'FOR',
    departureLocal: '06:10',
    blockMinutes: 105,
    capacity: 100,
    fareCents: 48900,
    daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
    ...overrides,
  };
}

function distanceKm(timetableEntry: TimetableEntry): number {
  return greatCircleKm(
    airports.get(timetableEntry.origin)!,
    airports.get(timetableEntry.destination)!,
  );
}

/** Checks for a non-empty, strictly ascending list of ISO weekdays 1 to 7. */
function isAscendingWeekdayList(days: readonly number[]): boolean {
  if (days.length === 0) {
    return false;
  }
  let previous = 0;
  for (const day of days) {
    if (!Number.isInteger(day) || day <= previous || day > 7) {
      return false;
    }
    previous = day;
  }
  return true;
}

function zoneOf(iata: string): string {
  return airports.get(iata)!.timeZone;
}

describe('DEMO_AIRLINES', () => {
  it('lists the three airlines in order', () => {
    expect(DEMO_AIRLINES).toEqual([
      { code: 'JG', name: 'Jangada Linhas Aéreas', hub: 'FOR', color: 'cyan' },
      { code: 'IP', name: 'Ipê Linhas Aéreas', hub: 'BSB', color: 'yellow' },
      { code: 'RC', name: 'Araucária Linhas Aéreas', hub: 'CWB', color: 'green' },
    ]);
  });

  it('sells reference legs at their promotional fares', () => {
    for (const leg of REFERENCE_LEGS) {
      const line = DEMO_TIMETABLE.find(
        (entry) => entry.airline === leg.airline && entry.flightNumber === leg.flightNumber,
      );
      expect(line?.fareCents).toBe(leg.fareCents);
    }
  });

  it('promotional fares undercut the regular ones', () => {
    const regular = (airline: string, origin: string, destination: string) =>
      DEMO_TIMETABLE.filter(
        (line) =>
          line.airline === airline && line.origin === origin && line.destination === destination,
      )
        .filter(
          (line) =>
            !REFERENCE_LEGS.some(
              (leg) => leg.flightNumber === line.flightNumber && leg.airline === airline,
            ),
        )
        .map((line) => line.fareCents);
    const [ssaFor, forCwb, cwbBel] = REFERENCE_LEGS.map((leg) => leg.fareCents);
    expect(ssaFor).toBeLessThan(Math.min(...regular('JG', 'SSA', 'FOR')));
    expect(forCwb + cwbBel).toBeLessThan(Math.min(...regular('JG', 'FOR', 'BEL')));
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEMO_AIRLINES)).toBe(true);
    expect(Object.isFrozen(DEMO_AIRLINES[0])).toBe(true);
  });
});

describe('DEMO_TIMETABLE', () => {
  const flights = expandTimetable(DEMO_TIMETABLE, airports, FIRST_DATE, DAYS);
  const airlineCodes = DEMO_AIRLINES.map((airline) => airline.code);

  it('has at least 150 flights daily', () => {
    const perDay = Array.from({ length: DAYS }, (_, offset) => {
      const date = addDays(FIRST_DATE, offset);
      return { date, flights: flights.filter((flight) => flight.serviceDate === date).length };
    });
    expect(perDay.filter((day) => day.flights < 150)).toEqual([]);
  });

  it('serves at least 25 catalogued airports', () => {
    const served = new Set(DEMO_TIMETABLE.flatMap((line) => [line.origin, line.destination]));
    expect(served.size).toBeGreaterThanOrEqual(25);
    expect([...served].filter((iata) => !airports.has(iata))).toEqual([]);
  });

  it('flies from every hub', () => {
    const withoutHubFlights = DEMO_AIRLINES.filter(
      (airline) => !entriesForAirline(airline.code).some((line) => line.origin === airline.hub),
    );
    expect(withoutHubFlights).toEqual([]);
  });

  it('belongs to the demo airlines only', () => {
    const foreign = DEMO_TIMETABLE.filter((line) => !airlineCodes.includes(line.airline));
    expect(foreign).toEqual([]);
  });

  it('has unique four-digit numbers per airline', () => {
    for (const code of airlineCodes) {
      const numbers = entriesForAirline(code).map((line) => line.flightNumber);
      expect(numbers.length).toBeGreaterThan(0);
      expect(numbers.filter((number) => !/^\d{4}$/.test(number))).toEqual([]);
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });

  it('has no duplicate flight ids', () => {
    const ids = flights.map((flight) => flight.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('departs between 05:30 and 23:30', () => {
    const outside = DEMO_TIMETABLE.filter(
      (line) => line.departureLocal < '05:30' || line.departureLocal > '23:30',
    );
    expect(outside).toEqual([]);
  });

  it('uses valid ISO weekdays', () => {
    const invalid = DEMO_TIMETABLE.filter((line) => !isAscendingWeekdayList(line.daysOfWeek));
    expect(invalid).toEqual([]);
  });

  it('keeps block times plausible', () => {
    // Faster than 900 km/h plus 15 minutes on the ground is too short, and slower than
    // 500 km/h plus an hour is too long for a jet on a direct flight.
    const tooShort = DEMO_TIMETABLE.filter(
      (line) => line.blockMinutes < (distanceKm(line) / 900) * 60 + 15,
    );
    const tooLong = DEMO_TIMETABLE.filter(
      (line) => line.blockMinutes > (distanceKm(line) / 500) * 60 + 60,
    );
    expect(tooShort).toEqual([]);
    expect(tooLong).toEqual([]);
  });

  it('has positive integer fares and capacities', () => {
    const badFares = DEMO_TIMETABLE.filter(
      (line) => !Number.isInteger(line.fareCents) || line.fareCents <= 0,
    );
    const badCapacities = DEMO_TIMETABLE.filter(
      (line) => !Number.isInteger(line.capacity) || line.capacity <= 0,
    );
    expect(badFares).toEqual([]);
    expect(badCapacities).toEqual([]);
  });

  it('prices fares in whole reais', () => {
    expect(DEMO_TIMETABLE.filter((line) => line.fareCents % 100 !== 0)).toEqual([]);
  });

  it('raises fares with distance', () => {
    // The reference legs carry promotional fares and are checked separately below.
    const isReference = (line: TimetableEntry) =>
      REFERENCE_LEGS.some(
        (leg) => leg.airline === line.airline && leg.flightNumber === line.flightNumber,
      );
    for (const code of airlineCodes) {
      const lines = entriesForAirline(code).filter((line) => !isReference(line));
      const cheaperLonger: string[] = [];
      const notDearerAtDouble: string[] = [];

      for (const longer of lines) {
        for (const shorter of lines) {
          const longerKm = distanceKm(longer);
          const shorterKm = distanceKm(shorter);
          const pair = `${code}${longer.flightNumber} vs ${code}${shorter.flightNumber}`;
          if (longerKm > shorterKm && longer.fareCents < shorter.fareCents) {
            cheaperLonger.push(pair);
          }
          if (longerKm >= 2 * shorterKm && longer.fareCents <= shorter.fareCents) {
            notDearerAtDouble.push(pair);
          }
        }
      }
      expect(cheaperLonger).toEqual([]);
      expect(notDearerAtDouble).toEqual([]);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEMO_TIMETABLE)).toBe(true);
    expect(Object.isFrozen(DEMO_TIMETABLE[0])).toBe(true);
    expect(Object.isFrozen(DEMO_TIMETABLE[0].daysOfWeek)).toBe(true);
  });
});

describe('entriesForAirline', () => {
  it('returns only that airline', () => {
    for (const airline of DEMO_AIRLINES) {
      const others = entriesForAirline(airline.code).filter(
        (line) => line.airline !== airline.code,
      );
      expect(others).toEqual([]);
    }
  });

  it('returns nothing for unknown code', () => {
    expect(entriesForAirline('ZZ')).toEqual([]);
  });
});

describe('REFERENCE_LEGS', () => {
  // A Monday, a Saturday, a Sunday and a date in the southern winter.
  const dates = ['2026-03-02', '2026-03-07', '2026-12-06', '2027-07-15'];

  it('names SSA-FOR-CWB-BEL', () => {
    expect(
      REFERENCE_LEGS.map((leg) => [leg.airline, leg.origin, leg.destination, leg.capacity]),
    ).toEqual([
      ['JG', 'SSA', 'FOR', 100],
      ['IP', 'FOR', 'CWB', 150],
      ['RC', 'CWB', 'BEL', 150],
    ]);
  });

  it('matches daily timetable entries', () => {
    for (const leg of REFERENCE_LEGS) {
      const line = DEMO_TIMETABLE.find(
        (candidate) =>
          candidate.airline === leg.airline && candidate.flightNumber === leg.flightNumber,
      );
      expect(line).toMatchObject({
        origin: leg.origin,
        destination: leg.destination,
        capacity: leg.capacity,
        daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
      });
    }
  });

  it.each(dates)('connects on %s', (date) => {
    const flights = expandTimetable(DEMO_TIMETABLE, airports, date, 1);
    const chain = REFERENCE_LEGS.map((leg) =>
      flights.find(
        (flight) => flight.id === `${leg.airline}${leg.flightNumber}-${date.replaceAll('-', '')}`,
      ),
    );

    for (const [index, leg] of REFERENCE_LEGS.entries()) {
      const flight = chain[index];
      expect(flight).toMatchObject({
        origin: leg.origin,
        destination: leg.destination,
        capacity: leg.capacity,
      });
      expect(localDateIn(zoneOf(leg.origin), flight!.departureAt)).toBe(date);
      expect(localDateIn(zoneOf(leg.destination), flight!.arrivalAt)).toBe(date);
    }
    for (let index = 1; index < chain.length; index += 1) {
      const connectionMinutes =
        (chain[index]!.departureAt - chain[index - 1]!.arrivalAt) / MINUTE_MS;
      expect(connectionMinutes).toBeGreaterThanOrEqual(45);
    }
  });
});

describe('expandTimetable', () => {
  it('builds ids from airline, number and date', () => {
    const [flight] = expandTimetable([entry()], airports, '2026-12-05', 1);
    expect(flight.id).toBe('JG1001-20261205');
    expect(flight.serviceDate).toBe('2026-12-05');
  });

  it('departs in the origin zone', () => {
    // Manaus is UTC-4 all year, so 06:00 there is 10:00 UTC.
    const [flight] = expandTimetable(
      [entry({ origin: 'MAO', destination: 'BSB', departureLocal: '06:00', blockMinutes: 180 })],
      airports,
      '2026-12-05',
      1,
    );
    expect(flight.departureAt).toBe(Date.parse('2026-12-05T10:00:00Z'));
    expect(flight.arrivalAt).toBe(Date.parse('2026-12-05T13:00:00Z'));
  });

  it('copies entry fields', () => {
    const [flight] = expandTimetable([entry()], airports, '2026-12-05', 1);
    expect(flight).toMatchObject({
      airlineCode: 'JG',
      flightNumber: '1001',
      origin: 'SSA',
      destination: 'FOR',
      capacity: 100,
      fareCents: 48900,
    });
  });

  it('follows daysOfWeek', () => {
    // 2026-03-02 is a Monday, so Saturday and Sunday are the 7th and 8th.
    const flights = expandTimetable([entry({ daysOfWeek: [6, 7] })], airports, '2026-03-02', 7);
    expect(flights.map((flight) => flight.serviceDate)).toEqual(['2026-03-07', '2026-03-08']);
  });

  it('returns nothing for zero days', () => {
    expect(expandTimetable([entry()], airports, '2026-03-02', 0)).toEqual([]);
  });

  it('sorts by departure', () => {
    const flights = expandTimetable(DEMO_TIMETABLE, airports, '2026-03-02', 2);
    const departures = flights.map((flight) => flight.departureAt);
    expect(departures).toEqual([...departures].sort((a, b) => a - b));
  });

  it('rejects unknown origin', () => {
    const expand = () => expandTimetable([entry({ origin: 'XQZ' })], airports, '2026-03-02', 1);
    expect(expand).toThrow(/JG1001/);
    expect(expand).toThrow(/origin airport XQZ is not in the airport catalogue/);
  });

  it('rejects unknown destination', () => {
    const expand = () =>
      expandTimetable([entry({ destination: 'XQZ' })], airports, '2026-03-02', 1);
    expect(expand).toThrow(/destination airport XQZ/);
  });

  it('rejects unknown airport on skipped days', () => {
    const expand = () =>
      expandTimetable([entry({ origin: 'XQZ', daysOfWeek: [7] })], airports, '2026-03-02', 1);
    expect(expand).toThrow(/XQZ/);
  });

  it('rejects invalid first date', () => {
    expect(() => expandTimetable([entry()], airports, '2026-02-30', 1)).toThrow(
      /Invalid date "2026-02-30"/,
    );
  });

  it('rejects invalid day count', () => {
    expect(() => expandTimetable([entry()], airports, '2026-03-02', -1)).toThrow(
      /Invalid day count -1/,
    );
    expect(() => expandTimetable([entry()], airports, '2026-03-02', 1.5)).toThrow(
      /Invalid day count 1.5/,
    );
  });

  it('rejects invalid departure time', () => {
    const expand = () =>
      expandTimetable([entry({ departureLocal: '6:10' })], airports, '2026-03-02', 1);
    expect(expand).toThrow(/Invalid time "6:10"/);
  });

  it('is deterministic', () => {
    const first = expandTimetable(DEMO_TIMETABLE, airports, FIRST_DATE, 7);
    const second = expandTimetable(DEMO_TIMETABLE, airports, FIRST_DATE, 7);
    expect(second).toEqual(first);
  });
});

describe('zonedTimeToInstant', () => {
  it('converts Sao Paulo time', () => {
    expect(zonedTimeToInstant('2026-12-05', '06:10', 'America/Sao_Paulo')).toBe(
      Date.parse('2026-12-05T09:10:00Z'),
    );
  });

  it('converts Manaus time', () => {
    expect(zonedTimeToInstant('2026-12-05', '06:10', 'America/Manaus')).toBe(
      Date.parse('2026-12-05T10:10:00Z'),
    );
  });

  it('follows New York daylight saving', () => {
    expect(zonedTimeToInstant('2026-01-15', '12:00', 'America/New_York')).toBe(
      Date.parse('2026-01-15T17:00:00Z'),
    );
    expect(zonedTimeToInstant('2026-07-15', '12:00', 'America/New_York')).toBe(
      Date.parse('2026-07-15T16:00:00Z'),
    );
  });

  it('moves a skipped time forward', () => {
    // New York skipped 02:00-03:00 on 2026-03-08, so 02:30 is read as 03:30 EDT.
    expect(zonedTimeToInstant('2026-03-08', '02:30', 'America/New_York')).toBe(
      Date.parse('2026-03-08T07:30:00Z'),
    );
    // Sao Paulo skipped midnight to 01:00 on 2018-11-04, its last start of daylight saving.
    expect(zonedTimeToInstant('2018-11-04', '00:30', 'America/Sao_Paulo')).toBe(
      Date.parse('2018-11-04T03:30:00Z'),
    );
  });

  it('takes the earlier repeated time', () => {
    // New York repeated 01:00-02:00 on 2026-11-01, first in EDT (UTC-4).
    expect(zonedTimeToInstant('2026-11-01', '01:30', 'America/New_York')).toBe(
      Date.parse('2026-11-01T05:30:00Z'),
    );
  });

  it.each([['America/Sao_Paulo'], ['America/Manaus'], ['America/New_York']])(
    'round-trips in %s',
    (timeZone) => {
      const dates = ['2026-01-15', '2026-03-08', '2026-07-15', '2026-11-01', '2026-12-31'];
      const times = ['00:00', '06:10', '12:00', '23:59'];
      for (const date of dates) {
        for (const time of times) {
          const instant = zonedTimeToInstant(date, time, timeZone);
          expect(`${localDateIn(timeZone, instant)} ${localTimeIn(timeZone, instant)}`).toBe(
            `${date} ${time}`,
          );
        }
      }
    },
  );

  it('rejects unknown zone', () => {
    expect(() => zonedTimeToInstant('2026-12-05', '06:10', 'America/Atlantis')).toThrow(RangeError);
  });

  it('rejects invalid input', () => {
    expect(() => zonedTimeToInstant('2026-13-01', '06:10', 'UTC')).toThrow(/Invalid date/);
    expect(() => zonedTimeToInstant('0099-01-01', '06:10', 'UTC')).toThrow(/Invalid date/);
    expect(() => zonedTimeToInstant('2026-12-05', '24:00', 'UTC')).toThrow(/Invalid time/);
  });
});

describe('localDateIn', () => {
  it('uses the zone calendar', () => {
    const instant = Date.parse('2026-12-05T02:00:00Z');
    expect(localDateIn('UTC', instant)).toBe('2026-12-05');
    expect(localDateIn('America/Sao_Paulo', instant)).toBe('2026-12-04');
  });
});

describe('addDays', () => {
  it('crosses month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('handles leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });

  it('goes back with negative days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('rejects fractional days', () => {
    expect(() => addDays('2026-03-01', 0.5)).toThrow(/Invalid day count/);
  });
});

describe('isoWeekday', () => {
  it('numbers Monday 1 and Sunday 7', () => {
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
  });
});

describe('greatCircleKm', () => {
  it('returns zero for one point', () => {
    expect(
      greatCircleKm({ latitude: -3.7, longitude: -38.5 }, { latitude: -3.7, longitude: -38.5 }),
    ).toBe(0);
  });

  it('measures one degree of meridian', () => {
    // 2 * pi * 6371 km / 360
    expect(greatCircleKm({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(
      111.195,
      3,
    );
  });

  it('is symmetric', () => {
    const salvador = airports.get('SSA')!;
    const fortaleza = airports.get('FOR')!;
    expect(greatCircleKm(salvador, fortaleza)).toBeCloseTo(greatCircleKm(fortaleza, salvador), 9);
  });

  it('measures SSA to FOR', () => {
    const km = greatCircleKm(airports.get('SSA')!, airports.get('FOR')!);
    expect(km).toBeGreaterThan(1000);
    expect(km).toBeLessThan(1030);
  });
});
